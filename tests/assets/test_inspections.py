"""Inspection due dates (issue 9, item 5): the interval per product type, the due date of each aid from its
last inspection (or its start), "Volgende keuring" on the object page, the fleet filter "Keuring" with
keyset paging, and the column in the list's declared columns (downloads)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from portal.domain.assets import FLEET_LISTING, inspections
from portal.domain.assets import fleet as fleet_pages
from portal.domain.assets.filters import parse_filters
from portal.domain.scope import organisation_scope
from portal.domain.service_requests import execution
from portal.listing import WIDE
from portal.tables import Asset, ProductType
from tests.assets.conftest import messages, object_numbers, options, pager
from tests.helpers import login

TODAY = inspections.today()  # Amsterdam's today, as the rule reads it (not the machine's UTC)
STAFF = execution.Staff("staff:test")


@pytest.fixture
async def admin(client, fleet):
    await login(client, "admin@noord.nl")
    return client


async def set_interval(ptype, months: int | None) -> None:
    await ProductType.update({ProductType.inspection_interval_months: months}).where(ProductType.id == ptype.id)
    await inspections.refresh_product_type(ptype.id, months)


async def set_due(aid, day: date | None) -> None:
    await Asset.update({Asset.next_inspection: day}).where(Asset.id == aid.id)


async def due_of(aid) -> date | None:
    return (await Asset.select(Asset.next_inspection).where(Asset.id == aid.id).first())["next_inspection"]


# The rule -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 3, 15), 12, date(2027, 3, 15)),
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 2, 29), 12, date(2029, 2, 28)),
    (date(2026, 11, 30), 24, date(2028, 11, 30)),
])
def test_due_is_the_same_day_months_later_or_the_months_last_day(day, months, expected):
    assert inspections.add_months(day, months) == expected


def test_no_interval_means_no_due_date():
    assert inspections.due_date(None, date(2026, 1, 1), date(2025, 1, 1)) is None
    assert inspections.due_date(12, None, date(2025, 5, 1)) == date(2026, 5, 1)
    assert inspections.due_date(12, date(2026, 2, 1), date(2025, 5, 1)) == date(2027, 2, 1)


async def test_an_aid_never_inspected_counts_from_its_start(fleet):
    """Owned: the day it was registered; rented: the rental start."""
    registered = datetime(2025, 6, 10, 9, tzinfo=timezone.utc)
    await Asset.update({Asset.created_at: registered}).where(Asset.id == fleet.aids["n1"].id)

    await set_interval(fleet.cat["sb755"], 24)
    await set_interval(fleet.cat["birdie"], 12)

    assert await due_of(fleet.aids["n1"]) == date(2027, 6, 10)
    assert await due_of(fleet.aids["n3"]) == date(2027, 3, 1)  # rented since 1-3-2026
    assert await due_of(fleet.aids["n2"]) is None  # its type has no interval


async def test_a_recorded_inspection_sets_the_next_due_date(fleet):
    await set_interval(fleet.cat["birdie"], 12)
    day = TODAY - timedelta(days=5)

    await execution.record_maintenance("HB1003", "inspection", day, "Goedgekeurd.", STAFF)

    assert await due_of(fleet.aids["n3"]) == inspections.add_months(day, 12)
    # An earlier inspection recorded later does not move it back.
    await execution.record_maintenance("HB1003", "inspection", day - timedelta(days=100), "", STAFF)
    assert await due_of(fleet.aids["n3"]) == inspections.add_months(day, 12)


async def test_a_changed_interval_changes_every_due_date_of_the_type(fleet):
    await set_interval(fleet.cat["sb755"], 12)
    first = await due_of(fleet.aids["s1"])

    await set_interval(fleet.cat["sb755"], 24)

    assert await due_of(fleet.aids["s1"]) == inspections.add_months(first, 12)
    await set_interval(fleet.cat["sb755"], None)
    assert await due_of(fleet.aids["s1"]) is None


def test_interval_input_is_checked_with_a_dutch_message():
    assert inspections.parse_interval("") is None and inspections.parse_interval("12") == 12
    for bad, message in (("twaalf", "aantal maanden"), ("0", "tussen 1 en 120"), ("121", "tussen 1 en 120")):
        with pytest.raises(ValueError, match=message):
            inspections.parse_interval(bad)


# The object page ----------------------------------------------------------------------------------------


async def test_the_object_page_shows_volgende_keuring(admin, fleet):
    await ProductType.update({ProductType.inspection_interval_months: 12}).where(ProductType.id == fleet.cat["birdie"].id)
    overdue = TODAY - timedelta(days=3)
    await set_due(fleet.aids["n3"], overdue)

    page = (await admin.get("/hulpmiddelen/HB1003")).text
    other = (await admin.get("/hulpmiddelen/HB1001")).text

    assert "Volgende keuring" in page and f"{overdue.day}-{overdue.month}-{overdue.year} (verlopen)" in page
    assert "Geen periodieke keuring voor dit type" in other


# The fleet list -----------------------------------------------------------------------------------------


async def test_the_keuring_filter_lists_overdue_or_due_within_30_days(admin, fleet):
    await set_due(fleet.aids["n1"], TODAY - timedelta(days=1))
    await set_due(fleet.aids["s1"], TODAY)
    await set_due(fleet.aids["s2"], TODAY + timedelta(days=30))
    await set_due(fleet.aids["s3"], TODAY + timedelta(days=31))

    overdue = (await admin.get("/hulpmiddelen?keuring=verlopen")).text
    soon = (await admin.get("/hulpmiddelen?keuring=binnenkort")).text

    assert object_numbers(overdue) == ["HB1001"]
    assert object_numbers(soon) == ["HB3001", "HB3002"]
    assert options(overdue, "f-keuring") == [("verlopen", "Keuring verlopen"), ("binnenkort", "Keuring binnen 30 dagen")]


async def test_the_keuring_filter_keeps_the_scope(client, fleet):
    await set_due(fleet.aids["n1"], TODAY - timedelta(days=1))
    await set_due(fleet.aids["s1"], TODAY - timedelta(days=1))
    await login(client, "noord@noord.nl")  # role 4, Noord only

    assert object_numbers((await client.get("/hulpmiddelen?keuring=verlopen")).text) == ["HB1001"]


async def test_an_unknown_keuring_value_is_dropped_with_a_message(admin, fleet):
    response = await admin.get("/hulpmiddelen?keuring=morgen", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "er is niet op keuring gefilterd" in " ".join(messages(response.text))
    assert len(object_numbers(response.text)) == 8


async def test_the_keuring_filter_pages_by_keyset(admin, fleet, monkeypatch):
    monkeypatch.setattr(fleet_pages, "PAGE_SIZE", 2)
    for key in ("n1", "n2", "n4", "s1", "s4"):
        await set_due(fleet.aids[key], TODAY - timedelta(days=2))

    seen, url = [], "/hulpmiddelen?keuring=verlopen&sorteren=locatie"
    for _ in range(5):
        html = (await admin.get(url)).text
        seen += object_numbers(html)
        if "next" not in pager(html):
            break
        url = pager(html)["next"]

    assert sorted(seen) == ["HB1001", "HB1002", "HB2001", "HB3001", "XY0001"] and len(seen) == 5


async def test_volgende_keuring_is_a_declared_column_for_wide_screens_and_the_downloads(fleet):
    column = next(c for c in FLEET_LISTING.columns if c.label == "Volgende keuring")
    assert column.priority == WIDE and column.export_key == "next_inspection"
    day = TODAY + timedelta(days=10)
    await set_due(fleet.aids["n1"], day)

    scope = organisation_scope(fleet.org.id)
    filters = (await parse_filters(scope, {"keuring": "binnenkort"})).filters
    rows = [row async for batch in fleet_pages.iterate_fleet(scope, filters) for row in batch]

    assert [(r["object_number"], r["next_inspection"], r["next_inspection_label"]) for r in rows] == [
        ("HB1001", day, f"{day.day}-{day.month}-{day.year}")]
