"""Mijn actuele overzicht (DASH-1): the page after signing in. First what waits for the account's
authorisation ("Te autoriseren": service requests and orders, through the approval workflow's own
queries), then the latest few of each kind of record the role may see — purchase orders, rental orders,
quotes, repairs, depot deliveries and relocations — with their cost, date and status.

Each section is one small capped query (two for orders: their latest update) through the rules that
already exist: portal.domain.orders.access for orders, Scope for service requests and quotes, the rights
table for which sections a role has at all. On PostgreSQL the sections run at once, each on a connection
of the pool; SQLite has no pool, so there they run one after another on one connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from portal.db import is_postgres, one_connection
from portal.domain import approval
from portal.domain.orders import access
from portal.domain.orders import authorisation as order_authorisation
from portal.domain.orders import listing as order_listing
from portal.domain.orders.labels import PURCHASE, RENTAL
from portal.domain.quotes import access as quote_access
from portal.domain.quotes import listing as quote_listing
from portal.domain.scope import Scope
from portal.domain.service_requests import authorisation as request_authorisation
from portal.domain.service_requests import listing as request_listing
from portal.domain.service_requests.filters import ACTIONS
from portal.i18n import _, format_money
from portal.listing import Column, Listing, Sort
from portal.money import to_money
from portal.rights import Right, has_right
from portal.tables import Account, Order, Quote, ServiceRequest

SECTION_SIZE = 5  # rows per section: the page is an overview, the full lists are a link away
NEWEST = Sort("nieuwste", descending=True)
DETAILS = _("Bekijk details")


def _compact(listing: Listing, id: str, caption: str, keys: tuple[str, ...], *extra: Column,
             unlinked: tuple[str, ...] = ()) -> Listing:
    """A few columns of a full list as that list declares them (label, link, badge), without sorting:
    the dashboard shows the newest rows only. `unlinked` columns show their text without the link."""
    columns = tuple(replace(column, sort=None, link=None if column.key in unlinked else column.link)
                    for column in listing.columns if column.key in keys)
    return Listing(id=id, caption=caption, columns=columns + extra, default_sort=NEWEST)


ORDER_KEYS = ("number", "created_label", "total_label", "status_label", "update_label", "details_label")
PURCHASE_LISTING = _compact(order_listing.ORDERS_LISTING, "dashboard-purchases", _("Recente kooporders"), ORDER_KEYS)
RENTAL_LISTING = _compact(order_listing.ORDERS_LISTING, "dashboard-rentals", _("Recente huuraanvragen"), ORDER_KEYS)

# The object number without its link: a relocated aid may stand where the account cannot see it now.
REQUEST_KEYS = ("number", "object_number", "kind_label", "status_label", "requested_label", "execution_label")
REQUEST_EXTRA = (
    Column("cost_label", _("Kosten"), nowrap=True),
    Column("details_label", _("Details"), link="actions:show", link_params=(("number", "number"),),
           hidden_label=True),
)


def _request_listing(id: str, caption: str) -> Listing:
    return _compact(request_listing.ACTIONS_LISTING, id, caption, REQUEST_KEYS, *REQUEST_EXTRA,
                    unlinked=("object_number",))


REPAIR_LISTING = _request_listing("dashboard-repairs", _("Recente reparaties"))
DEPOT_LISTING = _request_listing("dashboard-depot", _("Recente depotleveringen"))
RELOCATION_LISTING = _request_listing("dashboard-relocations", _("Recente verplaatsingen"))

QUOTE_KEYS = ("number", "created_label", "reference", "total_label", "status_label", "valid_label", "details_label")
QUOTE_LISTING = _compact(quote_listing.QUOTES_LISTING, "dashboard-quotes", _("Recente offertes"), QUOTE_KEYS)

WAITING_REQUESTS_LISTING = replace(request_authorisation.WAITING_LISTING, id="dashboard-waiting-requests")
WAITING_ORDERS_LISTING = replace(order_authorisation.WAITING_LISTING, id="dashboard-waiting-orders")

# The service kinds of each section (the manual's "reparaties, depotleveringen, verplaatsingen"):
# a depot delivery is an aid taken to the depot or brought back from it.
REPAIRS, DEPOT, RELOCATIONS = ("repair",), ("to_depot", "from_depot"), ("relocation",)


@dataclass
class Section:
    """One block of the page: its rows, and where "Volledig overzicht" leads (a route name and query;
    the web layer writes the link)."""

    id: str
    title: str
    listing: Listing
    full_route: str
    empty: str
    full_query: dict[str, str] = field(default_factory=dict)
    note: str = ""
    waiting: bool = False  # waits for the account's decision: shown first
    rows: list[dict] = field(default_factory=list)


@dataclass
class Dashboard:
    waiting: list[Section]  # what waits for the account's decision: shown first
    recent: list[Section]

    @property
    def sections(self) -> list[Section]:
        return [*self.waiting, *self.recent]

    @property
    def waiting_count(self) -> int:
        return sum(len(section.rows) for section in self.waiting)


async def _orders(account: Account, scope: Scope, kind: str) -> list[dict]:
    """The newest orders of this kind the account sees in Mijn orders, labelled as that list labels them."""
    rows = await Order.select(*order_listing.COLUMNS).where(
        access.visible_where(account, scope) & (Order.kind == kind)
    ).order_by(Order.created_at, Order.id, ascending=False).limit(SECTION_SIZE)
    await order_listing.label(rows)
    return rows


async def _quotes(account: Account, scope: Scope) -> list[dict]:
    """The newest quotes of Mijn offertes, labelled as that list labels them."""
    rows = await Quote.select(
        Quote.number, Quote.status, Quote.reference, Quote.total, Quote.created_at, Quote.valid_until,
    ).where(quote_access.visible_where(account, scope)).order_by(Quote.created_at, Quote.id, ascending=False).limit(
        SECTION_SIZE)
    quote_listing.label(rows)
    return rows


async def _requests(scope: Scope, kinds: tuple[str, ...]) -> list[dict]:
    """The newest requests of these kinds where the aid stood in scope, as Mijn acties shows them (a
    request's id follows its request date), with their cost. One query per kind: each reads the end of
    its own index range (organisation, kind, id); one query for two kinds would sort all of both."""
    rows: list[dict] = []
    for kind in kinds:
        rows += await ServiceRequest.select(
            ServiceRequest.id, ServiceRequest.number, ServiceRequest.kind, ServiceRequest.status,
            ServiceRequest.created_at, ServiceRequest.intended_for, ServiceRequest.cost,
            ServiceRequest.planned_date, ServiceRequest.executed_date,
            ServiceRequest.asset.object_number.as_alias("object_number"),
            ServiceRequest.requester.name.as_alias("requester_name"),
        ).where(
            scope.where(ServiceRequest.organisation, ServiceRequest.location, ServiceRequest.department)
            & (ServiceRequest.kind == kind)
        ).order_by(ServiceRequest.id, ascending=False).limit(SECTION_SIZE)
    rows = sorted(rows, key=lambda row: row["id"], reverse=True)[:SECTION_SIZE]
    for row in rows:
        row["execution_date"] = row["executed_date"] or row["planned_date"]
    request_listing.label(ACTIONS, rows)
    for row in rows:
        row["cost_label"] = format_money(to_money(row["cost"])) if row["cost"] is not None else ""
        row["details_label"] = DETAILS
    return rows


async def dashboard_for(account: Account, scope: Scope) -> Dashboard:
    """Mijn actuele overzicht for this account: only the sections its role has, each from its own rule."""
    role = account.role
    planned: list[tuple[Section, Callable[[], Awaitable[list[dict]]]]] = []
    if has_right(role, Right.AUTHORISE_SERVICES):
        planned.append((Section("wachtende-aanvragen", _("Serviceaanvragen"), WAITING_REQUESTS_LISTING,
                                "actions:to_authorise", _("Er wachten geen serviceaanvragen op uw autorisatie."),
                                waiting=True),
                        lambda: request_authorisation.waiting_rows(account, SECTION_SIZE)))
    if approval.decides_orders(account):
        planned.append((Section("wachtende-orders", _("Orders"), WAITING_ORDERS_LISTING, "actions:to_authorise",
                                _("Er wachten geen orders op uw autorisatie."), waiting=True),
                        lambda: order_authorisation.waiting_rows(account, SECTION_SIZE)))
    if has_right(role, Right.VIEW_ORDERS, Right.VIEW_SERVICE_ORDERS):
        planned.append((Section("kooporders", _("Kooporders"), PURCHASE_LISTING, "orders:list",
                                _("U heeft nog geen kooporders.")),
                        lambda: _orders(account, scope, PURCHASE)))
        planned.append((Section("huuraanvragen", _("Huuraanvragen"), RENTAL_LISTING, "orders:list",
                                _("U heeft nog geen huuraanvragen."), {"page": "rental"}),
                        lambda: _orders(account, scope, RENTAL)))
    if has_right(role, Right.QUOTES):
        planned.append((Section("offertes", _("Offertes"), QUOTE_LISTING, "quotes:list",
                                _("U heeft nog geen offertes aangevraagd.")),
                        lambda: _quotes(account, scope)))
    if has_right(role, Right.VIEW_FLEET):
        for section, kinds in (
            (Section("reparaties", _("Reparaties"), REPAIR_LISTING, "planning:list",
                     _("Er zijn geen reparaties aangevraagd."), {"soort": "repair"}), REPAIRS),
            (Section("depotleveringen", _("Depotleveringen"), DEPOT_LISTING, "planning:list",
                     _("Er zijn geen depotleveringen aangevraagd.")), DEPOT),
            (Section("verplaatsingen", _("Verplaatsingen"), RELOCATION_LISTING, "planning:list",
                     _("Er zijn geen verplaatsingen aangevraagd."), {"soort": "relocation"}), RELOCATIONS),
        ):
            planned.append((section, lambda kinds=kinds: _requests(scope, kinds)))

    if is_postgres():
        loaded = await asyncio.gather(*(load() for _section, load in planned))
    else:
        async with one_connection():
            loaded = [await load() for _section, load in planned]
    for (section, _load), rows in zip(planned, loaded, strict=True):
        section.rows = rows
    sections = [section for section, _load in planned]
    return Dashboard([s for s in sections if s.waiting], [s for s in sections if not s.waiting])
