"""A quote from request to order, in real browsers (SHOP-9): a nurse (role 2) fills her basket, chooses
"Offerte aanvragen" instead of "Order plaatsen", goes through the same two steps and finds the request in
Mijn offertes; HartingBank's staff answer it in /admin with a price per article, a validity date and a
note; she sees the answer, presses "Bestellen", finds the products in the basket at the quoted prices and
places the order, which records the quote. Phone and desktop screenshots; nothing scrolls sideways."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.domain.shop import basket
from portal.domain.staff import create_staff_user
from portal.tables import Order, OrderLine, Quote
from tests import factories, shop_factories
from tests.admin import STAFF_PASSWORD, no_staff  # noqa: F401  (staff users are emptied around the test)
from tests.browser.conftest import DESKTOP, PHONE, Tab, open_admin_form
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


async def ward():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde", city="Utrecht")
    west = await factories.department(linde, "Afdeling West")
    bed = await shop_factories.product(name="Hoog-laagbed Sentida", article_number="100200", list_price="1234.56")
    gloves = await shop_factories.product(name="Handschoenen nitril", article_number="300400", list_price="7.35",
                                          vat_rate="9.00")
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    return linde, west, nurse, bed, gloves


async def request_a_quote(tab: Tab, department: str) -> str:
    """From the basket, "Offerte aanvragen" and both steps; answers the quote number."""
    from playwright.async_api import expect

    page = tab.page
    await page.goto(tab.url("/winkelwagen"))
    await expect(page.get_by_role("button", name="Order plaatsen")).to_be_visible()
    await fits_the_screen(tab, "Winkelwagen met Offerte aanvragen")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Offerte aanvragen").click()
    await expect(page.locator("h1")).to_have_text("Offerte aanvragen")
    await expect(page.locator(".lead")).to_have_text("Stap 1 van 2: afleverinformatie")
    await page.get_by_label("Afdeling").select_option(label=department)
    await page.locator("#f-report_to_name").fill("Receptie De Linde")
    await page.locator("#f-contact_name").fill("Jan Balie")
    await page.get_by_label("Referentie").fill("Nieuwe kamer 1.14")
    await page.get_by_label("Bericht aan HartingBank").fill("Graag inclusief montage.")
    await fits_the_screen(tab, "Offerte aanvragen stap 1")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Volgende").click()
    await expect(page.locator(".lead")).to_have_text("Stap 2 van 2: controleren en versturen")
    await fits_the_screen(tab, "Offerte aanvragen stap 2")
    async with page.expect_navigation(url=re.compile(r"/profile/quotes/OFF-")):
        await page.get_by_role("button", name="Offerte aanvragen").click()
    await expect(page.locator("#quote-status")).to_have_text("Aangevraagd")
    return page.url.rsplit("/", 1)[-1]


async def staff_answer_it_in_the_admin(tab: Tab, number: str, valid_until: date) -> None:
    from playwright.async_api import expect

    page = await open_admin_form(tab, "offerte-beantwoorden", "Offerte beantwoorden")
    # piccolo-admin's labels are not tied to their fields: the fields by name.
    await page.locator("input[name=number]").fill(number)
    await page.locator("[name=prices]").fill("100200 899,00; 300400 6,50")
    await page.locator("input[name=valid_until]").fill(valid_until.isoformat())
    await page.locator("[name=note]").fill("Prijzen inclusief montage.")
    await page.get_by_role("button", name=re.compile("versturen", re.I)).click()
    await expect(page.locator("body")).to_contain_text(f"Offerte {number} is beantwoord")
    await tab.screenshot("Admin - offerte beantwoord")


async def test_a_nurse_requests_a_quote_staff_answer_it_and_she_orders_it_at_the_quoted_prices(open_tab):
    from playwright.async_api import expect

    linde, west, nurse, bed, gloves = await ward()
    await basket.add(nurse, [(bed.id, 2), (gloves.id, 10)])
    nina = await open_tab(PHONE)
    await sign_in(nina, nurse.email)
    number = await request_a_quote(nina, "Afdeling West")
    await fits_the_screen(nina, "Offerte aangevraagd")

    await nina.page.goto(nina.url("/profile/quotes/"))
    row = nina.page.locator("tr", has=nina.page.get_by_role("link", name=number))
    await expect(row).to_contain_text("Nieuwe kamer 1.14")
    await expect(row).to_contain_text("Aangevraagd")
    await fits_the_screen(nina, "Mijn offertes")

    valid_until = date.today() + timedelta(days=30)
    await create_staff_user("bart", "bart@harting-bank.nl", STAFF_PASSWORD)
    staff = await open_tab(DESKTOP)
    await staff_answer_it_in_the_admin(staff, number, valid_until)
    assert (await Quote.objects().get(Quote.number == number)).status == "sent"

    page = nina.page
    await page.goto(nina.url(f"/profile/quotes/{number}"))
    await expect(page.locator("#quote-status")).to_have_text("Offerte ontvangen")
    await expect(page.locator("main")).to_contain_text("Prijzen inclusief montage.")
    await expect(page.locator("main")).to_contain_text("899,00")
    await fits_the_screen(nina, "Offerte ontvangen")
    async with page.expect_navigation(url=re.compile(r"/winkelwagen")):
        await page.get_by_role("button", name="Bestellen").click()
    await expect(page.locator("#basket")).to_contain_text(f"Offerte {number}")
    await expect(page.locator("#basket")).to_contain_text("899,00")
    await fits_the_screen(nina, "Winkelwagen met offerteprijzen")

    async with page.expect_navigation():
        await page.get_by_role("button", name="Order plaatsen").click()
    await page.get_by_label("Afdeling").select_option(label="Afdeling West")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Volgende").click()
    await expect(page.locator("main")).to_contain_text("899,00")
    async with page.expect_navigation(url=re.compile(r"/profile/orders/ORD-")):
        await page.get_by_role("button", name="Order plaatsen").click()

    order = await Order.objects().get(Order.number == page.url.rsplit("/", 1)[-1])
    quote = await Quote.objects().get(Quote.number == number)
    assert order.quote == quote.id and quote.status == "ordered"
    prices = {row["article_number"]: Decimal(str(row["unit_price"]))
              for row in await OrderLine.select().where(OrderLine.order == order.id)}
    assert prices == {"100200": Decimal("899.00"), "300400": Decimal("6.50")}

    desktop = await open_tab(DESKTOP)
    await sign_in(desktop, nurse.email)
    await desktop.page.goto(desktop.url(f"/profile/quotes/{number}"))
    await expect(desktop.page.locator("#quote-status")).to_have_text("Besteld")
    await fits_the_screen(desktop, "Offerte besteld")
    await desktop.page.goto(desktop.url("/profile/quotes/"))
    await fits_the_screen(desktop, "Mijn offertes")
    assert nina.problems == [] and desktop.problems == []  # the admin logs its own 401s before sign-in
