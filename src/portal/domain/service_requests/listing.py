"""Planning (PLN-1) and Mijn acties (PLN-2): one page of each list as the URL describes it, and every row
of it for the downloads. Both read service requests through the fleet's keyset paging (segments in
name order, strict cursors; portal.domain.assets.keyset) and both are narrowed by the account's Scope
over where the aid stood when the request was made — the same rule as the request's own page.

Planning is the work HartingBank has in hand for the organisation: requests sent to HartingBank and the
maintenance it records, to be planned, planned or carried out, by execution date. Mijn acties is every
request and action of the locations in scope, whatever its status (waiting for authorisation, rejected
and cancelled too), newest first. The request's id follows its request date (a request is numbered when
it is made), so "Aanvraagdatum" and the order inside a location, department or kind are id ranges.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any

from portal.db import one_connection
from portal.domain.assets import keyset
from portal.domain.assets.filters import FleetFilters, FleetOptions
from portal.domain.scope import Scope
from portal.domain.service_requests.filters import (
    ACTIONS,
    PLANNING,
    RequestFilters,
    kinds_by_label,
    parse_filters,
)
from portal.domain.service_requests.labels import SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS, STAFF_KINDS
from portal.i18n import _, local_datetime
from portal.listing import COUNT_CAP, DESKTOP, DOWNLOADS_ONLY, WIDE, CappedCount, Column, Listing, Pager, Sort
from portal.tables import Asset

PAGE_SIZE = 50
FEW_AIDS = 2_000  # up to this many aids, a filter on the aid is applied as a list of their ids

# With HartingBank: sent to it (after any authorisation), planned, or carried out.
PLANNING_STATUSES = ("submitted", "planned", "done")
EXECUTION = "COALESCE(sr.executed_date, sr.planned_date)"  # as the index of the migration writes it
EARLIEST = date(1900, 1, 1)  # before every execution date
UNSCHEDULED = "sr.status = 'submitted' AND sr.executed_date IS NULL AND sr.planned_date IS NULL"
# Ownership never changes for an aid and is copied onto its requests; being in the depot is the aid's state now.
AID_GROUP_SQL = {"depot": "a.status = 'depot'", "eigendom": "sr.aid_ownership = 'owned'",
                 "huur": "sr.aid_ownership = 'rented'"}
# The aid's catalogue row as the request carries it (copied by the database, see the migration
# 2026-12-02T03:31): filters and sorts on it are index ranges of the request, without the aid.
AID_COPIES = {"category": "sr.aid_category", "subcategory": "sr.aid_subcategory", "product_type": "sr.aid_type"}

# What a planner looks for first: when, what, which aid, where. The rest where the screen has room.
PLANNING_LISTING = Listing(
    id="planning-results",
    caption=_("Planning"),
    columns=(
        Column("number", _("Ordernummer"), link="actions:show", nowrap=True, width=14),
        Column("execution_label", _("Uitvoerdatum"), sort="datum", export="execution_date", nowrap=True, width=14),
        Column("kind_label", _("Soort actie"), sort="soort", width=22),
        Column("object_number", _("Objectnummer"), link="assets:show", nowrap=True, width=16),
        Column("type_name", _("Hulpmiddel"), priority=DESKTOP, width=28),
        Column("location_name", _("Locatie"), sort="locatie", width=30),
        Column("department_name", _("Afdeling"), sort="afdeling", priority=DESKTOP, width=22),
        Column("requester_label", _("Aangevraagd door"), priority=WIDE, width=24),
        Column("requested_label", _("Aanvraagdatum"), priority=WIDE, export="requested_date", nowrap=True, width=14),
        Column("status_label", _("Status"), badge="status-badge", badge_key="status", priority=DESKTOP, width=16,
               nowrap=True),
    ),
    default_sort=Sort("datum", descending=True),
    sorts={"datum": _("Datum (uitvoerdatum)"), "soort": _("Soort actie"), "locatie": _("Locatie"),
           "afdeling": _("Afdeling")},
)

# The order number leads to the request, the object number to the aid (the manual's two links).
ACTIONS_LISTING = Listing(
    id="actions-results",
    caption=_("Mijn acties"),
    columns=(
        Column("number", _("Ordernummer"), link="actions:show", nowrap=True, width=14),
        Column("object_number", _("Objectnummer"), link="assets:show", nowrap=True, width=16),
        Column("kind_label", _("Soort actie"), sort="soort", width=22),
        Column("status_label", _("Status"), badge="status-badge", badge_key="status", width=16, nowrap=True),
        Column("requested_label", _("Aanvraagdatum"), sort="aanvraagdatum", export="requested_date", nowrap=True,
               width=14),
        Column("execution_label", _("Uitvoerdatum"), priority=DESKTOP, export="execution_date", nowrap=True,
               width=14),
        Column("category_name", _("Categorie"), sort="categorie", priority=WIDE, width=24),
        Column("subcategory_name", _("Subcategorie"), sort="subcategorie", priority=WIDE, width=30),
        Column("type_name", _("Type hulpmiddel"), sort="type", priority=DESKTOP, width=26),
        Column("location_name", _("Locatie"), sort="locatie", width=30),
        Column("department_name", _("Afdeling"), sort="afdeling", priority=WIDE, width=22),
        Column("intended_for", _("Bestemd voor"), priority=WIDE, width=24),
        Column("requester_label", _("Aangevraagd door"), priority=DOWNLOADS_ONLY, width=24),
    ),
    default_sort=Sort("aanvraagdatum", descending=True),
    sorts={"categorie": _("Categorie"), "subcategorie": _("Subcategorie"), "type": _("Type hulpmiddel"),
           "locatie": _("Locatie"), "afdeling": _("Afdeling"), "soort": _("Soort actie"),
           "aanvraagdatum": _("Aanvraagdatum")},
)

LISTINGS = {PLANNING: PLANNING_LISTING, ACTIONS: ACTIONS_LISTING}
CATALOGUE_SORTS = ("categorie", "subcategorie", "type")


@dataclass
class RequestPage(CappedCount):
    which: str
    filters: RequestFilters
    options: FleetOptions
    messages: list[str]
    raw: dict[str, str]
    rows: list[dict]
    total: int  # up to count_cap + 1
    pager: Pager
    count_cap: int

    @property
    def listing(self) -> Listing:
        return LISTINGS[self.which]


# The query ----------------------------------------------------------------------------------------------

_COLUMNS = ("sr.id, sr.number, sr.asset, sr.kind, sr.status, sr.location, sr.department, sr.requester, "
            f"sr.created_at, sr.intended_for, {EXECUTION} AS execution_date")
_NAMES = (
    "SELECT p.*, a.object_number, t.name AS type_name, c.name AS category_name, s.name AS subcategory_name, "
    "l.name AS location_name, d.name AS department_name, r.name AS requester_name FROM ({rows}) AS p "
    "JOIN asset a ON a.id = p.asset JOIN product_type t ON t.id = a.product_type "
    "JOIN category c ON c.id = a.category JOIN subcategory s ON s.id = a.subcategory "
    "JOIN location l ON l.id = p.location LEFT JOIN department d ON d.id = p.department "
    "LEFT JOIN account r ON r.id = p.requester"
)


def _post(row: dict) -> None:
    row["execution_date"] = _as_date(row["execution_date"])
    row["created_at"] = _as_moment(row["created_at"])


def _source(with_aid: bool) -> keyset.Source:
    """Service requests; joined to their aid when a filter or the sort reads the aid."""

    def key_sql(key: str) -> str:
        if key == "execution_date":
            return EXECUTION
        if key == "asset":
            return "a.id" if with_aid else "sr.asset"
        return f"sr.{key}"

    return keyset.Source(
        table="service_request sr JOIN asset a ON a.id = sr.asset" if with_aid else "service_request sr",
        alias="sr", columns=lambda: _COLUMNS, names=_NAMES, key_sql=key_sql,
        int_keys=frozenset({"id", "asset"}), date_keys=frozenset({"execution_date"}), post=_post,
    )


def base_where(scope: Scope, which: str, f: RequestFilters, aid_ids: list[int] | None = None) -> keyset.Where:
    """The conditions every row of the list meets: scope first, then each filter. `aid_ids`: the aids
    the aid's filters leave, found beforehand (see `few_aids`), instead of those filters."""
    scope_sql, scope_args = scope.sql("sr")
    parts = [scope_sql]
    args: list[Any] = list(scope_args)
    if which == PLANNING:
        parts.append(f"sr.status IN ({', '.join(repr(s) for s in PLANNING_STATUSES)})")
    # A department implies its location: only the narrowest is used (the planners would otherwise
    # multiply selectivities that are not independent).
    for sql, value, implied in (
        ("sr.location = {}", f.location, f.department is not None),
        ("sr.department = {}", f.department, False),
        ("sr.kind = {}", f.kind, False),
    ):
        if value is not None and not implied:
            parts.append(sql)
            args.append(value)
    aid = _aid_where(f)
    parts.extend(aid.copied)
    args.extend(aid.copied_args)
    if aid_ids is not None:
        parts.append(f"sr.asset IN ({', '.join('{}' for _ in aid_ids)})" if aid_ids else "1 = 0")
        args.extend(aid_ids)
    else:
        parts.extend(aid.on_aid)
        args.extend(aid.on_aid_args)
    if f.date_from is not None:
        parts.append(f"{EXECUTION} >= {{}}")
        args.append(keyset.date_arg(f.date_from))
    if f.date_to is not None:
        parts.append(f"{EXECUTION} <= {{}}")
        args.append(keyset.date_arg(f.date_to))
    return keyset.Where(" AND ".join(parts), tuple(args))


@dataclass(frozen=True)
class _AidWhere:
    """The filters on the aid: `copied` reads what the request carries of it (catalogue row, ownership);
    `on_aid` needs the aid itself (alias a): its state now and its object number."""

    copied: list[str]
    copied_args: list[Any]
    on_aid: list[str]
    on_aid_args: list[Any]


def _aid_where(f: RequestFilters) -> _AidWhere:
    copied: list[str] = []
    copied_args: list[Any] = []
    for sql, value, implied in (
        (f"{AID_COPIES['category']} = {{}}", f.category, f.subcategory is not None or f.product_type is not None),
        (f"{AID_COPIES['subcategory']} = {{}}", f.subcategory, f.product_type is not None),
        (f"{AID_COPIES['product_type']} = {{}}", f.product_type, False),
    ):
        if value is not None and not implied:
            copied.append(sql)
            copied_args.append(value)
    on_aid: list[str] = []
    on_aid_args: list[Any] = []
    if f.aid_group:
        (on_aid if f.aid_group == "depot" else copied).append(AID_GROUP_SQL[f.aid_group])
    if f.object_number:
        prefix = f.object_number
        number = keyset.number_column()
        on_aid.append(f"{number} >= {{}} AND {number} < {{}}")
        on_aid_args.extend([prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)])
    return _AidWhere(copied, copied_args, on_aid, on_aid_args)


async def few_aids(scope: Scope, f: RequestFilters) -> list[int] | None:
    """The aids an object number leaves, when they are few: their requests are then read through the aid
    index, not found by walking the organisation's history (which an aid's age makes slow: a young
    aid's requests are all at one end). None otherwise."""
    if not f.object_number:
        return None
    aid = _aid_where(f)
    rows = await Asset.raw(
        f"SELECT a.id FROM asset a WHERE a.organisation = {{}} AND {' AND '.join(aid.on_aid)} LIMIT {FEW_AIDS + 1}",
        scope.organisation_id, *aid.on_aid_args,
    )
    return None if len(rows) > FEW_AIDS else sorted(row["id"] for row in rows)


async def segments(scope: Scope, f: RequestFilters, locations: Mapping[int, dict]) -> list[keyset.Segment]:
    """The sort order as segments (ascending). Names sort as the fleet's do, from the same lookups;
    inside a name (a location, department, category, …) the requests by id."""
    sort = f.sort.key
    if sort == "aanvraagdatum":
        return [keyset.Segment("all", "", (), ("id",))]
    if sort == "datum":
        # "Has a date" as a range from a day before any date: both planners then seek in the index past
        # the rows without one (SQLite scanned through them for "IS NOT NULL").
        dated = keyset.Segment("dated", f"{EXECUTION} >= {{}}", (keyset.date_arg(EARLIEST),), ("execution_date", "id"))
        if f.date_from is not None or f.date_to is not None:
            return [dated]  # a period leaves out the work without a date: no need to look for it
        # Only Planning sorts by date, and its work without a date is what waits to be planned: written as
        # the partial indexes of the migration 2026-12-02T03:35 are, so both planners use them.
        return [dated, keyset.Segment("undated", UNSCHEDULED, (), ("id",))]
    if sort == "soort":
        kinds = [(i, kind) for i, (kind, _label) in enumerate(kinds_by_label()) if f.kind in (None, kind)]
        return [keyset.Segment(i, "sr.kind = {}", (kind,), ("id",)) for i, kind in kinds]
    aid_filters = FleetFilters(location=f.location, department=f.department, category=f.category,
                               subcategory=f.subcategory, product_type=f.product_type, sort=Sort(sort))
    found = await keyset.segments(scope, aid_filters, locations)
    if sort in CATALOGUE_SORTS:
        # The aid's catalogue row as the request carries it; inside a name by request, as for a location.
        column = AID_COPIES[keyset.NAME_SORTS[sort]]
        return [replace(segment, condition=f"{column} = {{}}") for segment in found]
    # Where the aid stood when it was asked: the request's own location and department.
    return [replace(segment, condition=segment.condition.replace("a.", "sr.", 1)) for segment in found]


def _reads_aid(f: RequestFilters, aid_ids: list[int] | None) -> bool:
    """Whether the rows must be joined to their aid: only for its state or object number, when those
    aids were not listed beforehand; the rest the request carries."""
    return bool(_aid_where(f).on_aid) and aid_ids is None


async def request_page(scope: Scope, which: str, params: Mapping[str, Any], page_size: int | None = None) -> RequestPage:
    """One page of Planning or Mijn acties as the URL describes it: filters, sort and cursor."""
    listing = LISTINGS[which]
    async with one_connection():
        parsed = await parse_filters(scope, params, which, listing)
        f = parsed.filters
        aid_ids = await few_aids(scope, f)
        where = base_where(scope, which, f, aid_ids)
        source = _source(_reads_aid(f, aid_ids))
        found = await segments(scope, f, parsed.scope_locations)
        page = await keyset.read_page(where, found, f.sort.descending, params, page_size or PAGE_SIZE, source)
        total = await keyset.count(where, COUNT_CAP, source, _count_order(f)) if page.rows else 0
    label(which, page.rows)
    return RequestPage(which, f, parsed.options, [*parsed.messages, *page.messages], parsed.raw, page.rows, total,
                       page.pager, COUNT_CAP)


async def planning_page(scope: Scope, params: Mapping[str, Any], page_size: int | None = None) -> RequestPage:
    """Planning (PLN-1)."""
    return await request_page(scope, PLANNING, params, page_size)


async def actions_page(scope: Scope, params: Mapping[str, Any], page_size: int | None = None) -> RequestPage:
    """Mijn acties (PLN-2)."""
    return await request_page(scope, ACTIONS, params, page_size)


async def iterate_requests(scope: Scope, which: str, filters: RequestFilters,
                           batch_size: int = 2000) -> AsyncIterator[list[dict]]:
    """Every row of the filtered and sorted list, in batches, in the list's order (the downloads)."""
    from portal.domain.assets.filters import scope_locations

    async with one_connection():
        found = await segments(scope, filters, await scope_locations(scope))
        aid_ids = await few_aids(scope, filters)
    source = _source(_reads_aid(filters, aid_ids))
    async for rows in keyset.iterate(base_where(scope, which, filters, aid_ids), found, filters.sort.descending,
                                     batch_size, source):
        label(which, rows)
        yield rows


async def count_requests(scope: Scope, which: str, filters: RequestFilters, cap: int) -> int:
    """How many rows the filtered list has, counted up to `cap` + 1 (enough to pick now or background)."""
    async with one_connection():
        aid_ids = await few_aids(scope, filters)
        source = _source(_reads_aid(filters, aid_ids))
        return await keyset.count(base_where(scope, which, filters, aid_ids), cap, source, _count_order(filters))


def _count_order(f: RequestFilters) -> str | None:
    """A period is counted through the execution date's index (see `keyset.count`)."""
    return EXECUTION if f.date_from is not None or f.date_to is not None else None


def label(which: str, rows: list[dict]) -> None:
    """What the list shows of codes and dates, worked out once here (by hand: downloads run this for
    every row)."""
    not_planned = _("Nog in te plannen")
    for row in rows:
        row["kind_label"] = SERVICE_KIND_LABELS.get(row["kind"], row["kind"])
        row["status_label"] = SERVICE_STATUS_LABELS.get(row["status"], row["status"])
        created = row["created_at"]
        row["requested_date"] = local_datetime(created).date() if created else None
        row["requested_label"] = _day(row["requested_date"])
        executed = row["execution_date"]
        row["execution_label"] = (_day(executed) if executed
                                  else not_planned if row["status"] == "submitted" and which == PLANNING else "")
        row["requester_label"] = row["requester_name"] or (_("HartingBank") if row["kind"] in STAFF_KINDS else "")
        row["intended_for"] = row["intended_for"] or ""


def _day(value: date | None) -> str:
    return f"{value.day}-{value.month}-{value.year}" if value else ""


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
