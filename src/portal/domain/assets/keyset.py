"""The fleet query: keyset paging over the aids of an organisation, flat at any depth.

The list must stay fast at 100,000 aids in one organisation (a million in the database), so it never
uses OFFSET or a JOIN-then-sort over the whole fleet:

* Paging is by keyset: the URL carries a cursor (the last row seen) and each page continues from it
  through an index that starts with the organisation (see the fleet migration). The last page is the
  first page read backwards.
* Sorting by a name (category, subcategory, type, location, department) walks the small table's rows in
  name order as *segments*: all aids of the first name by id, then of the next name, ... Each segment
  is an index range (organisation, category, id), so a page reads about as many rows as it shows.
* The total is counted up to a cap; past that the page says "more than".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from portal.db import is_postgres
from portal.domain.assets import inspections
from portal.domain.assets.filters import FleetFilters, categories, sorted_by_name
from portal.domain.parsing import decode_token, encode_token, first, parse_date
from portal.domain.scope import Scope
from portal.i18n import _
from portal.listing import Pager
from portal.tables import Asset, Department, ProductType, Subcategory

OBJECT_NUMBER_MAX = 30
# Sorts by the name of a related row: the asset's column holding that row's id.
NAME_SORTS: dict[str, str] = {
    "categorie": "category",
    "subcategorie": "subcategory",
    "type": "product_type",
    "locatie": "location",
    "afdeling": "department",
}
COLUMNS = ("id", "object_number", "organisation", "category", "subcategory", "product_type", "location",
           "department", "status", "ownership", "rental_start", "serial_number", "year_of_manufacture",
           "next_inspection")
SEGMENT_IDS_AFTER = ("all", "dated", "undated")  # the named segments; the others are row ids (or None)


@dataclass(frozen=True)
class Where:
    sql: str
    args: tuple


def base_where(scope: Scope, f: FleetFilters) -> Where:
    """The conditions every row of the list meets: scope first, then each filter."""
    scope_sql, scope_args = scope.sql("a")
    parts = [scope_sql]
    args: list[Any] = list(scope_args)
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
        number = number_column()
        parts.append(f"{number} >= {{}} AND {number} < {{}}")
        args.extend([prefix, upper])
    if f.rental_from is not None:
        parts.append("a.rental_start >= {}")
        args.append(date_arg(f.rental_from))
    if f.rental_to is not None:
        parts.append("a.rental_start <= {}")
        args.append(date_arg(f.rental_to))
    if f.inspection is not None:
        # The due date stored on the aid, through the index (organisation, next_inspection).
        today, last = inspections.due_window()
        if f.inspection == inspections.OVERDUE:
            parts.append("a.next_inspection < {}")
            args.append(date_arg(today))
        else:
            parts.append("a.next_inspection >= {} AND a.next_inspection <= {}")
            args.extend([date_arg(today), date_arg(last)])
    return Where(" AND ".join(parts), tuple(args))


def date_arg(value: date) -> Any:
    return value if is_postgres() else value.isoformat()


def number_column() -> str:
    """`a.object_number` compared byte-wise: PostgreSQL's index on it uses COLLATE "C" (see migration)."""
    return 'a.object_number COLLATE "C"' if is_postgres() else "a.object_number"


@dataclass(frozen=True)
class Source:
    """What a keyset list reads (the fleet; Planning and Mijn acties over service requests): the FROM of a
    branch with its alias, the columns a branch selects, how a sort key is written inside a branch, the
    query that joins the names to the few rows found (`{rows}` is the union of the branches), which keys
    hold ids and which dates (to check a cursor from a URL), and what is done to the rows fetched."""

    table: str
    alias: str
    columns: Callable[[], str]
    names: str
    key_sql: Callable[[str], str]
    int_keys: frozenset[str] = frozenset({"id"})
    date_keys: frozenset[str] = frozenset()
    text_keys: frozenset[str] = frozenset()
    post: Callable[[dict], None] = field(default=lambda row: None)


@dataclass(frozen=True)
class Segment:
    """A stretch of the sort order that one index range serves: `condition`, ordered by `keys`."""

    id: Any  # what the cursor remembers: a category id, None for "no department", "dated", ...
    condition: str
    args: tuple
    keys: tuple[str, ...]  # columns of the order inside the segment, ending with the unique one


@dataclass(frozen=True)
class Cursor:
    """A position in the list: the segment and the sort values of the last row seen."""

    segment: Any
    values: tuple

    def encode(self) -> str:
        return encode_token([self.segment, list(self.values)])

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """Only the shape `encode` makes (a URL is hostile input); the values are checked against the
        segment's keys when the cursor is used."""
        data = decode_token(text)
        if not isinstance(data, list) or len(data) != 2 or not isinstance(data[1], list) or len(data[1]) > 2:
            return None
        segment = data[0]
        if isinstance(segment, bool) or not (segment is None or isinstance(segment, int) or segment in SEGMENT_IDS_AFTER):
            return None
        return cls(segment, tuple(data[1]))


async def segments(scope: Scope, f: FleetFilters, locations: Mapping[int, dict]) -> list[Segment]:
    """The sort order as segments, ascending; `descending` reverses segments and keys together, except
    that aids without a date or department come last both ways."""
    sort = f.sort.key
    if sort == "objectnummer":
        return [Segment("all", "", (), ("object_number",))]
    if sort == "datum":
        return [Segment("dated", "a.rental_start IS NOT NULL", (), ("rental_start", "id")),
                Segment("undated", "a.rental_start IS NULL", (), ("id",))]
    column = NAME_SORTS[sort]
    chosen = {"category": f.category, "subcategory": f.subcategory, "product_type": f.product_type,
              "location": f.location, "department": f.department}[column]
    if chosen is not None:
        ids = [chosen]  # filtered on the very column sorted by: one segment
    elif column == "location":
        ids = list(locations)
    elif column == "category":
        ids = [row["id"] for row in await categories()]
    elif column == "subcategory":
        query = Subcategory.select(Subcategory.id, Subcategory.name)
        if f.category is not None:
            query = query.where(Subcategory.category == f.category)
        ids = [row["id"] for row in sorted_by_name(await query)]
    elif column == "product_type":
        query = ProductType.select(ProductType.id, ProductType.name)
        if f.subcategory is not None:
            query = query.where(ProductType.subcategory == f.subcategory)
        elif f.category is not None:
            query = query.where(ProductType.subcategory.category == f.category)
        ids = [row["id"] for row in sorted_by_name(await query)]
    else:  # department: every department of the organisation, so none of its aids can fall out
        query = Department.select(Department.id, Department.name).where(
            Department.location.organisation == scope.organisation_id)
        if f.location is not None:
            query = query.where(Department.location == f.location)
        ids = [row["id"] for row in sorted_by_name(await query)]
    found = [Segment(value, f"a.{column} = {{}}", (value,), ("id",)) for value in ids]
    if column == "department" and f.department is None:
        found.append(Segment(None, "a.department IS NULL", (), ("id",)))
    return found


def traversal(found: list[Segment], descending: bool) -> list[Segment]:
    """Segments in reading order; the trailing 'no value' segment stays last."""
    if not descending:
        return found
    tail = [s for s in found if s.id in (None, "undated")]
    head = [s for s in found if s.id not in (None, "undated")]
    return list(reversed(head)) + tail


def _order_sql(keys: tuple[str, ...], descending: bool, source: Source | None = None) -> str:
    """ORDER BY of `keys`: inside a branch as the source writes them (the object number compared as the
    index stores it), outside (no source) the union's columns, which already carry that collation."""
    direction = " DESC" if descending else ""
    return ", ".join((source.key_sql(k) if source else f"p.{k}") + direction for k in keys)


def _after(keys: tuple[str, ...], values: tuple, descending: bool, source: Source | None = None) -> Where:
    """Rows after `values` in the order of `keys` (the last key is unique), written so both engines use
    the index range: a >= x AND (a > x OR b > y)."""
    op = "<" if descending else ">"
    cols = [(source or FLEET).key_sql(k) for k in keys]
    if len(keys) == 1:
        return Where(f"{cols[0]} {op} {{}}", (values[0],))
    first, rest = cols[0], cols[1]
    return Where(f"{first} {op}= {{}} AND ({first} {op} {{}} OR {rest} {op} {{}})", (values[0], values[0], values[1]))


def cursor_values(keys: tuple[str, ...], values: tuple, source: Source | None = None) -> tuple | None:
    """The cursor's values checked against the segment's keys: an id is a number, a date a date."""
    source = source or FLEET
    if len(values) != len(keys):
        return None
    checked: list[Any] = []
    for key, value in zip(keys, values):
        if key in source.int_keys:
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
                return None
            checked.append(value)
        elif key in source.date_keys:
            parsed = parse_date(value) if isinstance(value, str) else None
            if parsed is None:
                return None
            checked.append(date_arg(parsed))
        elif key in source.text_keys:
            if not isinstance(value, str) or len(value) > OBJECT_NUMBER_MAX:
                return None
            checked.append(value)
        else:
            return None
    return tuple(checked)


def find(plan: list[Segment], cursor: Cursor | None, source: Source | None = None) -> int | None:
    """Where in `plan` a cursor continues, or None when it does not fit the list (any more)."""
    if cursor is None:
        return None
    for position, segment in enumerate(plan):
        if segment.id == cursor.segment:
            return position if cursor_values(segment.keys, cursor.values, source) is not None else None
    return None


async def fetch(where: Where, plan: list[Segment], descending: bool, start: Cursor | None,
                limit: int, source: Source | None = None) -> list[dict]:
    """Up to `limit` rows following `start` (exclusive) through the segments of `plan`, in order.

    Segments are read in doubling batches (1, 2, 4, ... 64) of one UNION ALL statement each, every
    branch an index range with its own ORDER BY and LIMIT. The common page is one statement with one
    branch; a filter that leaves many segments empty or nearly so still needs only a few statements,
    and no branch reads more rows than the page still lacks. The names are joined to those few rows."""
    source = source or FLEET
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
                after = _after(segment.keys, start.values, descending, source)
                conditions.append(after.sql)
                branch_args.extend(after.args)
            branches.append(
                f"SELECT * FROM (SELECT {index + offset} AS seg, {source.columns()} "
                f"FROM {source.table} WHERE {' AND '.join(conditions)} "
                f"ORDER BY {_order_sql(segment.keys, descending, source)} LIMIT {need}) AS s{offset}"
            )
            args.extend(branch_args)
        # No ORDER BY over the UNION itself: SQLite would sort every branch in a temporary b-tree
        # to merge them. The few rows are ordered after the names are joined, and cut in Python.
        sql = (source.names.replace("{rows}", " UNION ALL ".join(branches))
               + f" ORDER BY p.seg, {_order_sql(_union_keys(chosen), descending)}")
        rows.extend((await Asset.raw(sql, *args))[:need])
        index += len(chosen)
        batch = min(batch * 2, 64)
    for row in rows:
        source.post(row)
        row["segment"] = plan[row.pop("seg")].id
    return rows


def _select_columns() -> str:
    return ", ".join(f"{number_column()} AS object_number" if c == "object_number" else f"a.{c}" for c in COLUMNS)


def _fleet_key(key: str) -> str:
    return number_column() if key == "object_number" else f"a.{key}"


def _fleet_post(row: dict) -> None:
    row["rental_start"] = _as_date(row["rental_start"])
    row["next_inspection"] = _as_date(row["next_inspection"])


def _union_keys(chosen: list[Segment]) -> tuple[str, ...]:
    """One order for rows of several segments: every segment's keys end like the longest one's
    (("rental_start", "id") and ("id",)), and the other keys are equal inside a segment."""
    return max((segment.keys for segment in chosen), key=len)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def cursor_of(row: dict, segment: Segment) -> Cursor:
    values = tuple(row[key].isoformat() if isinstance(row[key], date) else row[key] for key in segment.keys)
    return Cursor(segment.id, values)


async def count(where: Where, cap: int, source: Source | None = None, order_by: str | None = None) -> int:
    """How many rows meet `where`, counted up to `cap` + 1: an exact count costs a read per row.
    `order_by`: the column of a range in `where` (a period), so that PostgreSQL reads that range's index
    instead of walking the organisation's rows in id order until `cap` of them match (with a future
    period, 470,000 rows passed over: 60 ms; through the range 0.9 ms)."""
    table = (source or FLEET).table
    order = f" ORDER BY {order_by}" if order_by else ""
    rows = await Asset.raw(
        f"SELECT count(*) AS n FROM (SELECT 1 FROM {table} WHERE {where.sql}{order} LIMIT {cap + 1}) AS x",
        *where.args,
    )
    return int(rows[0]["n"])


# The fleet: aids, with the names of their catalogue rows, location and department.
FLEET = Source(
    table="asset a",
    alias="a",
    columns=_select_columns,
    names=(
        "SELECT p.*, c.name AS category_name, s.name AS subcategory_name, t.name AS type_name, "
        "t.supplier AS supplier, l.name AS location_name, d.name AS department_name FROM ({rows}) AS p "
        "JOIN category c ON c.id = p.category JOIN subcategory s ON s.id = p.subcategory "
        "JOIN product_type t ON t.id = p.product_type JOIN location l ON l.id = p.location "
        "LEFT JOIN department d ON d.id = p.department"
    ),
    key_sql=_fleet_key,
    date_keys=frozenset({"rental_start"}),
    text_keys=frozenset({"object_number"}),
    post=_fleet_post,
)


AFTER, BEFORE, PAGE = "na", "voor", "pagina"
LAST = "laatste"


@dataclass
class KeysetPage:
    rows: list[dict]
    pager: Pager
    messages: list[str]


async def read_page(where: Where, found_segments: list[Segment], descending: bool, params: Mapping[str, Any],
                    page_size: int, source: Source | None = None) -> KeysetPage:
    """The page the URL asks for (first, after or before a cursor, last) and the pager around it. A cursor
    that does not fit the list (a changed filter, a forged token) gives the first page and says so."""
    messages: list[str] = []
    forward = traversal(found_segments, descending)
    backward = list(reversed(forward))
    after, before, page_raw = first(params, AFTER), first(params, BEFORE), first(params, PAGE)
    wants_last = page_raw == LAST
    if page_raw and not wants_last:
        messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))

    rows: list[dict] | None = None
    has_previous = has_next = False
    mode = "last" if wants_last else "first"
    if after or before:
        mode = "first"
        cursor = Cursor.decode(after or before)
        plan = forward if after else backward
        position = find(plan, cursor, source)
        if cursor is None or position is None:
            messages.append(_("Deze pagina bestaat niet meer; u ziet de eerste pagina."))
        else:
            start = replace(cursor, values=cursor_values(plan[position].keys, cursor.values, source))
            found = await fetch(where, plan[position:], descending != bool(before), start, page_size + 1, source)
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
        found = await fetch(where, forward, descending, None, page_size + 1, source)
        rows, has_next = found[:page_size], len(found) > page_size
    elif rows is None:
        found = await fetch(where, backward, not descending, None, page_size + 1, source)
        rows, has_previous = list(reversed(found[:page_size])), len(found) > page_size

    by_id = {segment.id: segment for segment in found_segments}

    def at(row: dict, name: str) -> dict[str, str]:
        return {name: cursor_of(row, by_id[row["segment"]]).encode()}

    pager = Pager(
        first={} if has_previous and rows else None,
        previous=at(rows[0], BEFORE) if has_previous and rows else None,
        next=at(rows[-1], AFTER) if has_next and rows else None,
        last={PAGE: LAST} if has_next and rows else None,
        position={"after": {AFTER: after}, "before": {BEFORE: before}, "last": {PAGE: LAST}}.get(mode, {}),
    )
    return KeysetPage(rows, pager, messages)


async def iterate(where: Where, found_segments: list[Segment], descending: bool, batch_size: int,
                  source: Source | None = None):
    """Every row in the list's order, in batches (the downloads), a connection per batch: no read
    transaction stays open while a file is being written."""
    from portal.db import one_connection

    plan = traversal(found_segments, descending)
    by_id = {segment.id: (position, segment) for position, segment in enumerate(plan)}
    cursor: Cursor | None = None
    position = 0
    while True:
        start = None
        if cursor is not None:
            position = by_id[cursor.segment][0]
            start = replace(cursor, values=cursor_values(plan[position].keys, cursor.values, source))
        async with one_connection():
            rows = await fetch(where, plan[position:], descending, start, batch_size, source)
        if not rows:
            return
        yield rows
        if len(rows) < batch_size:
            return
        cursor = cursor_of(rows[-1], by_id[rows[-1]["segment"]][1])
