"""Mijn actuele overzicht (DASH-1) in a real browser: every role lands on it after signing in and every link
on it (the full lists, the details) opens a page with a heading, not an error; on a phone (360 px) and a
desktop (1280 x 800) what waits for the account's authorisation is first and in view, and nothing scrolls
sideways. Screenshots land in screenshots/."""

from __future__ import annotations

import pytest

try:
    from playwright.async_api import expect
except ImportError:  # the browser fixtures skip these tests (or fail them in CI) and say why
    expect = None

from portal.rights import ADMIN, ROLES
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import AXE, _check_pages, _require_axe
from tests.browser.test_menu import check_page, sign_in
from tests.dashboard.conftest import care  # noqa: F401 - the dashboard tests' organisation

pytestmark = pytest.mark.browser

ERROR_TITLES = ("Pagina niet gevonden", "Geen toegang", "Niet toegestaan")
CONTENT_LINKS = "() => [...document.querySelectorAll('main a[href^=\"/\"]')].map(a => a.getAttribute('href'))"


@pytest.mark.parametrize("role", ROLES)
async def test_every_link_on_the_dashboard_opens_a_page(open_tab, care, role):  # noqa: F811
    tab = await open_tab(DESKTOP)
    page = tab.page
    await sign_in(tab, care.people[role].email)  # lands on the dashboard (checked there)
    links = sorted(set(await page.evaluate(CONTENT_LINKS)))
    assert any(link.startswith("/acties/") for link in links), links  # a repair's "Bekijk details"
    assert any(link.startswith("/profile/planning") for link in links), links  # "Volledig overzicht"
    for link in links:
        response = await page.goto(tab.url(link))
        assert response.ok, f"{link} answered {response.status} for role {role}"
        heading = page.locator("h1")
        await expect(heading).to_be_visible()
        assert (await heading.inner_text()) not in ERROR_TITLES, f"{link} for role {role}"
    if tab.problems:
        pytest.fail("\n".join(tab.problems), pytrace=False)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda screen: screen.name)
async def test_what_waits_for_the_authoriser_is_first_and_in_view(open_tab, care, screen):  # noqa: F811
    tab = await open_tab(screen)
    page = tab.page
    await sign_in(tab, care.people["1"].email)
    waiting = page.get_by_role("heading", name="Wacht op uw autorisatie")
    await expect(waiting).to_be_in_viewport()
    first_row = page.locator("#wachtende-aanvragen tbody tr").first
    await expect(first_row).to_contain_text(care.waiting_repair.number)
    if not screen.is_phone:  # on the desktop the first waiting request itself is in view too
        await expect(first_row).to_be_in_viewport()
    headings = await page.locator("main h2").all_inner_texts()
    assert headings[0].startswith("Wacht op uw autorisatie"), headings
    await check_page(tab, "Mijn actuele overzicht")  # fits the screen, nothing in the console; screenshot


@pytest.mark.parametrize("role", [ADMIN, "1", "4"])
async def test_the_filled_dashboard_meets_wcag_aa(live_server, browser, care, role):  # noqa: F811
    """The generated accessibility suite opens the page with empty sections; here every section has rows."""
    _require_axe()
    await live_server.wait_until_ready()
    problems, checked = await _check_pages(browser, live_server, ["/profile/"], role, care.people[role].email,
                                           AXE.read_text())
    assert checked == 1 and not problems, problems
