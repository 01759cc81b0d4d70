"""Inspection due dates (issue 9, item 5): a product type may carry an inspection interval in months; an
aid of that type is due that many months after its last recorded inspection, or after its start (the
rental start of a rented aid, otherwise the day it was registered) when it has none yet.

The due date is stored on the aid (`Asset.next_inspection`), so the fleet list filters on it through an
index. It is worked out here only: when an inspection is recorded, when a type's interval changes, when
staff add an aid, and by the demo seeder."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from portal.i18n import TIMEZONE, _, format_day
from portal.tables import Asset, ProductType, ServiceRequest

DUE_SOON_DAYS = 30
INTERVAL_MAX = 120  # ten years: anything longer is a typing error
OVERDUE, DUE_SOON = "verlopen", "binnenkort"
# The choices of the fleet list's "Keuring" filter.
INSPECTION_FILTER_LABELS: dict[str, str] = {
    OVERDUE: _("Keuring verlopen"),
    DUE_SOON: _("Keuring binnen 30 dagen"),
}
_UPDATE_BATCH = 500


def today() -> date:
    return datetime.now(TIMEZONE).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where that month is shorter (31 January + 1)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def start_of(ownership: str, rental_start: date | None, created_at: datetime | date | None) -> date | None:
    """Where the count starts for an aid never inspected: its rental start, else the day it was registered."""
    if ownership == "rented" and rental_start is not None:
        return _as_date(rental_start)
    if isinstance(created_at, datetime):
        return created_at.astimezone(TIMEZONE).date()
    return _as_date(created_at)


def due_date(interval_months: int | None, last_inspection: date | None, start: date | None) -> date | None:
    """The next inspection: `interval_months` after the last one (or after the start); None without an interval."""
    if not interval_months:
        return None
    base = last_inspection or start
    return add_months(base, interval_months) if base is not None else None


def due_window(on: date | None = None) -> tuple[date, date]:
    """(today, the last day counted as "due soon")."""
    day = on or today()
    return day, day + timedelta(days=DUE_SOON_DAYS)


def due_state(next_inspection: date | None, on: date | None = None) -> str | None:
    """OVERDUE, DUE_SOON or None (not due within the window, or no inspection needed)."""
    if next_inspection is None:
        return None
    day, last = due_window(on)
    if next_inspection < day:
        return OVERDUE
    return DUE_SOON if next_inspection <= last else None


def due_label(next_inspection: date | None, interval_months: int | None, on: date | None = None) -> str:
    """"Volgende keuring" as the object page shows it."""
    if not interval_months:
        return _("Geen periodieke keuring voor dit type")
    if next_inspection is None:
        return _("Onbekend")
    text = format_day(next_inspection)
    state = due_state(next_inspection, on)
    if state == OVERDUE:
        return _("%(date)s (verlopen)") % {"date": text}
    if state == DUE_SOON:
        return _("%(date)s (binnen 30 dagen)") % {"date": text}
    return text


def parse_interval(value: Any) -> int | None:
    """An interval as staff enter it in /admin: empty (no inspection) or 1 to 120 months."""
    if value in (None, ""):
        return None
    try:
        months = int(value)
    except (TypeError, ValueError):
        raise ValueError(_("Vul de keuringstermijn in als een aantal maanden, bijvoorbeeld 12.")) from None
    if not 1 <= months <= INTERVAL_MAX:
        raise ValueError(_("Een keuringstermijn ligt tussen 1 en %(max)s maanden.") % {"max": INTERVAL_MAX})
    return months


async def last_inspections(asset_ids: Iterable[int]) -> dict[int, date]:
    """The day of each aid's last carried-out inspection."""
    ids = list(asset_ids)
    found: dict[int, date] = {}
    for start in range(0, len(ids), _UPDATE_BATCH):
        rows = await ServiceRequest.select(ServiceRequest.asset, ServiceRequest.executed_date).where(
            ServiceRequest.asset.is_in(ids[start:start + _UPDATE_BATCH]) & (ServiceRequest.kind == "inspection")
            & (ServiceRequest.status == "done") & ServiceRequest.executed_date.is_not_null())
        for row in rows:
            day = _as_date(row["executed_date"])
            if row["asset"] not in found or day > found[row["asset"]]:
                found[row["asset"]] = day
    return found


async def refresh_assets(condition: Any, interval_of: dict[int, int | None] | None = None) -> int:
    """Work out the next inspection of every aid meeting `condition` again and store it; the number changed.
    `interval_of` gives intervals per product type that are about to be stored (the admin's hook runs
    before its write)."""
    rows = await Asset.select(Asset.id, Asset.product_type, Asset.ownership, Asset.rental_start, Asset.created_at,
                              Asset.next_inspection).where(condition)
    if not rows:
        return 0
    intervals = {row["id"]: row["inspection_interval_months"] for row in await ProductType.select(
        ProductType.id, ProductType.inspection_interval_months).where(
        ProductType.id.is_in(sorted({row["product_type"] for row in rows})))}
    intervals.update(interval_of or {})
    last = await last_inspections(row["id"] for row in rows if intervals.get(row["product_type"]))
    changed: dict[date | None, list[int]] = defaultdict(list)
    for row in rows:
        due = due_date(intervals.get(row["product_type"]), last.get(row["id"]),
                       start_of(row["ownership"], row["rental_start"], row["created_at"]))
        if due != _as_date(row["next_inspection"]):
            changed[due].append(row["id"])
    for due, ids in changed.items():
        for start in range(0, len(ids), _UPDATE_BATCH):
            await Asset.update({Asset.next_inspection: due}).where(Asset.id.is_in(ids[start:start + _UPDATE_BATCH]))
    return sum(len(ids) for ids in changed.values())


async def due_for(product_type_id: int | None, ownership: str, rental_start: date | None,
                  created_at: datetime | date | None, asset_id: int | None = None) -> date | None:
    """The next inspection of an aid with these values (one about to be saved by staff)."""
    row = await ProductType.select(ProductType.inspection_interval_months).where(
        ProductType.id == (product_type_id or 0)).first()
    interval = row["inspection_interval_months"] if row else None
    last = (await last_inspections([asset_id])).get(asset_id) if asset_id is not None and interval else None
    return due_date(interval, last, start_of(ownership, _as_date(rental_start), created_at or today()))


async def refresh_asset(asset_id: int) -> None:
    await refresh_assets(Asset.id == asset_id)


async def refresh_product_type(product_type_id: int, interval_months: int | None) -> int:
    """A type's interval changed (to `interval_months`): every aid of that type gets its due date again."""
    return await refresh_assets(Asset.product_type == product_type_id, {product_type_id: interval_months})


async def refresh_all() -> int:
    """Every aid of a type with an interval (the demo seeder; after bulk imports)."""
    types = [row["id"] for row in await ProductType.select(ProductType.id)]
    changed = 0
    for type_id in types:
        changed += await refresh_assets(Asset.product_type == type_id)
    return changed


def _as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])
