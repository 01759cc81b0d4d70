"""Contact in a real browser (CON-1, SHOP-2): at phone width a nurse opens "Afspraak met adviseur
aanvragen" on a product page, sends it without a day and sees the message next to the days with what
she typed kept, picks days and sends it, and finds it through the menu in Mijn verzoeken; on a desktop
she sends the contact form and sees it there too. Screenshots of each page, nothing scrolling sideways."""

from __future__ import annotations

import re

import pytest

from portal.tables import ContactRequest
from tests import factories, shop_factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


async def nurse_and_hoist():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde", city="Utrecht")
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    await shop_factories.product(name="Tillift Birdie", article_number="240100", list_price="2450.00",
                                 description="Mobiele tillift voor transfers van bed naar stoel.")
    return nurse


async def test_at_phone_width_an_appointment_from_a_product_page_shows_in_mijn_verzoeken(open_tab):
    from playwright.async_api import expect

    nurse = await nurse_and_hoist()
    tab = await open_tab(PHONE)
    page = tab.page
    await sign_in(tab, nurse.email)
    await page.goto(tab.url("/alle-producten/product/240100"))
    await page.get_by_text("Afspraak met adviseur aanvragen").click()
    await page.get_by_label("'s middags").check()
    await page.get_by_label("Uw vraag").fill("Past de Birdie in onze badkamers?")
    await page.get_by_role("button", name="Afspraak aanvragen").click()

    # htmx swaps the form with the message next to the days; what was typed stays.
    await expect(page.locator("#e-days")).to_have_text("Kies ten minste één dag waarop een afspraak u past.")
    await expect(page.get_by_label("maandag")).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label("'s middags")).to_be_checked()
    await expect(page.get_by_label("Uw vraag")).to_have_value("Past de Birdie in onze badkamers?")
    assert await ContactRequest.count() == 0
    await fits_the_screen(tab, "Productpagina afspraak met melding")

    await page.get_by_label("dinsdag").check()
    await page.get_by_label("donderdag").check()
    async with page.expect_navigation(url=re.compile(r"/profile/verzoeken/VRZ-")):
        await page.get_by_role("button", name="Afspraak aanvragen").click()
    number = page.url.rsplit("/", 1)[-1]
    await expect(page.get_by_role("status").first).to_contain_text(f"verstuurd als verzoek {number}")
    await expect(page.locator("main")).to_contain_text("dinsdag, donderdag")
    await fits_the_screen(tab, "Verzoek afspraak")

    await page.get_by_text("Menu", exact=True).click()
    async with page.expect_navigation():
        await page.locator(".phone-menu").get_by_role("link", name="Mijn verzoeken").click()
    await expect(page.locator("h1")).to_have_text("Mijn verzoeken")
    row = page.locator("tr", has=page.get_by_role("link", name=number))
    await expect(row).to_contain_text("Afspraak met adviseur: Tillift Birdie")
    await expect(row).to_contain_text("Open")
    box = await page.get_by_role("link", name=number).bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE.options["viewport"]["height"], box
    await fits_the_screen(tab, "Mijn verzoeken")


async def test_on_a_desktop_the_contact_form_keeps_what_was_typed_and_the_question_shows_in_mijn_verzoeken(open_tab):
    from playwright.async_api import expect

    nurse = await nurse_and_hoist()
    tab = await open_tab(DESKTOP)
    page = tab.page
    await sign_in(tab, nurse.email)
    await page.goto(tab.url("/contactformulier"))
    await expect(page.locator("footer")).to_contain_text("Bereikbaar maandag t/m vrijdag tijdens kantooruren")
    await page.get_by_label("Onderwerp").fill("Vraag over de planning")
    await page.get_by_label("Telefoon", exact=True).check()
    await fits_the_screen(tab, "Contactformulier")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Versturen").click()
    await expect(page.locator("#e-message")).to_have_text("Vul uw vraag of bericht in.")
    await expect(page.locator("#e-phone")).to_have_text("Vul uw telefoonnummer in: u wilt telefonisch bereikt worden.")
    await expect(page.get_by_label("Onderwerp")).to_have_value("Vraag over de planning")
    await fits_the_screen(tab, "Contactformulier met meldingen")

    await page.get_by_label("Uw vraag of bericht").fill("Wanneer komt de monteur?")
    await page.get_by_label("Telefoonnummer").fill("030 123 45 67")
    async with page.expect_navigation(url=re.compile(r"/profile/verzoeken/VRZ-")):
        await page.get_by_role("button", name="Versturen").click()
    await page.goto(tab.url("/profile/verzoeken/"))
    await expect(page.locator("#requests")).to_contain_text("Vraag over de planning")
    await fits_the_screen(tab, "Mijn verzoeken desktop")


async def test_the_forms_with_their_messages_meet_wcag_aa_on_phone_and_desktop(live_server, browser):
    """The accessibility suite opens every page by GET; the forms coming back with messages (aria-invalid,
    the messages next to the fields) are checked here."""
    from tests.browser.test_accessibility import AXE, AXE_URL, RUN_AXE, WCAG_TAGS, _require_axe, _signed_in_context

    _require_axe()
    nurse = await nurse_and_hoist()
    await live_server.wait_until_ready()
    context, page = await _signed_in_context(browser, live_server, nurse.email, AXE.read_text())
    problems = []
    try:
        for path, submit in (("/alle-producten/product/240100", "Afspraak aanvragen"), ("/contactformulier", "Versturen")):
            await page.set_viewport_size(PHONE.options["viewport"])
            await page.goto(live_server.base_url + path)
            if submit == "Afspraak aanvragen":
                await page.get_by_text("Afspraak met adviseur aanvragen").click()
                await page.get_by_role("button", name=submit).click()
                await page.locator("#e-days").wait_for()
            else:
                await page.get_by_label("Onderwerp").fill("")
                async with page.expect_navigation():
                    await page.get_by_role("button", name=submit).click()
                await page.locator("#e-subject").wait_for()
            await page.add_script_tag(url=AXE_URL)
            for screen in (PHONE, DESKTOP):
                await page.set_viewport_size(screen.options["viewport"])
                problems += [f"{path} with messages ({screen.width} px): {v['id']} {v['help']} {v['targets']}"
                             for v in await page.evaluate(RUN_AXE, [WCAG_TAGS, []])]
    finally:
        await context.close()
    assert problems == []
