"""Mijn hulpmiddelen (AST-1…4): one page of the fleet list as the URL describes it, every row of it for
the downloads, and the filters in words for the head of a PDF. Every query is narrowed by the Scope."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from portal.db import one_connection
from portal.domain.assets import keyset
from portal.domain.assets.columns import FLEET_LISTING
from portal.domain.assets.inspections import INSPECTION_FILTER_LABELS
from portal.domain.assets.filters import (
    ASSET_STATUS_LABELS,
    OWNERSHIP_LABELS,
    FleetFilters,
    FleetOptions,
    parse_filters,
    scope_locations,
)
from portal.domain.parsing import first
from portal.domain.scope import Scope
from portal.i18n import _
from portal.listing import Pager
from portal.tables import Category, Department, Location, ProductType, Subcategory

PAGE_SIZE = 50
COUNT_CAP = 2_000  # an exact count costs a read per row: past this the page says "more than"
AFTER, BEFORE, PAGE = "na", "voor", "pagina"
LAST = "laatste"


@dataclass
class FleetPage:
    filters: FleetFilters
    options: FleetOptions
    messages: list[str]
    raw: dict[str, str]
    rows: list[dict]
    total: int  # up to COUNT_CAP + 1
    pager: Pager

    @property
    def total_capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def count_cap(self) -> int:
        return COUNT_CAP


async def fleet_page(scope: Scope, params: Mapping[str, Any], page_size: int | None = None) -> FleetPage:
    """One page of the fleet list (AST-1…3) as the URL describes it: filters, sort and cursor."""
    page_size = page_size or PAGE_SIZE
    async with one_connection():
        parsed = await parse_filters(scope, params)
        f = parsed.filters
        messages = parsed.messages
        where = keyset.base_where(scope, f)
        found_segments = await keyset.segments(scope, f, parsed.scope_locations)
        forward = keyset.traversal(found_segments, f.sort.descending)
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
            cursor = keyset.Cursor.decode(after or before)
            plan = forward if after else backward
            position = keyset.find(plan, cursor)
            if cursor is None or position is None:
                messages.append(_("Deze pagina bestaat niet meer; u ziet de eerste pagina."))
            else:
                start = replace(cursor, values=keyset.cursor_values(plan[position].keys, cursor.values))
                found = await keyset.fetch(where, plan[position:], f.sort.descending != bool(before), start,
                                           page_size + 1)
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
            found = await keyset.fetch(where, forward, f.sort.descending, None, page_size + 1)
            rows, has_next = found[:page_size], len(found) > page_size
        elif rows is None:
            found = await keyset.fetch(where, backward, not f.sort.descending, None, page_size + 1)
            rows, has_previous = list(reversed(found[:page_size])), len(found) > page_size
        total = await keyset.count(where, COUNT_CAP) if rows else 0

    by_id = {segment.id: segment for segment in found_segments}
    _label(rows)

    def at(row: dict, name: str) -> dict[str, str]:
        return {name: keyset.cursor_of(row, by_id[row["segment"]]).encode()}

    pager = Pager(
        first={} if has_previous and rows else None,
        previous=at(rows[0], BEFORE) if has_previous and rows else None,
        next=at(rows[-1], AFTER) if has_next and rows else None,
        last={PAGE: LAST} if has_next and rows else None,
        position={"after": {AFTER: after}, "before": {BEFORE: before}, "last": {PAGE: LAST}}.get(mode, {}),
    )
    return FleetPage(filters=f, options=parsed.options, messages=messages, raw=parsed.raw, rows=rows,
                     total=total, pager=pager)


def _label(rows: list[dict]) -> None:
    """What the list shows of codes and dates, worked out here once instead of per cell in the template."""
    for row in rows:
        row["status_label"] = ASSET_STATUS_LABELS.get(row["status"], row["status"])
        row["ownership_label"] = OWNERSHIP_LABELS.get(row["ownership"], row["ownership"])
        start = row["rental_start"]
        # By hand rather than with Babel: this runs for every row of a 100,000-row download.
        row["rental_start_label"] = f"{start.day}-{start.month}-{start.year}" if start else ""
        due = row.get("next_inspection")
        row["next_inspection_label"] = f"{due.day}-{due.month}-{due.year}" if due else ""


async def iterate_fleet(scope: Scope, filters: FleetFilters, batch_size: int = 2000) -> AsyncIterator[list[dict]]:
    """Every row of the filtered and sorted list, in batches, in the list's order (the downloads)."""
    async with one_connection():
        locations = await scope_locations(scope)
        found_segments = await keyset.segments(scope, filters, locations)
    plan = keyset.traversal(found_segments, filters.sort.descending)
    by_id = {segment.id: (position, segment) for position, segment in enumerate(plan)}
    where = keyset.base_where(scope, filters)
    cursor: keyset.Cursor | None = None
    position = 0
    while True:
        start = None
        if cursor is not None:
            position = by_id[cursor.segment][0]
            start = replace(cursor, values=keyset.cursor_values(plan[position].keys, cursor.values))
        # A connection per batch: no read transaction stays open while the file is being written.
        async with one_connection():
            rows = await keyset.fetch(where, plan[position:], filters.sort.descending, start, batch_size)
        if not rows:
            return
        _label(rows)
        yield rows
        if len(rows) < batch_size:
            return
        cursor = keyset.cursor_of(rows[-1], by_id[rows[-1]["segment"]][1])


async def count_fleet(scope: Scope, filters: FleetFilters, cap: int) -> int:
    """How many rows the filtered list has, counted up to `cap` + 1 (enough to pick sync or background)."""
    return await keyset.count(keyset.base_where(scope, filters), cap)


def describe_filters(filters: FleetFilters, names: Mapping[str, str]) -> list[tuple[str, str]]:
    """The filters in words, for the head of a PDF: [(label, value)]."""
    out: list[tuple[str, str]] = []
    for key, label in (("location", _("Locatie")), ("department", _("Afdeling")), ("category", _("Categorie")),
                       ("subcategory", _("Subcategorie")), ("product_type", _("Type"))):
        if getattr(filters, key) is not None:
            out.append((label, names.get(key, str(getattr(filters, key)))))
    if filters.status:
        out.append((_("Status"), ASSET_STATUS_LABELS[filters.status]))
    if filters.object_number:
        out.append((_("Objectnummer"), filters.object_number))
    if filters.ownership:
        out.append((_("Eigendom of huur"), OWNERSHIP_LABELS[filters.ownership]))
    if filters.rental_from or filters.rental_to:
        start = filters.rental_from.strftime("%d-%m-%Y") if filters.rental_from else "…"
        end = filters.rental_to.strftime("%d-%m-%Y") if filters.rental_to else "…"
        out.append((_("Startdatum huur"), f"{start} – {end}"))
    if filters.inspection:
        out.append((_("Keuring"), INSPECTION_FILTER_LABELS[filters.inspection]))
    out.append((_("Sorteren"), FLEET_LISTING.describe_sort(filters.sort)))
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
