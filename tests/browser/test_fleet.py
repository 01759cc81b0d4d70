"""Mijn hulpmiddelen in a real browser, on a phone (360 px, touch) and a desktop: filter (the department
list follows the location), sort, page, open an aid, view its history, go Back to the same list, and
download the Excel and PDF of the filtered list. Screenshots of the list and the object page land in
screenshots/."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest

try:
    from playwright.async_api import expect
except ImportError:  # the browser fixtures skip these tests (or fail them in CI) and say why
    expect = None

from tests import asset_factories as af
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, Tab, _slug

pytestmark = pytest.mark.browser

SCREENS = pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda screen: screen.name)
WIDER_THAN_THE_SCREEN = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
# The elements whose right edge lies past the screen, to name the culprit in a failure.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
  .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 8).map(element => element.outerHTML.slice(0, 160))"""


@pytest.fixture
async def fleet():
    """Zorggroep Noord with 70 aids (two pages), 20 of them in use on Afdeling A of Huize Noord."""
    org = await factories.organisation("Zorggroep Noord")
    north = await factories.location(org, "Huize Noord", city="Groningen")
    south = await factories.location(org, "Huize Zuid", city="Assen")
    ward_a = await factories.department(north, "Afdeling A")
    ward_b = await factories.department(north, "Afdeling B")
    await factories.department(south, "Afdeling Zon")
    cat = await af.catalogue()
    types = [cat["sb755"], cat["alpha"], cat["lowbed"], cat["birdie"]]
    ward_a_in_use = []
    for n in range(70):
        on_a = n % 7 in (0, 1) or n < 6
        aid = await af.asset(
            org, north if on_a or n % 3 else south, types[n % 4],
            department=ward_a if on_a else ward_b if n % 3 else None,
            object_number=f"HB{n + 1:04d}", status="in_use" if on_a or n % 5 else "depot",
            ownership="rented" if n % 2 else "owned", rental_start=date(2026, 1, 1) + timedelta(days=n),
        )
        if on_a:
            ward_a_in_use.append(aid)
    first = ward_a_in_use[0]
    now = datetime.now(timezone.utc)
    for days, kind, status in ((400, "repair", "done"), (200, "cleaning", "done"), (10, "relocation", "planned")):
        await af.service_request(first, kind, status, created_at=now - timedelta(days=days))
    await factories.account(org, "4", locations=[north, south], email="planner@noord.nl", name="Petra Planner")
    return {"org": org, "north": north, "ward_a": ward_a, "ward_a_in_use": ward_a_in_use, "types": types}


async def press(tab: Tab, locator) -> None:
    await (locator.tap() if tab.screen.is_phone else locator.click())


async def check(tab: Tab, heading: str, screenshot: str | None = None) -> None:
    page = tab.page
    await expect(page.locator("h1")).to_have_text(heading)
    assert not await page.evaluate(WIDER_THAN_THE_SCREEN), (
        f"{page.url} is wider than the {tab.screen.name}: {await page.evaluate(STICKING_OUT)}")
    if tab.problems:
        pytest.fail("\n".join(tab.problems), pytrace=False)
    if screenshot:
        # caret="initial": Playwright's default hides the caret with an injected <style>, which the
        # portal's CSP refuses (a console error that is not the page's).
        SCREENSHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"{tab.screen.name}-{_slug(screenshot)}.png"), full_page=True,
                              caret="initial")


async def object_numbers(tab: Tab) -> list[str]:
    return await tab.page.locator("#fleet-results tbody th[scope=row] a").all_inner_texts()


@SCREENS
async def test_filter_sort_open_an_aid_its_history_and_download_both_files(open_tab, fleet, screen, tmp_path):
    tab = await open_tab(screen)
    page = tab.page
    # Signing in from the fleet's address comes back to it.
    await page.goto(tab.url("/hulpmiddelen"))
    await page.get_by_label("E-mailadres").fill("planner@noord.nl")
    await page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    async with page.expect_navigation(url=re.compile(r"/hulpmiddelen$")):
        await press(tab, page.get_by_role("button", name="Inloggen"))
    await check(tab, "Mijn hulpmiddelen", "Mijn hulpmiddelen")
    await expect(page.locator(".list-count")).to_have_text("70 hulpmiddelen gevonden")
    assert len(await object_numbers(tab)) == 50

    # On a phone the filters start folded away, so the list is the first thing on the screen.
    filters = page.locator("details.list-filters")
    if screen.is_phone:
        assert await filters.get_attribute("open") is None
        await press(tab, filters.locator("summary"))
    await expect(page.get_by_label("Selecteer een afdeling")).to_be_visible()

    # The department list follows the chosen location (htmx asks for the form again).
    await page.get_by_label("Selecteer een locatie").select_option(label="Huize Noord (Groningen)")
    await expect(page.get_by_label("Selecteer een afdeling").locator("option")).to_have_text(
        ["Alle afdelingen", "Afdeling A", "Afdeling B"])
    await page.get_by_label("Selecteer een afdeling").select_option(label="Afdeling A")
    await page.get_by_label("Status").select_option(label="In gebruik")
    await press(tab, page.get_by_role("button", name="Zoeken"))
    expected = sorted(aid.object_number for aid in fleet["ward_a_in_use"])
    await expect(page.locator(".list-count")).to_have_text(f"{len(expected)} hulpmiddelen gevonden")
    assert await object_numbers(tab) == expected
    assert f"afdeling={fleet['ward_a'].id}" in page.url and "status=in_use" in page.url

    # Sort: by type, descending; ties stay in object-number order.
    await page.get_by_label("Sorteren", exact=True).select_option(label="Type (aflopend)")
    await expect(page).to_have_url(re.compile(r"sorteren=-type"))
    names = {t.id: t.name for t in fleet["types"]}
    by_type = sorted(fleet["ward_a_in_use"], key=lambda a: (names[a.product_type].casefold(), a.product_type, a.id),
                     reverse=True)
    await expect(page.locator("#fleet-results tbody th[scope=row] a").first).to_have_text(by_type[0].object_number)
    assert await object_numbers(tab) == [aid.object_number for aid in by_type]
    list_url = page.url

    # Both downloads hold the filtered, sorted list.
    async with page.expect_download() as download_info:
        await press(tab, page.get_by_role("link", name="Excel"))
    download = await download_info.value
    assert re.fullmatch(r"hulpmiddelen-\d{4}-\d\d-\d\d\.xlsx", download.suggested_filename)
    excel = tmp_path / f"{screen.name}.xlsx"
    await download.save_as(excel)
    from openpyxl import load_workbook

    sheet = load_workbook(excel, read_only=True).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [a.object_number for a in by_type]
    async with page.expect_download() as download_info:
        await press(tab, page.get_by_role("link", name="PDF", exact=True))
    download = await download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = tmp_path / f"{screen.name}.pdf"
    await download.save_as(pdf)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert re.findall(r"\bHB\d{4}\b", text) == [a.object_number for a in by_type]

    # Open the first aid: its object page, then "Historie inzien".
    first = by_type[0].object_number
    async with page.expect_navigation():
        await press(tab, page.get_by_role("link", name=first, exact=True))
    await check(tab, f"Hulpmiddel {first}", "Hulpmiddel")
    await expect(page.locator(".object-side .qr img")).to_be_visible()
    await press(tab, page.get_by_role("button", name="Historie inzien").or_(page.get_by_role("link", name="Historie inzien")))
    await expect(page.locator("#history-body form.history-filters")).to_be_visible()
    await expect(page).to_have_url(re.compile(rf"/hulpmiddelen/{first}/historie$"))

    # Back leads to the list as it was left: same filters, sort and rows.
    await page.go_back()
    await page.go_back()
    await expect(page).to_have_url(list_url)
    await check(tab, "Mijn hulpmiddelen")
    await expect(page.locator("#fleet-results tbody th[scope=row] a").first).to_have_text(first)


@SCREENS
async def test_the_history_of_an_aid_in_a_real_browser(open_tab, fleet, screen):
    tab = await open_tab(screen)
    page = tab.page
    aid = fleet["ward_a_in_use"][0]
    await page.goto(tab.url(f"/hulpmiddelen/{aid.object_number}"))
    await page.get_by_label("E-mailadres").fill("planner@noord.nl")
    await page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    async with page.expect_navigation(url=re.compile(rf"/hulpmiddelen/{aid.object_number}$")):
        await press(tab, page.get_by_role("button", name="Inloggen"))
    await check(tab, f"Hulpmiddel {aid.object_number}")
    await press(tab, page.get_by_role("button", name="Historie inzien").or_(page.get_by_role("link", name="Historie inzien")))
    rows = page.locator("#history-body tbody tr")
    await expect(rows).to_have_count(3)
    await expect(rows.first).to_contain_text("Verplaatsing")
    await page.get_by_label("Soort actie").select_option(label="Reiniging")
    await press(tab, page.locator("#history-body").get_by_role("button", name="Zoeken"))
    await expect(rows).to_have_count(1)
    await expect(rows.first).to_contain_text("Reiniging")
    await expect(page).to_have_url(re.compile(r"/historie\?soort=cleaning$"))
    await check(tab, f"Hulpmiddel {aid.object_number}", "Historie")


@pytest.mark.parametrize("path, heading, rows", [
    ("/hulpmiddelen", "Mijn hulpmiddelen", "#fleet-results tbody tr"),
    ("/profile/planning", "Planning", "#planning-results tbody tr"),
    ("/acties", "Mijn acties", "#actions-results tbody tr"),
])
async def test_on_a_desktop_the_first_result_shows_below_the_open_filters_without_scrolling(
        open_tab, fleet, path, heading, rows):
    """At 1280 x 800, as the administrator (the longest menu, two lines), the filters open."""
    await factories.account(fleet["org"], "admin", email="beheer@noord.nl")
    await af.service_request(fleet["ward_a_in_use"][1], "repair", "submitted")  # in Planning: still to plan
    tab = await open_tab(DESKTOP)
    page = tab.page
    await page.goto(tab.url(path))
    await page.get_by_label("E-mailadres").fill("beheer@noord.nl")
    await page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Inloggen").click()
    await check(tab, heading)
    assert await page.locator("details.list-filters").get_attribute("open") is not None
    first = await page.locator(rows).first.bounding_box()
    assert first is not None and first["y"] + first["height"] <= 800, (
        f"the first row of {path} ends at {first and first['y'] + first['height']:.0f} px, below the first screen")
