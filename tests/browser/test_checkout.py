"""Ordering over the budget limit, in a real browser at phone width (SHOP-2…6, SHOP-8): a nurse searches a
bed by its article number, sets the quantity with + and −, adds it, recalculates the basket, adds gloves
from the basket's search, checks out in two steps and sees the order wait for approval in Mijn orders;
her team leader signs in, approves it from "Te autoriseren"; she sees it approved. The same pages on a desktop,
screenshots of each, nothing scrolling sideways, the first order visible without scrolling past the filters."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from portal.domain.shop import basket
from portal.tables import Order
from tests import factories, order_factories, shop_factories
from tests.browser.conftest import DESKTOP, PHONE, Tab
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


async def ward():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde", city="Utrecht")
    west = await factories.department(linde, "Afdeling West")
    bed = await shop_factories.product(name="Hoog-laagbed Sentida", article_number="100200", list_price="1234.56")
    await shop_factories.contract_price(org, bed, "999.99")
    gloves = await shop_factories.product(name="Handschoenen nitril", article_number="300400", list_price="7.35",
                                          vat_rate="9.00")
    leader = await factories.account(org, "3", name="Tom Teamleider", email="tom@delinde.nl", locations=[linde],
                                     may_authorise_orders=True)
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    await order_factories.budget(nurse, ("500.00", leader))
    return org, linde, west, nurse, leader, bed, gloves


async def check_out(tab: Tab, department: str) -> str:
    """Both steps of "Bestellen"; answers the order number."""
    from playwright.async_api import expect

    page = tab.page
    await page.goto(tab.url("/bestellen"))
    await expect(page.locator(".lead")).to_have_text("Stap 1 van 2: afleverinformatie")
    await page.get_by_label("Afdeling").select_option(label=department)
    await page.locator("#f-report_to_name").fill("Receptie De Linde")  # "Melden bij"
    await page.get_by_label("Telefoon (melden bij)").fill("030 123 45 67")
    await page.locator("#f-contact_name").fill("Jan Balie")  # "Contact bij aflevering"
    await page.get_by_label("Referentie").fill("Kamer 1.12")
    await page.get_by_label("Gevraagde afleverdatum").fill((date.today() + timedelta(days=5)).isoformat())
    await page.get_by_label("Bericht aan HartingBank").fill("Graag via de achteringang.")
    await fits_the_screen(tab, "Bestellen stap 1")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Volgende").click()
    await expect(page.locator(".lead")).to_have_text("Stap 2 van 2: controleren en versturen")
    await expect(page.locator("main")).to_contain_text("Receptie De Linde")
    await fits_the_screen(tab, "Bestellen stap 2")
    async with page.expect_navigation(url=re.compile(r"/profile/orders/ORD-")):
        await page.get_by_role("button", name="Order plaatsen").click()
    return page.url.rsplit("/", 1)[-1]


async def fill_the_basket_by_searching(tab: Tab) -> None:
    """From the catalogue: the bed by the start of its article number, 2 with + + −, in the basket; there
    1 recalculated, and gloves added from the basket's own search."""
    from playwright.async_api import expect

    page = tab.page
    await page.goto(tab.url("/alle-producten/"))
    await page.locator("#zoek-q").fill("10020")
    answers = page.locator("#zoek-antwoorden")
    await expect(answers.get_by_role("link", name=re.compile("Hoog-laagbed Sentida"))).to_be_visible()
    await answers.get_by_role("button", name="Eén meer").click()
    await answers.get_by_role("button", name="Eén meer").click()
    await answers.get_by_role("button", name="Eén minder").click()
    await expect(answers.locator("input[name=aantal]")).to_have_value("2")
    await answers.get_by_role("button", name="In winkelwagen").click()
    basket_link = page.locator("#basket-link")
    await expect(basket_link).to_have_text(re.compile(r"Winkelwagen\s*2"))
    async with page.expect_navigation():
        await basket_link.click()
    totals = page.locator(".totals")
    await expect(totals).to_contain_text("1.999,98")  # 2 × the contract price € 999,99
    await page.locator("#basket-form input[inputmode=numeric]").first.fill("1")
    await page.get_by_role("button", name="Herberekenen").click()
    await expect(totals).to_contain_text("999,99")
    await page.locator("#zoek-q").fill("300400")
    await page.locator("#zoek-antwoorden").get_by_role("button", name="In winkelwagen").click()
    await expect(page.locator("#basket-form")).to_contain_text("Handschoenen nitril")
    await expect(totals).to_contain_text("1.007,34")  # € 999,99 + € 7,35
    await fits_the_screen(tab, "Winkelwagen")
    async with page.expect_navigation(url=re.compile(r"/bestellen")):
        await page.get_by_role("button", name="Order plaatsen").click()


async def first_order_is_in_view(tab: Tab, number: str) -> None:
    """The first row of Mijn orders shows without scrolling past the filters."""
    link = tab.page.get_by_role("link", name=number).first
    box = await link.bounding_box()
    assert box is not None and box["y"] + box["height"] <= tab.screen.options["viewport"]["height"], box


async def test_over_the_limit_the_order_waits_the_leader_approves_and_the_nurse_sees_it(open_tab):
    from playwright.async_api import expect

    _org, _linde, _west, nurse, leader, _bed, _gloves = await ward()
    nina = await open_tab(PHONE)
    await sign_in(nina, nurse.email)

    await fill_the_basket_by_searching(nina)
    number = await check_out(nina, "Afdeling West")
    page = nina.page
    await expect(page.get_by_role("status").first).to_have_text(f"Uw order {number} is geplaatst en wacht op autorisatie.")
    await expect(page.locator("h1")).to_contain_text(number)
    await fits_the_screen(nina, "Order")
    assert (await Order.objects().get(Order.number == number)).status == "awaiting_authorisation"

    await page.goto(nina.url("/profile/orders/"))
    row = page.locator("tr", has=page.get_by_role("link", name=number))
    await expect(row).to_contain_text("Wacht op autorisatie")
    await expect(row).to_contain_text("Kamer 1.12")
    await fits_the_screen(nina, "Mijn orders")
    await first_order_is_in_view(nina, number)

    tom = await open_tab(PHONE)
    await sign_in(tom, leader.email)
    await tom.page.goto(tom.url("/te-autoriseren"))
    async with tom.page.expect_navigation():
        await tom.page.get_by_role("link", name=number).click()
    await expect(tom.page.locator("main")).to_contain_text("Deze order wacht op uw autorisatie")
    await fits_the_screen(tom, "Order autoriseren")
    async with tom.page.expect_navigation():
        await tom.page.get_by_role("button", name="Goedkeuren").click()
    await expect(tom.page.get_by_role("status").first).to_have_text(
        f"U heeft order {number} goedgekeurd; HartingBank neemt hem in behandeling.")
    await expect(tom.page.locator("main")).to_contain_text("Er wachten geen orders op uw autorisatie.")

    await page.goto(nina.url("/profile/orders/"))
    row = page.locator("tr", has=page.get_by_role("link", name=number))
    await expect(row).to_contain_text("Verstuurd naar HartingBank")
    await expect(row).to_contain_text("Geautoriseerd door Tom Teamleider")
    assert (await Order.objects().get(Order.number == number)).status == "submitted"
    assert nina.problems == [] and tom.problems == []


async def test_the_checkout_and_order_pages_fit_a_desktop(open_tab):
    from playwright.async_api import expect

    org, linde, _west, _nurse, _leader, bed, gloves = await ward()
    buyer = await factories.account(org, "5", name="Bram Inkoper", email="bram@delinde.nl", locations=[linde])
    await basket.add(buyer, [(bed.id, 2), (gloves.id, 3)])
    bram = await open_tab(DESKTOP)
    await sign_in(bram, buyer.email)

    number = await check_out(bram, "Afdeling West")
    await expect(bram.page.get_by_role("status").first).to_have_text(
        f"Uw order {number} is geplaatst en verstuurd naar HartingBank.")
    await fits_the_screen(bram, "Order")
    await bram.page.goto(bram.url("/profile/orders/"))
    await fits_the_screen(bram, "Mijn orders")
    await first_order_is_in_view(bram, number)
