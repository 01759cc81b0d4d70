"""Kopen in a real browser (SHOP-1…4): on a phone, search by article number while typing, set the quantity
with + and −, add it and see the header's count change without a reload, open the basket, change a
quantity and recalculate. The catalogue, a product page and the basket fit a phone and a desktop."""

from __future__ import annotations

import re

import pytest

from tests import asset_factories, factories, shop_factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


async def _shop():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde")
    buyer = await factories.account(org, "2", locations=[linde], email="inkoop@delinde.nl")
    chairs = await asset_factories.category("Rolstoelen")
    await chairs.update_self({"slug": "rolstoelen"})
    sub = await asset_factories.subcategory(chairs, "Rolstoel lichtgewicht")
    kind = await asset_factories.product_type(sub, "Breezy Premium")
    chair = await shop_factories.product(chairs, name="Lichtgewicht rolstoel Breezy Premium, zitbreedte 45 cm",
                                         article_number="300412", list_price="689.00", vat_rate="9.00",
                                         product_type=kind, description="Opvouwbare lichtgewicht rolstoel.",
                                         specifications={"Zitbreedte": "45 cm", "Gewicht": "13,5 kg"},
                                         images=["rolstoelen.svg"])
    cushion = await shop_factories.product(chairs, name="Zitkussen Vicair Adjuster", article_number="300499",
                                           list_price="249.00", vat_rate="9.00", product_type=kind)
    await shop_factories.related(chair, cushion)
    await shop_factories.core(org, chair)
    await shop_factories.contract_price(org, chair, "640.00")
    for n in range(6):
        await shop_factories.product(chairs, name=f"Rolstoel Actief {n}", article_number=f"3005{n:02d}",
                                     list_price="900.00", vat_rate="9.00", product_type=kind)
    return buyer


async def test_on_a_phone_search_add_with_plus_and_minus_and_recalculate_the_basket(open_tab):
    from playwright.async_api import expect

    buyer = await _shop()
    tab = await open_tab(PHONE)
    page = tab.page
    await sign_in(tab, buyer.email)
    await page.goto(tab.url("/alle-producten/"))
    basket_link = page.locator("#basket-link")
    await expect(basket_link).to_have_text("Winkelwagen")
    await page.evaluate("window.stillTheSamePage = true")

    # Typing the start of the article number answers below the field, without pressing Zoeken.
    await page.locator("#zoek-q").fill("30041")
    answers = page.locator("#zoek-antwoorden")
    await expect(answers.get_by_role("link", name=re.compile("Breezy Premium"))).to_be_visible()
    await expect(answers.get_by_role("link", name=re.compile("Actief"))).to_have_count(0)

    quantity = answers.locator("input[name=aantal]")
    await answers.get_by_role("button", name="Eén meer").click()
    await answers.get_by_role("button", name="Eén meer").click()
    await answers.get_by_role("button", name="Eén minder").click()
    await expect(quantity).to_have_value("2")
    await answers.get_by_role("button", name="In winkelwagen").click()
    await expect(answers.locator(".added")).to_contain_text("in de winkelwagen (nu 2)")
    await expect(basket_link).to_have_text(re.compile(r"Winkelwagen\s*2"))
    assert await page.evaluate("window.stillTheSamePage") is True  # no reload
    await fits_the_screen(tab, "Kopen zoeken")

    # The basket: the contract price, then the quantity changed and recalculated.
    async with page.expect_navigation():
        await basket_link.click()
    await expect(page.locator("h1")).to_have_text("Winkelwagen")
    totals = page.locator(".totals")
    await expect(totals).to_contain_text("1.280,00")  # 2 × € 640,00
    await page.evaluate("window.stillTheSamePage = true")
    line_quantity = page.locator("#basket-form input[inputmode=numeric]").first
    await line_quantity.fill("5")
    await page.get_by_role("button", name="Herberekenen").click()
    await expect(totals).to_contain_text("3.200,00")  # 5 × € 640,00
    await expect(totals).to_contain_text("3.488,00")  # incl. 9 % btw
    await expect(page.locator("#basket-link")).to_have_text(re.compile(r"Winkelwagen\s*5"))
    # + recalculates by itself.
    await page.locator("#basket-form").get_by_role("button", name="Eén meer").click()
    await expect(totals).to_contain_text("3.840,00")  # 6 × € 640,00
    # Search and add inside the basket: the lines and the totals follow without a reload.
    await page.locator("#zoek-q").fill("300499")
    answers = page.locator("#zoek-antwoorden")
    await answers.get_by_role("button", name="In winkelwagen").click()
    await expect(page.locator("#basket-form")).to_contain_text("Zitkussen Vicair Adjuster")
    await expect(totals).to_contain_text("4.089,00")  # 6 × € 640,00 + € 249,00
    await expect(page.locator("#basket-link")).to_have_text(re.compile(r"Winkelwagen\s*7"))
    assert await page.evaluate("window.stillTheSamePage") is True
    await fits_the_screen(tab, "Winkelwagen")


async def test_catalogue_product_page_and_basket_fit_a_phone_and_a_desktop(open_tab):
    from playwright.async_api import expect

    buyer = await _shop()
    for screen in (PHONE, DESKTOP):
        tab = await open_tab(screen)
        page = tab.page
        await sign_in(tab, buyer.email)
        await page.goto(tab.url("/alle-producten/"))
        await expect(page.get_by_role("heading", name="Uw kernassortiment")).to_be_visible()
        first = await page.locator(".product-card").first.bounding_box()
        assert first["y"] < screen.options["viewport"]["height"], first  # the first product on the first screen
        await fits_the_screen(tab, "Kopen")
        await page.goto(tab.url("/alle-producten/rolstoelen"))
        first = await page.locator(".product-card").first.bounding_box()
        assert first["y"] < screen.options["viewport"]["height"], first
        await fits_the_screen(tab, "Categorie")
        await page.goto(tab.url("/alle-producten/product/300412"))
        await expect(page.get_by_text("Zitbreedte", exact=True)).to_be_visible()
        await expect(page.get_by_role("heading", name="Gerelateerde producten")).to_be_visible()
        await page.get_by_role("main").get_by_role("button", name="In winkelwagen").first.click()
        await expect(page.locator("#basket-link")).to_have_text(re.compile(r"Winkelwagen\s*\d"))
        await fits_the_screen(tab, "Productpagina")
        await page.goto(tab.url("/winkelwagen"))
        await expect(page.get_by_role("button", name="Herberekenen")).to_be_visible()
        await fits_the_screen(tab, "Winkelwagen gevuld")
