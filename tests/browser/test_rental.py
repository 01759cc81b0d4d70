"""Renting in a real browser at phone width (RENT-1…3): a nurse opens Huren, a category and a bed ("Meer
informatie"), sets 2 with + and −, asks "Huuraanvraag" for a new room reference with start date and note,
copies "Melden bij" into "Contactpersoon bij aflevering" with the button; then rents a hoist and a sling
for the same reference picked as "Bestaand" (its start date and note come along), places them and sees
one rental order for the reference in Mijn orders; HartingBank's staff mark it delivered in /admin and the
four items are rented aids in her Mijn hulpmiddelen, with the room and the daily rent. The catalogue, form and basket on a desktop too;
screenshots of each, nothing scrolling sideways."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from portal.domain.staff import create_staff_user
from portal.tables import Asset, Order, OrderLine, RentalReference
from tests.admin import STAFF_PASSWORD, no_staff  # noqa: F401  (staff users are emptied around the test)
from tests import asset_factories, factories, shop_factories
from tests.browser.conftest import DESKTOP, PHONE, Tab, open_admin_form
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser
START = date.today() + timedelta(days=7)


async def ward():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde", city="Utrecht")
    await factories.department(linde, "Afdeling West")
    beds = await asset_factories.category("Bedden")
    hoists = await asset_factories.category("Tilliften en tilbanden")
    # Each with its type in the catalogue: a delivered item becomes an aid of that type (RENT, item 5).
    bed_type = await asset_factories.product_type(await asset_factories.subcategory(beds, "Hoog-laagbedden"), "Bed")
    hoist_type = await asset_factories.product_type(await asset_factories.subcategory(hoists, "Tilliften"), "Tillift")
    await shop_factories.product(beds, name="Hoog-laagbed Huur", article_number="700100", list_price="1500.00",
                                 rentable=True, daily_rent="4.50", purchasable=False, product_type=bed_type)
    hoist = await shop_factories.product(hoists, name="Passieve tillift Huur", article_number="700200",
                                         list_price="3200.00", rentable=True, daily_rent="12.00", purchasable=False,
                                         product_type=hoist_type)
    sling = await shop_factories.product(hoists, name="Tilband maat M", article_number="700300", list_price="150.00",
                                         rentable=True, daily_rent="1.25", product_type=hoist_type)
    await shop_factories.related(hoist, sling)
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    return nurse


async def open_product(tab: Tab, category: str, product: str) -> None:
    from playwright.async_api import expect

    page = tab.page
    await page.goto(tab.url("/huur"))
    async with page.expect_navigation():
        await page.get_by_role("link", name=category).first.click()
    card = page.locator(".product-card", has=page.get_by_role("link", name=product))
    async with page.expect_navigation():
        await card.get_by_role("button", name=re.compile("Meer informatie")).click()
    await expect(page.locator("h1")).to_have_text(product)


async def ask(tab: Tab, more: int) -> None:
    """On a product page: + `more` times, then "Huuraanvraag"."""
    page = tab.page
    for _ in range(more):
        await page.get_by_role("button", name="Eén meer").click()
    async with page.expect_navigation(url=re.compile(r"/aanvraag")):
        await page.get_by_role("button", name="Huuraanvraag").click()


async def send(tab: Tab) -> None:
    from playwright.async_api import expect

    page = tab.page
    async with page.expect_navigation(url=re.compile(r"/shop/rentalbasket")):
        await page.get_by_role("button", name="Naar overzicht huuraanvraag").click()
    await expect(page.locator("h1")).to_have_text("Huurwinkelwagen")


async def staff_deliver_it_in_the_admin(tab: Tab, number: str, object_numbers: str) -> None:
    """HartingBank's staff mark the rental order delivered today in /admin, naming the first item's object
    number and leaving the others to get new ones."""
    from playwright.async_api import expect

    page = await open_admin_form(tab, "order-geleverd", "Order geleverd")
    # piccolo-admin's labels are not tied to their fields: the fields by name.
    await page.locator("input[name=number]").fill(number)
    await page.locator("input[name=delivery_date]").fill(date.today().isoformat())
    await page.locator("[name=object_numbers]").fill(object_numbers)
    await page.get_by_role("button", name=re.compile("versturen", re.I)).click()
    await expect(page.locator("body")).to_contain_text(number)
    await tab.screenshot("Admin - huurorder geleverd")


async def test_a_nurse_rents_three_products_for_one_new_room_and_finds_them_as_rented_aids(open_tab, no_staff):
    from playwright.async_api import expect

    nurse = await ward()
    nina = await open_tab(PHONE)
    page = nina.page
    await sign_in(nina, nurse.email)

    await open_product(nina, "Bedden", "Hoog-laagbed Huur")
    await expect(page.locator("main")).to_contain_text("€ 4,50")
    await expect(page.locator("main")).to_contain_text("vergelijkbaar product")
    await fits_the_screen(nina, "Huurproduct")
    await ask(nina, 1)
    await expect(page.locator("#aantal")).to_have_value("2")
    await page.get_by_label("Afdeling").select_option(label="Afdeling West")
    await page.get_by_label("Nieuw").check()
    await expect(page.locator("fieldset.reference-new")).to_be_visible()
    await page.locator("#f-new_reference").fill("Kamer 1.12")
    await page.get_by_label("Startdatum huur").fill(START.isoformat())
    await page.get_by_label("Toelichting").fill("Kostenplaats 4711, goederenlift aanwezig")
    melden = page.locator("fieldset", has=page.locator("legend", has_text="Melden bij"))
    await melden.get_by_label("Naam").fill("Receptie De Linde")
    await melden.get_by_label("Telefoonnummer").fill("030 123 45 67")
    await melden.get_by_label("E-mailadres").fill("receptie@delinde.nl")
    await page.get_by_role("button", name="Gegevens van Melden bij overnemen").click()
    await expect(page.locator("#f-contact_name")).to_have_value("Receptie De Linde")
    await expect(page.locator("#f-contact_phone")).to_have_value("030 123 45 67")
    await expect(page.locator("#f-contact_email")).to_have_value("receptie@delinde.nl")
    await fits_the_screen(nina, "Huuraanvraag nieuw")
    await send(nina)
    await expect(page.locator("main")).to_contain_text("Referentie Kamer 1.12")
    await expect(page.locator("main")).to_contain_text("€ 270,00")  # 30 × € 4,50 × 2

    for category, product in (("Tilliften en tilbanden", "Passieve tillift Huur"),
                              ("Tilliften en tilbanden", "Tilband maat M")):
        async with page.expect_navigation(url=re.compile(r"/huur$")):
            await page.get_by_role("button", name="Meer producten toevoegen").click()
        await open_product(nina, category, product)
        await ask(nina, 0)
        await expect(page.get_by_label("Bestaand")).to_be_checked()  # the room is there at once
        await expect(page.locator("fieldset.reference-new")).to_be_hidden()
        room = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")
        await page.locator("#f-existing_reference").select_option(value=str(room.id))
        await expect(page.locator(".reference-details")).to_contain_text("Kostenplaats 4711")
        await page.locator("#f-report_to_name").fill("Receptie De Linde")
        await page.get_by_role("button", name="Gegevens van Melden bij overnemen").click()
        await fits_the_screen(nina, f"Huuraanvraag bestaand {product}")
        await send(nina)

    group = page.locator("section.rental-group")
    await expect(group).to_have_count(1)
    await expect(group).to_contain_text("Hoog-laagbed Huur")
    await expect(group).to_contain_text("Passieve tillift Huur")
    await expect(group).to_contain_text("Tilband maat M")
    await expect(group).to_contain_text("Kostenplaats 4711")
    await fits_the_screen(nina, "Huurwinkelwagen")
    async with page.expect_navigation(url=re.compile(r"/profile/orders\?page=rental")):
        await page.get_by_role("button", name="Huurorder(s) plaatsen").click()

    [order] = await Order.objects()
    assert order.kind == "rental" and order.reference == "Kamer 1.12" and order.rental_start == START
    assert await OrderLine.count().where(OrderLine.order == order.id) == 3
    await expect(page.get_by_role("status").first).to_contain_text(f"Uw huurorder {order.number} is geplaatst.")
    row = page.locator("tr", has=page.get_by_role("link", name=order.number))
    await expect(row).to_contain_text("Kamer 1.12")
    await fits_the_screen(nina, "Mijn orders huur")

    # HartingBank delivers: each of the four items becomes a rented aid in the nurse's fleet.
    await create_staff_user("bart", "bart@harting-bank.nl", STAFF_PASSWORD)
    await staff_deliver_it_in_the_admin(await open_tab(DESKTOP), order.number, "HB7000001")
    aids = await Asset.objects().where(Asset.ownership == "rented")
    assert sorted(aid.object_number for aid in aids)[0] == "HB7000001" and len(aids) == 4
    await page.goto(nina.url("/hulpmiddelen/?eigendom=rented"))
    for aid in aids:
        await expect(page.locator("main")).to_contain_text(aid.object_number)
    await fits_the_screen(nina, "Mijn hulpmiddelen gehuurd")
    await page.goto(nina.url("/hulpmiddelen/HB7000001"))
    await expect(page.locator("main")).to_contain_text("Kamer 1.12")
    await expect(page.locator("main")).to_contain_text("€ 4,50")
    await fits_the_screen(nina, "Gehuurd hulpmiddel")


async def test_the_rental_pages_fit_a_desktop(open_tab):
    from playwright.async_api import expect

    nurse = await ward()
    tab = await open_tab(DESKTOP)
    await sign_in(tab, nurse.email)

    await tab.page.goto(tab.url("/huur"))
    await expect(tab.page.locator("main")).to_contain_text("Tilliften en tilbanden")
    await fits_the_screen(tab, "Huren")
    await open_product(tab, "Tilliften en tilbanden", "Passieve tillift Huur")
    await expect(tab.page.locator("main")).to_contain_text("Tilband maat M")  # related, for rent
    await fits_the_screen(tab, "Huurproduct")
    await ask(tab, 0)
    await fits_the_screen(tab, "Huuraanvraag")
    await tab.page.goto(tab.url("/shop/rentalbasket"))
    await fits_the_screen(tab, "Huurwinkelwagen leeg")


async def test_the_filled_rental_basket_and_the_form_with_its_messages_meet_wcag_aa(live_server, browser):
    """The accessibility suite sees the rental basket empty and the form untouched; here they are full."""
    from tests.browser import test_accessibility as a11y

    a11y._require_axe()
    nurse = await ward()
    await live_server.wait_until_ready()
    context, page = await a11y._signed_in_context(browser, live_server, nurse.email, a11y.AXE.read_text())
    problems: list[str] = []

    async def check(where: str) -> None:
        await page.add_script_tag(url=a11y.AXE_URL)
        for screen in (PHONE, DESKTOP):
            await page.set_viewport_size(screen.options["viewport"])
            for violation in await page.evaluate(a11y.RUN_AXE, [a11y.WCAG_TAGS, []]):
                problems.append(f"{where} ({screen.width} px): {violation['id']} {violation['help']} {violation['targets']}")
        await page.set_viewport_size(PHONE.options["viewport"])

    try:
        await page.goto(live_server.base_url + "/huur/product/700100/aanvraag")
        await page.locator("#aantal").fill("0")
        await page.locator("#f-new_reference").fill("Kamer 1.12")
        await page.locator("#f-rental_start").fill((date.today() - timedelta(days=1)).isoformat())
        await page.locator("#f-report_to_name").fill("")
        async with page.expect_navigation():
            await page.get_by_role("button", name="Naar overzicht huuraanvraag").click()
        assert await page.locator("[aria-invalid=true]").count() >= 3
        await check("Huuraanvraag met meldingen")
        await page.locator("#aantal").fill("2")
        await page.get_by_label("Afdeling").select_option(label="Afdeling West")
        await page.locator("#f-rental_start").fill(START.isoformat())
        await page.locator("#f-report_to_name").fill("Receptie De Linde")
        await page.get_by_role("button", name="Gegevens van Melden bij overnemen").click()
        async with page.expect_navigation(url=re.compile(r"/shop/rentalbasket")):
            await page.get_by_role("button", name="Naar overzicht huuraanvraag").click()
        await check("Huurwinkelwagen")
    finally:
        await context.close()
    assert not problems, "\n".join(problems)
