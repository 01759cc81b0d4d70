"""Mijn hulpmiddelen (AST-1…6): the fleet list with its filters, sorting and paging, the object page and
its history. Every query here is narrowed by the account's Scope.

The list must stay fast at 100,000 aids in one organisation (a million in the database), so it never
uses OFFSET or a JOIN-then-sort over the whole fleet:

* Paging is by keyset: the URL carries a cursor (the last row seen) and each page continues from it
  through an index that starts with the organisation (see the fleet migration). The last page is the
  first page read backwards.
* Sorting by a name (category, subcategory, type, location, department) walks the small table's rows in
  name order as *segments*: all aids of the first name by id, then of the next name, ... Each segment
  is an index range (organisation, category, id), so a page reads about as many rows as it shows.
* The total is counted up to COUNT_CAP; past that the page says "more than".
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from piccolo.engine.postgres import PostgresEngine

from portal.domain.scope import Scope
from portal.domain.services import KIND_LABELS, REQUESTABLE_KINDS, STATUS_LABELS as REQUEST_STATUS_LABELS
from portal.i18n import _
from portal.tables import (
    Asset,
    Category,
    Department,
    Depot,
    Location,
    Product,
    ProductType,
    RentalReference,
    ServiceRequest,
    ServiceRequestEvent,
    Subcategory,
)

PAGE_SIZE = 50
COUNT_CAP = 2_000  # an exact count costs a read per row: past this the page says "more than"
OBJECT_NUMBER_MAX = 30

STATUS_LABELS: dict[str, str] = {
    "depot": _("In depot"),
    "in_use": _("In gebruik"),
    "transport": _("In transport"),
    "cleaning": _("In reiniging"),
}
OWNERSHIP_LABELS: dict[str, str] = {"owned": _("Eigendom"), "rented": _("Huur")}

# URL name of each sort and its label in "Sorteren".
SORT_LABELS: dict[str, str] = {
    "objectnummer": _("Objectnummer"),
    "categorie": _("Categorie"),
    "subcategorie": _("Subcategorie"),
    "type": _("Type"),
    "locatie": _("Locatie"),
    "afdeling": _("Afdeling"),
    "datum": _("Datum (startdatum huur)"),
}
DEFAULT_SORT = "objectnummer"
# Sorts by the name of a related row: the asset's column holding that row's id.
NAME_SORTS: dict[str, str] = {
    "categorie": "category",
    "subcategorie": "subcategory",
    "type": "product_type",
    "locatie": "location",
    "afdeling": "department",
}

# Filters --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FleetFilters:
    """The validated filters and sort of the fleet list: what the queries, links and downloads use."""

    location: int | None = None
    department: int | None = None
    status: str | None = None
    object_number: str = ""
    category: int | None = None
    subcategory: int | None = None
    product_type: int | None = None
    ownership: str | None = None
    rental_from: date | None = None
    rental_to: date | None = None
    sort: str = DEFAULT_SORT
    descending: bool = False

    @property
    def sort_param(self) -> str:
        return ("-" if self.descending else "") + self.sort

    def params(self, *, with_sort: bool = True) -> dict[str, str]:
        """The canonical query of these filters (empty ones left out): links, downloads, export jobs."""
        values = {
            "locatie": self.location, "afdeling": self.department, "status": self.status,
            "objectnummer": self.object_number, "categorie": self.category, "subcategorie": self.subcategory,
            "type": self.product_type, "eigendom": self.ownership,
            "huur_van": self.rental_from.isoformat() if self.rental_from else None,
            "huur_tot": self.rental_to.isoformat() if self.rental_to else None,
        }
        query = {key: str(value) for key, value in values.items() if value not in (None, "")}
        if with_sort and self.sort_param != DEFAULT_SORT:
            query["sorteren"] = self.sort_param
        return query

    def query_string(self, **extra: str) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v}})

    @property
    def active_count(self) -> int:
        return len(self.params(with_sort=False))


@dataclass
class FleetOptions:
    """The choices of the filter form: only what the account may see, dependent lists follow the choice."""

    locations: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    subcategories: list[dict] = field(default_factory=list)
    types: list[dict] = field(default_factory=list)


@dataclass
class ParsedFilters:
    filters: FleetFilters
    messages: list[str]
    # What the user typed in the date and object-number fields, shown again when it was not valid.
    raw: dict[str, str]
    options: FleetOptions
    # All locations in scope (also inactive ones: their aids are still listed), id -> row.
    scope_locations: dict[int, dict]


# A choice in the form empties the lists that depend on it.
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "locatie": ("afdeling",),
    "categorie": ("subcategorie", "type"),
    "subcategorie": ("type",),
}


def without_dependents(params: Mapping[str, Any], changed: str) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key not in DEPENDENTS.get(changed, ())}


def _first(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def _parse_id(raw: str) -> int | None:
    """An id from the URL; anything else (text, negative, huge) is 'not chosen'."""
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def parse_date(raw: str) -> date | None:
    """A date as the date field sends it (2026-03-01) or as people type it (1-3-2026, 01/03/2026)."""
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            parsed = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2200:
            return parsed
    return None


def _date_range(
    params: Mapping[str, Any], from_name: str, to_name: str, raw: dict[str, str], messages: list[str]
) -> tuple[date | None, date | None]:
    """A period from two date fields: a value that is not a date is left out with a message (and kept in
    `raw` so the form shows what was typed); a reversed period is turned round."""
    dates: dict[str, date | None] = {}
    for name in (from_name, to_name):
        text = _first(params, name)
        dates[name] = parse_date(text) if text else None
        if text and dates[name] is None:
            raw[name] = text[:30]
            messages.append(_("'%(value)s' is geen datum. Gebruik dag-maand-jaar, bijvoorbeeld 1-3-2026; "
                              "er is niet op deze datum gefilterd.") % {"value": text[:30]})
    start, end = dates[from_name], dates[to_name]
    if start and end and start > end:
        start, end = end, start
        messages.append(_("De begindatum lag na de einddatum; de twee zijn omgewisseld."))
    return start, end


def normalise_object_number(raw: str) -> str:
    """Object numbers are printed in capitals; people type them in any case and with stray spaces."""
    return "".join(ch for ch in raw if ch.isprintable() and not ch.isspace()).upper()[:OBJECT_NUMBER_MAX]


async def parse_filters(scope: Scope, params: Mapping[str, Any]) -> ParsedFilters:
    """Read the list's query string in one place: unknown or malformed values never fail the page, they
    are dropped or corrected to the nearest valid choice with a message saying so (Bad input)."""
    messages: list[str] = []
    raw: dict[str, str] = {}
    options = FleetOptions()

    locations = await _scope_locations(scope)

    location = _parse_id(_first(params, "locatie"))
    if _first(params, "locatie") and (location is None or location not in locations):
        messages.append(_("De gekozen locatie hoort niet bij uw locaties; er is niet op locatie gefilterd."))
        location = None

    department = _parse_id(_first(params, "afdeling"))
    if _first(params, "afdeling"):
        row = await _department(department, locations) if department is not None else None
        if row is None:
            messages.append(_("De gekozen afdeling hoort niet bij uw locaties; er is niet op afdeling gefilterd."))
            department = None
        elif location is not None and row["location"] != location:
            messages.append(_("De gekozen afdeling hoort niet bij de gekozen locatie; er is niet op afdeling gefilterd."))
            department = None
        elif location is None:
            location = row["location"]  # a department implies its location: the form shows both

    status = _first(params, "status") or None
    if status is not None and status not in STATUS_LABELS:
        messages.append(_("Onbekende status; er is niet op status gefilterd."))
        status = None

    object_number = normalise_object_number(_first(params, "objectnummer"))

    category = _parse_id(_first(params, "categorie"))
    subcategory = _parse_id(_first(params, "subcategorie"))
    product_type = _parse_id(_first(params, "type"))
    category_rows = await _categories()
    options.categories = category_rows
    category_ids = {row["id"] for row in category_rows}
    if _first(params, "categorie") and category not in category_ids:
        messages.append(_("Onbekende categorie; er is niet op categorie gefilterd."))
        category = None
    if _first(params, "type"):
        row = await ProductType.select(ProductType.id, ProductType.subcategory).where(
            ProductType.id == (product_type or 0)).first()
        if row is None:
            messages.append(_("Onbekend type; er is niet op type gefilterd."))
            product_type = None
        elif subcategory is None:
            subcategory = row["subcategory"]
        elif row["subcategory"] != subcategory:
            messages.append(_("Het gekozen type hoort niet bij de gekozen subcategorie; er is niet op type gefilterd."))
            product_type = None
    if _first(params, "subcategorie") or subcategory is not None:
        row = await Subcategory.select(Subcategory.id, Subcategory.category).where(
            Subcategory.id == (subcategory or 0)).first()
        if row is None:
            messages.append(_("Onbekende subcategorie; er is niet op subcategorie gefilterd."))
            subcategory = product_type = None
        elif category is None:
            category = row["category"]
        elif row["category"] != category:
            messages.append(_("De gekozen subcategorie hoort niet bij de gekozen categorie; "
                              "er is niet op subcategorie gefilterd."))
            subcategory = product_type = None

    ownership = _first(params, "eigendom") or None
    if ownership is not None and ownership not in OWNERSHIP_LABELS:
        messages.append(_("Kies bij eigendom of huur een van de mogelijkheden; er is niet op gefilterd."))
        ownership = None

    rental_from, rental_to = _date_range(params, "huur_van", "huur_tot", raw, messages)

    sort_raw = _first(params, "sorteren")
    descending = sort_raw.startswith("-")
    sort = sort_raw.lstrip("-") or DEFAULT_SORT
    if sort not in SORT_LABELS:
        messages.append(_("Op '%(value)s' kan niet worden gesorteerd; de lijst is gesorteerd op objectnummer.")
                        % {"value": sort_raw[:40]})
        sort, descending = DEFAULT_SORT, False

    options.locations = [row for row in locations.values() if row["active"] or row["id"] == location]
    filters = FleetFilters(
        location=location, department=department, status=status, object_number=object_number,
        category=category, subcategory=subcategory, product_type=product_type, ownership=ownership,
        rental_from=rental_from, rental_to=rental_to, sort=sort, descending=descending,
    )
    await _dependent_options(scope, filters, options, locations)
    return ParsedFilters(filters, messages, raw, options, locations)


async def _scope_locations(scope: Scope) -> dict[int, dict]:
    query = Location.select(Location.id, Location.name, Location.city, Location.active).where(
        Location.organisation == scope.organisation_id
    )
    if scope.location_ids is not None:
        query = query.where(Location.id.is_in(list(scope.location_ids) or [-1]))
    rows = await query
    rows.sort(key=lambda row: (_name_key(row["name"]), row["id"]))
    return {row["id"]: row for row in rows}


async def _department(department_id: int, locations: Mapping[int, dict]) -> dict | None:
    row = await Department.select(Department.id, Department.location).where(Department.id == department_id).first()
    return row if row is not None and row["location"] in locations else None


async def _categories() -> list[dict]:
    rows = await Category.select(Category.id, Category.name)
    rows.sort(key=lambda row: (_name_key(row["name"]), row["id"]))
    return rows


async def _dependent_options(scope: Scope, filters: FleetFilters, options: FleetOptions,
                             locations: Mapping[int, dict]) -> None:
    # The department list follows the chosen location; with one location in scope, that one.
    location = filters.location or (next(iter(locations)) if len(locations) == 1 else None)
    if location is not None:
        rows = await Department.select(Department.id, Department.name, Department.active).where(
            Department.location == location)
        options.departments = _sorted([r for r in rows if r["active"] or r["id"] == filters.department])
    if filters.category is not None:
        rows = await Subcategory.select(Subcategory.id, Subcategory.name).where(
            Subcategory.category == filters.category)
        options.subcategories = _sorted(rows)
    if filters.subcategory is not None:
        rows = await ProductType.select(ProductType.id, ProductType.name, ProductType.supplier).where(
            ProductType.subcategory == filters.subcategory)
        options.types = _sorted(rows)


@lru_cache(maxsize=8192)
def _name_key(name: str) -> str:
    """Alphabetical as people read it, the same on both databases: accents and case do not count."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (_name_key(row["name"]), row["id"]))


# The query ---------------------------------------------------------------------------------------------


def _is_postgres() -> bool:
    return isinstance(Asset._meta.db, PostgresEngine)


@asynccontextmanager
async def one_connection() -> AsyncIterator[None]:
    """Run a request's reads on one connection: SQLite opens a connection (and a thread) per query
    otherwise, PostgreSQL takes one from the pool once instead of per query."""
    async with Asset._meta.db.transaction():
        yield


@dataclass(frozen=True)
class _Where:
    sql: str
    args: tuple


def _base_where(scope: Scope, f: FleetFilters) -> _Where:
    """The conditions every row of the list meets: scope first, then each filter."""
    parts = ["a.organisation = {}"]
    args: list[Any] = [scope.organisation_id]
    if scope.location_ids is not None:
        ids = sorted(scope.location_ids)
        if not ids:
            parts.append("1 = 0")
        else:
            parts.append(f"a.location IN ({', '.join('{}' for _ in ids)})")
            args.extend(ids)
    # A type implies its subcategory and category, a department its location: repeating those makes
    # the planners multiply selectivities that are not independent (PostgreSQL then estimated a
    # subcategory of 21,000 aids at 6,000 and chose a worse index), so only the narrowest is used.
    implied = {
        "location": f.department is not None,
        "category": f.subcategory is not None or f.product_type is not None,
        "subcategory": f.product_type is not None,
    }
    for column, value in (("location", f.location), ("department", f.department), ("status", f.status),
                          ("category", f.category), ("subcategory", f.subcategory),
                          ("product_type", f.product_type), ("ownership", f.ownership)):
        if value is not None and not implied.get(column):
            parts.append(f"a.{column} = {{}}")
            args.append(value)
    if f.object_number:
        # "Exact or the start of it" as an index range: [prefix, prefix with its last character + 1).
        prefix = f.object_number
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        number = _number_column()
        parts.append(f"{number} >= {{}} AND {number} < {{}}")
        args.extend([prefix, upper])
    if f.rental_from is not None:
        parts.append("a.rental_start >= {}")
        args.append(_date_arg(f.rental_from))
    if f.rental_to is not None:
        parts.append("a.rental_start <= {}")
        args.append(_date_arg(f.rental_to))
    return _Where(" AND ".join(parts), tuple(args))


def _date_arg(value: date) -> Any:
    return value if _is_postgres() else value.isoformat()


def _number_column() -> str:
    """`a.object_number` compared byte-wise: PostgreSQL's index on it uses COLLATE "C" (see migration)."""
    return 'a.object_number COLLATE "C"' if _is_postgres() else "a.object_number"


COLUMNS = ("id", "object_number", "organisation", "category", "subcategory", "product_type", "location",
           "department", "status", "ownership", "rental_start", "serial_number", "year_of_manufacture")


@dataclass(frozen=True)
class _Segment:
    """A stretch of the sort order that one index range serves: `condition`, ordered by `keys`."""

    id: Any  # what the cursor remembers: a category id, None for "no department", "dated", ...
    condition: str
    args: tuple
    keys: tuple[str, ...]  # columns of the order inside the segment, ending with the unique one


@dataclass(frozen=True)
class Cursor:
    segment: Any
    values: tuple

    def encode(self) -> str:
        data = json.dumps([self.segment, list(self.values)], separators=(",", ":"), default=str)
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        try:
            data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return None
        if (not isinstance(data, list) or len(data) != 2 or not isinstance(data[1], list)
                or not isinstance(data[0], (int, str, type(None))) or isinstance(data[0], bool)):
            return None
        return cls(data[0], tuple(data[1]))


async def _segments(scope: Scope, f: FleetFilters, locations: Mapping[int, dict]) -> list[_Segment]:
    """The sort order as segments, ascending; `descending` reverses segments and keys together, except
    that aids without a date or department come last both ways."""
    if f.sort == "objectnummer":
        return [_Segment("all", "", (), ("object_number",))]
    if f.sort == "datum":
        return [_Segment("dated", "a.rental_start IS NOT NULL", (), ("rental_start", "id")),
                _Segment("undated", "a.rental_start IS NULL", (), ("id",))]
    column = NAME_SORTS[f.sort]
    chosen = {"category": f.category, "subcategory": f.subcategory, "product_type": f.product_type,
              "location": f.location, "department": f.department}[column]
    if chosen is not None:
        ids = [chosen]  # filtered on the very column sorted by: one segment
    elif column == "location":
        ids = list(locations)
    elif column == "category":
        ids = [row["id"] for row in await _categories()]
    elif column == "subcategory":
        query = Subcategory.select(Subcategory.id, Subcategory.name)
        if f.category is not None:
            query = query.where(Subcategory.category == f.category)
        ids = [row["id"] for row in _sorted(await query)]
    elif column == "product_type":
        query = ProductType.select(ProductType.id, ProductType.name)
        if f.subcategory is not None:
            query = query.where(ProductType.subcategory == f.subcategory)
        elif f.category is not None:
            query = query.where(ProductType.subcategory.category == f.category)
        ids = [row["id"] for row in _sorted(await query)]
    else:  # department: every department of the organisation, so none of its aids can fall out
        query = Department.select(Department.id, Department.name).where(
            Department.location.organisation == scope.organisation_id)
        if f.location is not None:
            query = query.where(Department.location == f.location)
        ids = [row["id"] for row in _sorted(await query)]
    segments = [_Segment(value, f"a.{column} = {{}}", (value,), ("id",)) for value in ids]
    if column == "department" and f.department is None:
        segments.append(_Segment(None, "a.department IS NULL", (), ("id",)))
    return segments


def _traversal(segments: list[_Segment], descending: bool) -> list[_Segment]:
    """Segments in reading order; the trailing 'no value' segment stays last."""
    if not descending:
        return segments
    tail = [s for s in segments if s.id in (None, "undated")]
    head = [s for s in segments if s.id not in (None, "undated")]
    return list(reversed(head)) + tail


def _order_sql(keys: tuple[str, ...], descending: bool, prefix: str = "") -> str:
    """ORDER BY of `keys`. Inside a branch (prefix "a.") the object number is compared as the index
    stores it; outside, the column already carries that collation."""
    direction = " DESC" if descending else ""
    return ", ".join(
        (_number_column() if k == "object_number" and prefix == "a." else f"{prefix}{k}") + direction for k in keys
    )


def _after(keys: tuple[str, ...], values: tuple, descending: bool) -> _Where:
    """Rows after `values` in the order of `keys` (the last key is unique), written so both engines use
    the index range: a >= x AND (a > x OR b > y)."""
    op = "<" if descending else ">"
    cols = [_number_column() if k == "object_number" else f"a.{k}" for k in keys]
    args: list[Any] = []
    if len(keys) == 1:
        return _Where(f"{cols[0]} {op} {{}}", (values[0],))
    first, rest = cols[0], cols[1]
    args = [values[0], values[0], values[1]]
    return _Where(f"{first} {op}= {{}} AND ({first} {op} {{}} OR {rest} {op} {{}})", tuple(args))


def _cursor_values(keys: tuple[str, ...], values: tuple) -> tuple | None:
    """The cursor's values checked against the segment's keys: an id is a number, a date a date."""
    if len(values) != len(keys):
        return None
    checked: list[Any] = []
    for key, value in zip(keys, values):
        if key == "id":
            if not isinstance(value, int) or isinstance(value, bool):
                return None
            checked.append(value)
        elif key == "rental_start":
            parsed = parse_date(value) if isinstance(value, str) else None
            if parsed is None:
                return None
            checked.append(_date_arg(parsed))
        elif key == "object_number":
            if not isinstance(value, str) or len(value) > OBJECT_NUMBER_MAX:
                return None
            checked.append(value)
    return tuple(checked)


async def _fetch(where: _Where, plan: list[_Segment], descending: bool, start: Cursor | None,
                 limit: int) -> list[dict]:
    """Up to `limit` rows following `start` (exclusive) through the segments of `plan`, in order.

    Segments are read in doubling batches (1, 2, 4, ... 64) of one UNION ALL statement each, every
    branch an index range with its own ORDER BY and LIMIT. The common page is one statement with one
    branch; a filter that leaves many segments empty or nearly so still needs only a few statements,
    and no branch reads more rows than the page still lacks. The names are joined to those few rows."""
    rows: list[dict] = []
    index = 0
    batch = 1
    while index < len(plan) and len(rows) < limit:
        chosen = plan[index:index + batch]
        need = limit - len(rows)
        branches: list[str] = []
        args: list[Any] = []
        for offset, segment in enumerate(chosen):
            conditions = [where.sql]
            branch_args = list(where.args)
            if segment.condition:
                conditions.append(segment.condition)
                branch_args.extend(segment.args)
            if offset == 0 and index == 0 and start is not None:
                after = _after(segment.keys, start.values, descending)
                conditions.append(after.sql)
                branch_args.extend(after.args)
            branches.append(
                f"SELECT * FROM (SELECT {index + offset} AS seg, {_select_columns()} "
                f"FROM asset a WHERE {' AND '.join(conditions)} "
                f"ORDER BY {_order_sql(segment.keys, descending, 'a.')} LIMIT {need}) AS s{offset}"
            )
            args.extend(branch_args)
        # No ORDER BY over the UNION itself: SQLite would sort every branch in a temporary b-tree
        # to merge them. The few rows are ordered after the names are joined, and cut in Python.
        sql = (
            "SELECT p.*, c.name AS category_name, s.name AS subcategory_name, t.name AS type_name, "
            "t.supplier AS supplier, l.name AS location_name, d.name AS department_name FROM ("
            + " UNION ALL ".join(branches)
            + ") AS p "
            "JOIN category c ON c.id = p.category JOIN subcategory s ON s.id = p.subcategory "
            "JOIN product_type t ON t.id = p.product_type JOIN location l ON l.id = p.location "
            "LEFT JOIN department d ON d.id = p.department "
            f"ORDER BY p.seg, {_order_sql(_union_keys(chosen), descending, 'p.')}"
        )
        rows.extend((await Asset.raw(sql, *args))[:need])
        index += len(chosen)
        batch = min(batch * 2, 64)
    for row in rows:
        row["rental_start"] = _as_date(row["rental_start"])
        row["segment"] = plan[row.pop("seg")].id
    return rows


def _select_columns() -> str:
    return ", ".join(f"{_number_column()} AS object_number" if c == "object_number" else f"a.{c}" for c in COLUMNS)


def _union_keys(segments: list[_Segment]) -> tuple[str, ...]:
    """One order for rows of several segments: every segment's keys end like the longest one's
    (("rental_start", "id") and ("id",)), and the other keys are equal inside a segment."""
    return max((segment.keys for segment in segments), key=len)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _cursor_of(row: dict, segment: _Segment) -> Cursor:
    values = tuple(row[key].isoformat() if isinstance(row[key], date) else row[key] for key in segment.keys)
    return Cursor(segment.id, values)


async def _count(where: _Where) -> int:
    rows = await Asset.raw(
        f"SELECT count(*) AS n FROM (SELECT 1 FROM asset a WHERE {where.sql} LIMIT {COUNT_CAP + 1}) AS x",
        *where.args,
    )
    return int(rows[0]["n"])


# The page -----------------------------------------------------------------------------------------------


@dataclass
class FleetPage:
    filters: FleetFilters
    options: FleetOptions
    messages: list[str]
    raw: dict[str, str]
    rows: list[dict]
    total: int  # up to COUNT_CAP + 1
    first_url: str | None = None
    previous_url: str | None = None
    next_url: str | None = None
    last_url: str | None = None
    url: str = "/hulpmiddelen"

    @property
    def total_capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def count_cap(self) -> int:
        return COUNT_CAP


def list_url(filters: FleetFilters, **extra: str) -> str:
    query = filters.query_string(**extra)
    return "/hulpmiddelen" + (f"?{query}" if query else "")


async def fleet_page(scope: Scope, params: Mapping[str, Any], page_size: int | None = None) -> FleetPage:
    """One page of the fleet list (AST-1…3) as the URL describes it: filters, sort and cursor."""
    page_size = page_size or PAGE_SIZE
    async with one_connection():
        parsed = await parse_filters(scope, params)
        f = parsed.filters
        messages = parsed.messages
        where = _base_where(scope, f)
        segments = await _segments(scope, f, parsed.scope_locations)
        forward = _traversal(segments, f.descending)
        backward = list(reversed(forward))

        after, before = _first(params, "na"), _first(params, "voor")
        wants_last = _first(params, "pagina") == "laatste"
        page_raw = _first(params, "pagina")
        if page_raw and not wants_last:
            messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))

        rows: list[dict] | None = None
        has_previous = has_next = False
        mode = "last" if wants_last else "first"
        if after or before:
            mode = "first"
            cursor = Cursor.decode(after or before)
            plan = forward if after else backward
            position = _find(plan, cursor)
            if position is None:
                messages.append(_("Deze pagina bestaat niet meer; u ziet de eerste pagina."))
            else:
                start = replace(cursor, values=_cursor_values(plan[position].keys, cursor.values))
                found = await _fetch(where, plan[position:], f.descending != bool(before), start, page_size + 1)
                if after and found:
                    mode, rows, has_previous = "after", found[:page_size], True
                    has_next = len(found) > page_size
                elif after:
                    messages.append(_("U was voorbij de laatste pagina; u ziet de laatste pagina."))
                    mode = "last"
                elif len(found) > page_size:
                    mode, rows, has_next, has_previous = "before", list(reversed(found[:page_size])), True, True
                # else: fewer than a page lies before it, so this is the first page
        if rows is None and mode == "first":
            found = await _fetch(where, forward, f.descending, None, page_size + 1)
            rows, has_next = found[:page_size], len(found) > page_size
        elif rows is None:
            found = await _fetch(where, backward, not f.descending, None, page_size + 1)
            rows, has_previous = list(reversed(found[:page_size])), len(found) > page_size
        total = await _count(where) if rows else 0

    by_id = {segment.id: segment for segment in segments}
    page = FleetPage(filters=f, options=parsed.options, messages=messages, raw=parsed.raw, rows=rows, total=total)
    _label(rows)
    # Attribute access for the template: Jinja reads an attribute of an object faster than a dict key.
    page.rows = [SimpleNamespace(**row) for row in rows]
    if has_previous and rows:
        page.first_url = list_url(f)
        page.previous_url = list_url(f, voor=_cursor_of(rows[0], by_id[rows[0]["segment"]]).encode())
    if has_next and rows:
        page.next_url = list_url(f, na=_cursor_of(rows[-1], by_id[rows[-1]["segment"]]).encode())
        page.last_url = list_url(f, pagina="laatste")
    page.url = list_url(f, **_position_params(mode, params))
    return page


def _label(rows: list[dict]) -> None:
    """What the list shows of codes and dates, worked out here once instead of per cell in the template."""
    for row in rows:
        row["status_label"] = STATUS_LABELS.get(row["status"], row["status"])
        row["ownership_label"] = OWNERSHIP_LABELS.get(row["ownership"], row["ownership"])
        start = row["rental_start"]
        row["rental_start_label"] = f"{start.day}-{start.month}-{start.year}" if start else "–"


async def fleet_list(scope: Scope, params: Mapping[str, Any], account_id: int | None) -> tuple[FleetPage, list]:
    """The list page: one page of the fleet and, for the full page (`account_id` given), the account's
    background downloads, all on one connection."""
    from portal.domain import exports  # the downloads panel of the list page

    async with one_connection():
        page = await fleet_page(scope, params)
        jobs = await exports.account_jobs(account_id) if account_id is not None else []
    return page, jobs


def _position_params(mode: str, params: Mapping[str, Any]) -> dict[str, str]:
    if mode == "after":
        return {"na": _first(params, "na")}
    if mode == "before":
        return {"voor": _first(params, "voor")}
    if mode == "last":
        return {"pagina": "laatste"}
    return {}


def _find(plan: list[_Segment], cursor: Cursor | None) -> int | None:
    if cursor is None:
        return None
    for position, segment in enumerate(plan):
        if segment.id == cursor.segment:
            return position if _cursor_values(segment.keys, cursor.values) is not None else None
    return None


async def iterate_fleet(scope: Scope, filters: FleetFilters, batch_size: int = 2000) -> AsyncIterator[list[dict]]:
    """Every row of the filtered and sorted list, in batches, in the list's order (the downloads)."""
    async with one_connection():
        locations = await _scope_locations(scope)
        segments = await _segments(scope, filters, locations)
    plan = _traversal(segments, filters.descending)
    by_id = {segment.id: (position, segment) for position, segment in enumerate(plan)}
    where = _base_where(scope, filters)
    cursor: Cursor | None = None
    position = 0
    while True:
        start = None
        if cursor is not None:
            position = by_id[cursor.segment][0]
            start = replace(cursor, values=_cursor_values(plan[position].keys, cursor.values))
        # A connection per batch: no read transaction stays open while the file is being written.
        async with one_connection():
            rows = await _fetch(where, plan[position:], filters.descending, start, batch_size)
        if not rows:
            return
        _label(rows)
        yield rows
        if len(rows) < batch_size:
            return
        cursor = _cursor_of(rows[-1], by_id[rows[-1]["segment"]][1])


async def count_fleet(scope: Scope, filters: FleetFilters, cap: int) -> int:
    """How many rows the filtered list has, counted up to `cap` + 1 (enough to pick sync or background)."""
    where = _base_where(scope, filters)
    rows = await Asset.raw(
        f"SELECT count(*) AS n FROM (SELECT 1 FROM asset a WHERE {where.sql} LIMIT {cap + 1}) AS x", *where.args
    )
    return int(rows[0]["n"])


def describe_filters(filters: FleetFilters, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The filters in words, for the head of a PDF: [(label, value)]."""
    out: list[tuple[str, str]] = []
    for key, label in (("location", _("Locatie")), ("department", _("Afdeling")), ("category", _("Categorie")),
                       ("subcategory", _("Subcategorie")), ("product_type", _("Type"))):
        if getattr(filters, key) is not None:
            out.append((label, names.get(key, str(getattr(filters, key)))))
    if filters.status:
        out.append((_("Status"), STATUS_LABELS[filters.status]))
    if filters.object_number:
        out.append((_("Objectnummer"), filters.object_number))
    if filters.ownership:
        out.append((_("Eigendom of huur"), OWNERSHIP_LABELS[filters.ownership]))
    if filters.rental_from or filters.rental_to:
        start = filters.rental_from.strftime("%d-%m-%Y") if filters.rental_from else "…"
        end = filters.rental_to.strftime("%d-%m-%Y") if filters.rental_to else "…"
        out.append((_("Startdatum huur"), f"{start} – {end}"))
    out.append((_("Sorteren"), SORT_LABELS[filters.sort] + (" " + _("(aflopend)") if filters.descending else "")))
    return out


async def filter_names(filters: FleetFilters) -> dict[str, str]:
    names: dict[str, str] = {}
    for key, table in (("location", Location), ("department", Department), ("category", Category),
                       ("subcategory", Subcategory), ("product_type", ProductType)):
        value = getattr(filters, key)
        if value is not None:
            row = await table.select(table.name).where(table.id == value).first()
            names[key] = row["name"] if row else str(value)
    return names


# The object page and its history ------------------------------------------------------------------------


@dataclass
class AssetDetails:
    asset: Asset
    category: str
    subcategory: str
    product_type: str
    supplier: str
    product: Product | None
    location: Location
    department: Department | None
    depot: Depot | None
    rental_reference: RentalReference | None
    status_label: str
    ownership_label: str
    characteristics: list[tuple[str, str]]
    actions: dict[str, str]


async def get_asset_for(scope: Scope, object_number: str) -> Asset | None:
    """The aid with this object number if the account may see it; another organisation's or another
    location's aid is simply not found."""
    number = normalise_object_number(object_number)
    if not number:
        return None
    return await Asset.objects().where(
        (Asset.object_number == number) & scope.where(Asset.organisation, Asset.location)
    ).first()


async def asset_details(scope: Scope, object_number: str) -> AssetDetails | None:
    """Everything the object page shows (AST-5)."""
    async with one_connection():
        asset = await get_asset_for(scope, object_number)
        if asset is None:
            return None
        product_type = await ProductType.objects().where(ProductType.id == asset.product_type).first()
        category = await Category.select(Category.name).where(Category.id == asset.category).first()
        subcategory = await Subcategory.select(Subcategory.name).where(Subcategory.id == asset.subcategory).first()
        location = await Location.objects().where(Location.id == asset.location).first()
        department = await Department.objects().where(Department.id == asset.department).first() if asset.department else None
        depot = await Depot.objects().where(Depot.id == asset.depot).first() if asset.depot else None
        product = await Product.objects().where(Product.id == asset.product).first() if asset.product else None
        reference = (await RentalReference.objects().where(RentalReference.id == asset.rental_reference).first()
                     if asset.rental_reference else None)
    characteristics = asset.characteristics
    if isinstance(characteristics, str):
        try:
            characteristics = json.loads(characteristics or "{}")
        except ValueError:
            characteristics = {}
    pairs = [(str(k), _display(v)) for k, v in characteristics.items()] if isinstance(characteristics, dict) else []
    return AssetDetails(
        asset=asset,
        category=category["name"] if category else "",
        subcategory=subcategory["name"] if subcategory else "",
        product_type=product_type.name if product_type else "",
        supplier=product_type.supplier if product_type else "",
        product=product,
        location=location,
        department=department,
        depot=depot,
        rental_reference=reference,
        status_label=STATUS_LABELS.get(asset.status, asset.status),
        ownership_label=OWNERSHIP_LABELS.get(asset.ownership, asset.ownership),
        characteristics=pairs,
        actions=requestable_actions(asset),
    )


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if isinstance(value, (list, tuple)):
        return ", ".join(_display(v) for v in value)
    return "" if value is None else str(value)


def requestable_actions(asset: Asset) -> dict[str, str]:
    """The services this aid allows (SRV-1): to the depot only when it is not there, from the depot only
    when it is, a rental pick-up only for a rented aid."""
    kinds = dict(REQUESTABLE_KINDS)
    if asset.status == "depot":
        kinds.pop("to_depot")
    else:
        kinds.pop("from_depot")
    if asset.ownership != "rented":
        kinds.pop("rental_pickup")
    return kinds


HISTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class HistoryFilters:
    period_from: date | None = None
    period_to: date | None = None
    kind: str | None = None
    page: int = 1

    def query_string(self, **extra: Any) -> str:
        values = {"van": self.period_from.isoformat() if self.period_from else None,
                  "tot": self.period_to.isoformat() if self.period_to else None,
                  "soort": self.kind, **extra}
        return urlencode({k: v for k, v in values.items() if v not in (None, "", 1)})


@dataclass
class History:
    filters: HistoryFilters
    messages: list[str]
    raw: dict[str, str]
    rows: list[dict]
    has_next: bool


def parse_history_filters(params: Mapping[str, Any]) -> tuple[HistoryFilters, list[str], dict[str, str]]:
    messages: list[str] = []
    raw: dict[str, str] = {}
    start, end = _date_range(params, "van", "tot", raw, messages)
    kind = _first(params, "soort") or None
    if kind is not None and kind not in KIND_LABELS:
        messages.append(_("Onbekende soort actie; er is niet op soort gefilterd."))
        kind = None
    page_raw = _first(params, "pagina")
    page = int(page_raw) if page_raw.isdigit() and 0 < int(page_raw) < 100_000 else 1
    if page_raw and page_raw != str(page):
        messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))
    return HistoryFilters(start, end, kind, page), messages, raw


async def asset_history(scope: Scope, asset: Asset, params: Mapping[str, Any]) -> History:
    """"Historie inzien" (AST-6): one timeline of every request and maintenance on the aid, newest
    first, filtered by period (request date) and kind."""
    filters, messages, raw = parse_history_filters(params)
    query = ServiceRequest.select(
        ServiceRequest.id, ServiceRequest.number, ServiceRequest.kind, ServiceRequest.status,
        ServiceRequest.created_at, ServiceRequest.requested_date, ServiceRequest.planned_date,
        ServiceRequest.executed_date,
    ).where((ServiceRequest.asset == asset.id) & (ServiceRequest.organisation == scope.organisation_id))
    if filters.kind:
        query = query.where(ServiceRequest.kind == filters.kind)
    if filters.period_from:
        query = query.where(ServiceRequest.created_at >= _start_of(filters.period_from))
    if filters.period_to:
        query = query.where(ServiceRequest.created_at < _start_of(filters.period_to, next_day=True))
    ordered = query.order_by(ServiceRequest.created_at, ascending=False).order_by(ServiceRequest.id, ascending=False)
    rows = await ordered.limit(HISTORY_PAGE_SIZE + 1).offset((filters.page - 1) * HISTORY_PAGE_SIZE)
    if not rows and filters.page > 1:
        messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))
        filters = replace(filters, page=1)
        rows = await ordered.limit(HISTORY_PAGE_SIZE + 1).offset(0)
    for row in rows:
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
        row["status_label"] = REQUEST_STATUS_LABELS.get(row["status"], row["status"])
    return History(filters, messages, raw, rows[:HISTORY_PAGE_SIZE], len(rows) > HISTORY_PAGE_SIZE)


def _start_of(day: date, next_day: bool = False) -> datetime:
    """Midnight in the Netherlands, for a period of whole days as the user means them."""
    from datetime import timedelta

    from portal.i18n import TIMEZONE

    if next_day:
        day = day + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=TIMEZONE)


@dataclass
class RequestDetails:
    request: ServiceRequest
    kind_label: str
    status_label: str
    events: list[dict]
    names: dict[str, str]


async def request_details(scope: Scope, asset: Asset, number: str) -> RequestDetails | None:
    """One request of the aid's history, with its status trail."""
    async with one_connection():
        request = await ServiceRequest.objects().where(
            (ServiceRequest.number == number) & (ServiceRequest.asset == asset.id)
            & (ServiceRequest.organisation == scope.organisation_id)
        ).first()
        if request is None:
            return None
        events = await ServiceRequestEvent.select().where(
            ServiceRequestEvent.service_request == request.id).order_by(ServiceRequestEvent.at)
        names: dict[str, str] = {}
        for key, table, value in (
            ("location", Location, request.location), ("department", Department, request.department),
            ("current_department", Department, request.current_department),
            ("delivery_location", Location, request.delivery_location),
            ("delivery_department", Department, request.delivery_department),
            ("pickup_location", Location, request.pickup_location), ("depot", Depot, request.depot),
        ):
            if value:
                row = await table.select(table.name).where(table.id == value).first()
                names[key] = row["name"] if row else ""
    for event in events:
        event["status_label"] = REQUEST_STATUS_LABELS.get(event["status"], event["status"])
    return RequestDetails(request, KIND_LABELS.get(request.kind, request.kind),
                          REQUEST_STATUS_LABELS.get(request.status, request.status), events, names)
