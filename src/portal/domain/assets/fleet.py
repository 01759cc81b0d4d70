"""Mijn hulpmiddelen (AST-1…4): one page of the fleet list as the URL describes it, every row of it for
the downloads, and the filters in words for the head of a PDF. Every query is narrowed by the Scope."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
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
from portal.domain.scope import Scope
from portal.i18n import _
from portal.listing import COUNT_CAP, CappedCount, Pager
from portal.tables import Category, Department, Location, ProductType, Subcategory

PAGE_SIZE = 50
AFTER, BEFORE, PAGE, LAST = keyset.AFTER, keyset.BEFORE, keyset.PAGE, keyset.LAST


@dataclass
class FleetPage(CappedCount):
    filters: FleetFilters
    options: FleetOptions
    messages: list[str]
    raw: dict[str, str]
    rows: list[dict]
    total: int  # up to count_cap + 1
    pager: Pager
    count_cap: int


async def fleet_page(scope: Scope, params: Mapping[str, Any], page_size: int | None = None) -> FleetPage:
    """One page of the fleet list (AST-1…3) as the URL describes it: filters, sort and cursor."""
    page_size = page_size or PAGE_SIZE
    async with one_connection():
        parsed = await parse_filters(scope, params)
        f = parsed.filters
        messages = parsed.messages
        where = keyset.base_where(scope, f)
        found_segments = await keyset.segments(scope, f, parsed.scope_locations)
        page = await keyset.read_page(where, found_segments, f.sort.descending, params, page_size)
        messages.extend(page.messages)
        rows = page.rows
        total = await keyset.count(where, COUNT_CAP) if rows else 0

    _label(rows)
    return FleetPage(filters=f, options=parsed.options, messages=messages, raw=parsed.raw, rows=rows,
                     total=total, pager=page.pager, count_cap=COUNT_CAP)


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
    where = keyset.base_where(scope, filters)
    async for rows in keyset.iterate(where, found_segments, filters.sort.descending, batch_size):
        _label(rows)
        yield rows


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
