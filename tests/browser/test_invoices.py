"""Mijn facturen (INV-1) in a real browser: with invoices and a credit note on the page, the spending chart
and the list meet WCAG 2.2 AA at phone and desktop width without scrolling sideways, the first result
in view and the menu marking Mijn facturen; choosing "Creditnota"
and "Zoeken" swaps only the results (htmx) and puts the filter in the address; screenshots of both."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.i18n import local_today
from tests import factories
from tests import invoice_factories as inv
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import AXE, AXE_URL, RUN_AXE, WCAG_TAGS, _require_axe, _signed_in_context

pytestmark = pytest.mark.browser


async def test_mijn_facturen_is_accessible_fits_both_screens_and_filters_with_htmx(live_server, browser):
    from playwright.async_api import expect

    _require_axe()
    await live_server.wait_until_ready()
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde", city="Utrecht")
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@delinde.nl")
    today = local_today()
    for days in range(0, 330, 11):
        invoice = await inv.invoice(linde, invoice_date=today - timedelta(days=days), status="paid" if days > 60 else "open",
                                    lines=[("Hoog-laagbed Sentida", "1", f"{250 + days * 3}.45", "21.00"),
                                           ("Handschoenen nitril", "4", "7.35", "9.00")])
    credit = await inv.invoice(linde, kind="credit_note", invoice_date=today - timedelta(days=2), credited=invoice,
                               lines=[("Creditering: beschadigd geleverd", "1", "-80.00", "21.00")])
    context, page = await _signed_in_context(browser, live_server, admin.email, AXE.read_text())
    try:
        for screen in (PHONE, DESKTOP):
            await page.set_viewport_size(screen.options["viewport"])
            await page.goto(live_server.base_url + "/profile/orders/?page=financial")
            await expect(page.locator("h1")).to_have_text("Mijn facturen")
            await page.add_script_tag(url=AXE_URL)
            assert await page.evaluate(RUN_AXE, [WCAG_TAGS, []]) == [], screen.name
            widths = await page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
            assert widths[0] <= widths[1], f"scrolls sideways on the {screen.name}: {widths}"
            first = await page.locator("#invoices tbody tr").first.bounding_box()
            assert first["y"] < screen.options["viewport"]["height"], f"first result below the fold: {first}"
            await expect(page.locator('nav[aria-label="Hoofdmenu"] a[aria-current="page"]').first).to_have_text(
                "Mijn facturen")
            await page.screenshot(path=str(live_server_screenshot(screen.name)), full_page=True, caret="initial")

        await page.get_by_label("Soort").select_option(label="Creditnota")
        await page.get_by_role("button", name="Zoeken").click()
        await expect(page.locator("#invoices .list-count")).to_have_text("1 document gevonden")
        await expect(page.locator("#invoices tbody th a")).to_have_text(credit.number)
        assert re.search(r"page=financial.*soort=creditnota", page.url)
        await expect(page.locator("#selection-incl")).to_contain_text("-96,80")
    finally:
        await context.close()


def live_server_screenshot(name: str):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}-mijn-facturen.png"
