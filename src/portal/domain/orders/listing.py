"""Mijn orders (SHOP-8): the account's buy and rental orders (portal.domain.orders.access decides which),
filtered by order number, period and buy/rent, newest first, a page at a time; each row with its
reference, total, status and latest update ("Geautoriseerd door …"). The downloads read the same rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from portal.db import one_connection
from portal.domain.orders import access
from portal.domain.orders.labels import ORDER_KIND_LABELS, PURCHASE, RENTAL, status_label
from portal.domain.orders.trail import latest_steps
from portal.domain.parsing import Feedback, clean_line, date_range, first
from portal.domain.scope import Scope
from portal.i18n import TIMEZONE, _, format_day, format_money
from portal.listing import DESKTOP, DOWNLOADS_ONLY, PAGE_PARAM, WIDE, Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.tables import Order

PAGE_SIZE = 25
KINDS = {"koop": PURCHASE, "huur": RENTAL}
KIND_PARAM = "soort"

ORDERS_LISTING = Listing(
    id="orders",
    caption=_("Mijn orders"),
    columns=(
        Column("number", _("Ordernummer"), sort="ordernummer", link="orders:show",
               link_params=(("order_number", "number"),), nowrap=True, width=18),
        Column("created_label", _("Besteldatum"), sort="datum", nowrap=True, width=12),
        Column("kind_label", _("Soort"), priority=DESKTOP, width=8),
        Column("reference", _("Referentie"), width=20),
        Column("total_label", _("Totaal (excl. btw)"), sort="totaal", nowrap=True, export="total", width=14),
        Column("status_label", _("Status"), sort="status", badge="status-badge", badge_key="status", width=22),
        Column("update_label", _("Laatste update"), priority=DESKTOP, width=36),
        Column("location_name", _("Locatie"), priority=WIDE, width=24),
        Column("delivery_label", _("Leverdatum"), priority=WIDE, nowrap=True, width=12),
        Column("details_label", _("Details"), link="orders:show", link_params=(("order_number", "number"),),
               export="", hidden_label=True),
        Column("requested_label", _("Gevraagde afleverdatum"), priority=DOWNLOADS_ONLY, width=14),
    ),
    default_sort=Sort("datum", descending=True),
)
SORT_COLUMNS = {"ordernummer": Order.number, "datum": Order.created_at, "totaal": Order.total, "status": Order.status}


@dataclass(frozen=True)
class OrderFilters:
    number: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""  # "koop" | "huur" | ""
    sort: Sort = ORDERS_LISTING.default_sort
    page: int = 1

    def params(self) -> dict[str, str]:
        """The filters as the list's query (without sort and page)."""
        return {"ordernummer": self.number, "van": self.date_from.isoformat() if self.date_from else "",
                "tot": self.date_to.isoformat() if self.date_to else "", KIND_PARAM: self.kind}

    def query(self) -> dict[str, str]:
        return {**{k: v for k, v in self.params().items() if v}, **ORDERS_LISTING.sort_query(self.sort)}

    @property
    def active_count(self) -> int:
        return sum(1 for value in self.params().values() if value)


@dataclass
class OrderPage:
    total_capped = False  # counted exactly (an account's own; portal.listing.CappedCount)
    filters: OrderFilters
    rows: list[dict]
    total: int
    pager: Pager
    messages: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)


def parse_filters(params: Mapping[str, Any]) -> tuple[OrderFilters, Feedback]:
    """The filters of the URL; what is not valid is left out with a message. The manual's `?page=rental`
    means the rental orders."""
    feedback = Feedback()
    number = access.normalise_number(clean_line(first(params, "ordernummer"), 40))
    start, end = date_range(params, "van", "tot", feedback)
    kind = first(params, KIND_PARAM)
    if first(params, "page") == "rental" and not kind:
        kind = "huur"
    if kind and kind not in KINDS:
        feedback.messages.append(_("Kies koop of huur; er is niet op soort gefilterd."))
        kind = ""
    sort, message = ORDERS_LISTING.parse_sort(first(params, ORDERS_LISTING.sort_param))
    if message:
        feedback.messages.append(message)
    page, _valid = page_number(first(params, PAGE_PARAM))
    return OrderFilters(number, start, end, kind, sort, page), feedback


def number_and_period(condition, number_column, created_column, number: str, date_from: date | None,
                      date_to: date | None):
    """`condition` narrowed to a number containing `number` and made within the period (days in Amsterdam
    time): the filters Mijn orders and Mijn offertes share."""
    if number:
        condition &= number_column.like(f"%{number.replace('%', '').replace('_', '')}%")
    if date_from:
        condition &= created_column >= datetime.combine(date_from, time(), TIMEZONE).astimezone(timezone.utc)
    if date_to:
        condition &= created_column < datetime.combine(date_to + timedelta(days=1), time(), TIMEZONE).astimezone(timezone.utc)
    return condition


def _where(account, scope: Scope, f: OrderFilters):
    condition = number_and_period(access.visible_where(account, scope), Order.number, Order.created_at, f.number,
                                  f.date_from, f.date_to)
    if f.kind:
        condition &= Order.kind == KINDS[f.kind]
    return condition


COLUMNS = (Order.id, Order.number, Order.created_at, Order.kind, Order.reference, Order.total, Order.status,
           Order.delivery_date, Order.requested_delivery_date, Order.location.name.as_alias("location_name"))


def _query(account, scope: Scope, f: OrderFilters):
    column = SORT_COLUMNS[f.sort.key]
    return Order.select(*COLUMNS).where(_where(account, scope, f)).order_by(column, ascending=not f.sort.descending
                                                                            ).order_by(Order.id, ascending=not f.sort.descending)


async def order_page(account, scope: Scope, params: Mapping[str, Any]) -> OrderPage:
    """One page of Mijn orders as the URL describes it."""
    f, feedback = parse_filters(params)
    async with one_connection():
        total = await Order.count().where(_where(account, scope, f))
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(f.page, pages)
        rows = await _query(account, scope, f).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        await label(rows)
    return OrderPage(f, rows, total, numbered_pager(page, pages), feedback.messages, feedback.raw)


async def label(rows: list[dict]) -> None:
    """What the list shows of codes, amounts and dates, and each order's latest update."""
    latest = await latest_steps([row["id"] for row in rows])
    for row in rows:
        row["created_label"] = format_day(row["created_at"])
        row["kind_label"] = ORDER_KIND_LABELS.get(row["kind"], row["kind"])
        row["total_label"] = format_money(row["total"])
        row["status_label"] = status_label(row["status"])
        row["delivery_label"] = format_day(row["delivery_date"])
        row["requested_label"] = format_day(row["requested_delivery_date"])
        row["details_label"] = _("Bekijk details")
        row["reference"] = row["reference"] or ""
        step = latest.get(row["id"])
        row["update_label"] = update_label(step) if step else ""


def update_label(step: Mapping[str, Any]) -> str:
    """A step in a few words: "Geautoriseerd door Marco Jansen · 2-12-2026"."""
    text = step["note"] or status_label(step["status"]) + (f" ({step['by_label']})" if step["by_label"] else "")
    return f"{text.splitlines()[0][:120]} · {format_day(step['at'])}"


async def iterate_orders(scope: Scope, f: OrderFilters, batch_size: int = 2000) -> AsyncIterator[list[dict]]:
    """Every row of the filtered list, in batches, in the list's order (the downloads)."""
    account = await access.viewer(scope)
    offset = 0
    while True:
        rows = await _query(account, scope, f).limit(batch_size).offset(offset)
        if not rows:
            return
        await label(rows)
        yield rows
        offset += batch_size


async def count_orders(scope: Scope, f: OrderFilters, cap: int) -> int:
    account = await access.viewer(scope)
    return min(await Order.count().where(_where(account, scope, f)), cap + 1)
