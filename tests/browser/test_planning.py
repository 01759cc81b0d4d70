"""Planning and Mijn acties in real browsers (PLN-1, PLN-2, X-1): at phone and desktop width no list
scrolls sideways, a search swaps the results and puts the filters in the address bar."""

from __future__ import annotations

import pytest

from tests import asset_factories as af
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_account_admin import fits_the_screen, sign_in
from tests.service_requests.conftest import made_request

pytestmark = pytest.mark.browser


async def test_both_lists_fit_a_phone_and_a_desktop_and_a_search_swaps_the_results(open_tab):
    from playwright.async_api import expect

    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde met een lange naam", city="Utrecht")
    west = await factories.department(linde, "Afdeling Psychogeriatrie West")
    cat = await af.catalogue()
    bed = await af.asset(org, linde, cat["sb755"], department=west, object_number="HB7001")
    hoist = await af.asset(org, linde, cat["birdie"], department=west, object_number="HB7002")
    admin = await factories.account(org, "admin", email="anja@delinde.nl")
    repair = await made_request(bed, "repair", "planned", days_ago=3, planned_in=4, requester=admin,
                                intended_for="Mevrouw Jansen, kamer 12")
    await made_request(hoist, "inspection", "done", days_ago=9, executed_ago=2)
    for screen in (PHONE, DESKTOP):
        tab = await open_tab(screen)
        await sign_in(tab, admin.email)
        page = tab.page
        await page.goto(tab.url("/profile/planning"))
        await expect(page.get_by_role("link", name=repair.number)).to_be_visible()
        await fits_the_screen(tab, f"Planning ({screen.name})")
        await page.goto(tab.url("/acties"))
        await expect(page.get_by_role("link", name="HB7002")).to_be_visible()
        await fits_the_screen(tab, f"Mijn acties ({screen.name})")
        if screen is PHONE:
            # The filters start folded away on a phone, so the first result is on the first screen.
            for path, results in (("/profile/planning", "#planning-results"), ("/acties", "#actions-results")):
                await page.goto(tab.url(path))
                assert await page.locator("details.list-filters").get_attribute("open") is None
                box = await page.locator(f"{results} tbody tr").first.bounding_box()
                assert box["y"] < screen.options["viewport"]["height"], (path, box)  # the first card starts on it
            continue
        await page.evaluate("window.stillTheSamePage = true")
        await page.get_by_label("Objectnummer").fill("hb7001")
        await page.get_by_role("button", name="Zoeken").click()
        await expect(page.get_by_role("link", name="HB7002")).to_have_count(0)
        await expect(page).to_have_url(tab.url("/acties?objectnummer=HB7001"))
        assert await page.evaluate("window.stillTheSamePage") is True
