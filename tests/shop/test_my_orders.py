"""Mijn orders (SHOP-8): the account's buy and rental orders with filters order number, period, buy and
rent; each row with reference, total, status and latest update; "Bekijk details" with everything;
"Opnieuw bestellen"; the Excel and PDF of the filtered list; who sees which order (ROLE)."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

import openpyxl

from portal.tables import Order, OrderEvent, Product, ServiceRequest
from tests import asset_factories as af
from tests import factories, order_factories
from tests.helpers import csrf_token
from tests.shop.conftest import fill, shown, signed_in
from tests.shop.test_checkout import basket_lines

DAY = timedelta(days=1)


def listed(html: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Ordernummer"[^>]*><a href="/profile/orders/([^"]+)">', html)


async def bram_orders(shop):
    now = datetime.now(timezone.utc)
    old = await order_factories.order(shop.buyer, shop.linde, department=shop.west, status="delivered",
                                      lines=[(shop.gloves, 4), (shop.bed, 1)], reference="Kamer 2.01",
                                      created_at=now - 40 * DAY, number="ORD-2026-000101")
    await Order.update({Order.shipping_date: (now - 38 * DAY).date(), Order.shipping_method: "Eigen bezorging"}).where(
        Order.id == old.id)
    await OrderEvent(order=old.id, status="delivered", at=now - 37 * DAY, by_label="HartingBank",
                     note="Geleverd op 1-1-2026").save()
    rental = await order_factories.order(shop.buyer, shop.baken, kind="rental", created_at=now - 10 * DAY,
                                         number="ORD-2026-000102")
    new = await order_factories.order(shop.buyer, shop.linde, department=shop.oost, created_at=now - DAY,
                                      number="ORD-2026-000103", reference="KP 4410")
    return old, rental, new


async def test_mijn_orders_lists_the_accounts_orders_newest_first_with_reference_total_status_and_update(make_client, shop):
    old, rental, new = await bram_orders(shop)
    await order_factories.order(shop.nurse, shop.linde, department=shop.west, number="ORD-2026-000200")  # Nina's
    bram = await signed_in(make_client(), shop.buyer)

    page = shown((await bram.get("/profile/orders/")).text)

    assert listed(page) == [new.number, rental.number, old.number]
    assert "Kamer 2.01" in page and "€ 1.263,96" in page and "Geleverd" in page  # 4 × 7,35 + 1.234,56 (list)
    assert "Geleverd op 1-1-2026" in page and "Bekijk details" in page


async def test_filters_order_number_period_buy_and_rent(make_client, shop):
    old, rental, new = await bram_orders(shop)
    bram = await signed_in(make_client(), shop.buyer)
    today = datetime.now(timezone.utc).date()

    assert listed((await bram.get("/profile/orders/?ordernummer=000101")).text) == [old.number]
    assert listed((await bram.get("/profile/orders/?soort=huur")).text) == [rental.number]
    assert listed((await bram.get("/profile/orders/?page=rental")).text) == [rental.number]
    assert listed((await bram.get("/profile/orders/?soort=koop")).text) == [new.number, old.number]
    period = f"/profile/orders/?van={(today - 20 * DAY).isoformat()}&tot={(today - 5 * DAY).isoformat()}"
    assert listed((await bram.get(period)).text) == [rental.number]
    wrong = (await bram.get("/profile/orders/?van=gisteren&soort=lease")).text
    assert "is geen datum" in wrong and "Kies koop of huur" in wrong and len(listed(wrong)) == 3
    assert (await bram.get("/profile/orders/?page=financial")).status_code == 403  # Mijn facturen: admin and role 1


async def test_htmx_gets_the_results_alone_at_the_same_url(make_client, shop):
    await bram_orders(shop)
    bram = await signed_in(make_client(), shop.buyer)

    partial = await bram.get("/profile/orders/?soort=huur", headers={"HX-Request": "true"})
    full = await bram.get("/profile/orders/?soort=huur")

    assert partial.text.lstrip().startswith('<div id="orders"') and "<html" not in partial.text
    assert partial.headers["hx-push-url"] == "/profile/orders?soort=huur"
    assert "<html" in full.text and full.headers["vary"] == "HX-Request"


async def test_bekijk_details_shows_address_shipping_and_the_trail(make_client, shop):
    old, _rental, _new = await bram_orders(shop)
    bram = await signed_in(make_client(), shop.buyer)

    page = shown((await bram.get(f"/profile/orders/{old.number}")).text)

    assert "De Linde" in page and "West" in page and "Receptie" in page and "Eigen bezorging" in page
    assert "Verzenddatum" in page and "Statusverloop" in page and "Geleverd op 1-1-2026" in page
    assert "Handschoenen nitril" in page and "€ 7,35" in page and "Opnieuw bestellen" in page


async def test_opnieuw_bestellen_puts_the_products_back_and_names_what_is_no_longer_sold(make_client, shop):
    order = await order_factories.order(shop.buyer, shop.linde, lines=[(shop.gloves, 4), (shop.old, 2)])
    await Product.update({Product.active: False}).where(Product.id == shop.old.id)
    await fill(shop.buyer, (shop.gloves, 1))
    bram = await signed_in(make_client(), shop.buyer)

    token = await csrf_token(bram, f"/profile/orders/{order.number}")
    answer = await bram.post(f"/profile/orders/{order.number}/opnieuw-bestellen", data={"_csrf_token": token})

    assert answer.status_code == 303 and answer.headers["location"] == "/winkelwagen"
    assert await basket_lines(shop.buyer) == [(shop.gloves.id, 5)]
    assert "Oude rollator: Dit product wordt niet meer verkocht." in (await bram.get("/winkelwagen")).text


async def test_an_order_of_someone_else_or_another_organisation_is_not_found(make_client, shop):
    ninas = await order_factories.order(shop.nurse, shop.linde, department=shop.west)
    foreign = await order_factories.order(shop.other_admin, shop.other_location)
    bram = await signed_in(make_client(), shop.buyer)

    for number in (ninas.number, foreign.number, "ORD-0000-000000"):
        assert (await bram.get(f"/profile/orders/{number}")).status_code == 404
        token = await csrf_token(bram, "/profile/orders/")
        assert (await bram.post(f"/profile/orders/{number}/opnieuw-bestellen", data={"_csrf_token": token})).status_code == 404
    assert await basket_lines(shop.buyer) == []
    # The administrator sees every order of the organisation, none of another.
    anja = await signed_in(make_client(), shop.admin)
    assert (await anja.get(f"/profile/orders/{ninas.number}")).status_code == 200
    assert (await anja.get(f"/profile/orders/{foreign.number}")).status_code == 404
    assert ninas.number in (await anja.get("/profile/orders/")).text


async def test_an_own_order_at_a_location_no_longer_assigned_is_out_of_scope(make_client, shop):
    at_baken = await order_factories.order(shop.nurse, shop.baken)  # Nina has only De Linde (West)
    nina = await signed_in(make_client(), shop.nurse)
    assert (await nina.get(f"/profile/orders/{at_baken.number}")).status_code == 404
    assert at_baken.number not in (await nina.get("/profile/orders/")).text


async def test_role_4_never_reaches_orders_and_role_6_sees_only_orders_of_services_it_authorises(make_client, shop):
    nurse4 = await factories.account(shop.org, "4", locations=[shop.linde])
    manager6 = await factories.account(shop.org, "6", locations=[shop.linde])
    cat = await af.catalogue()
    aid = await af.asset(shop.org, shop.linde, cat["sb755"], object_number="HB7001")
    service = await af.service_request(aid)
    await ServiceRequest.update({ServiceRequest.authoriser: manager6.id}).where(ServiceRequest.id == service.id)
    tied = await order_factories.order(shop.buyer, shop.linde, service_request=service)
    untied = await order_factories.order(shop.buyer, shop.linde)

    four = await signed_in(make_client(), nurse4)
    assert (await four.get("/profile/orders/")).status_code == 403
    assert (await four.get(f"/profile/orders/{tied.number}")).status_code == 403
    six = await signed_in(make_client(), manager6)
    assert listed((await six.get("/profile/orders/")).text) == [tied.number]
    assert (await six.get(f"/profile/orders/{tied.number}")).status_code == 200
    assert "Opnieuw bestellen" not in (await six.get(f"/profile/orders/{tied.number}")).text
    assert (await six.get(f"/profile/orders/{untied.number}")).status_code == 404
    assert (await six.get("/bestellen")).status_code == 403


async def test_excel_and_pdf_hold_the_filtered_list(make_client, shop):
    old, rental, new = await bram_orders(shop)
    await order_factories.order(shop.nurse, shop.linde, department=shop.west, number="ORD-2026-000200")
    bram = await signed_in(make_client(), shop.buyer)

    page = (await bram.get("/profile/orders/?soort=koop")).text
    assert 'href="/profile/orders/download.xlsx?soort=koop"' in page
    excel = await bram.get("/profile/orders/download.xlsx?soort=koop")
    assert excel.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(excel.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    numbers = [row[0] for row in rows if row and isinstance(row[0], str) and row[0].startswith("ORD-")]
    assert numbers == [new.number, old.number]
    assert any("Referentie" in (cell or "") for row in rows for cell in row if isinstance(cell, str))
    pdf = await bram.get("/profile/orders/download.pdf?soort=koop")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_the_demo_seed_orders_show_in_mijn_orders_and_te_autoriseren(make_client):
    from portal.seed.demo import DEMO_PASSWORD, seed_demo
    from portal.tables import Account, OrderApproval
    from tests.helpers import login

    assert await seed_demo(if_empty=True) is True
    fatima = await Account.objects().get(Account.name == "Fatima El Amrani")
    client = make_client()
    await login(client, fatima.email, DEMO_PASSWORD)
    page = (await client.get("/profile/orders/")).text
    numbers = listed(page)
    assert numbers and "Wacht op autorisatie" in page
    assert (await client.get(f"/profile/orders/{numbers[0]}")).status_code == 200
    # A waiting demo order is in the list of the colleague it waits for.
    waiting = await OrderApproval.select(OrderApproval.authoriser, OrderApproval.order.number,
                                         OrderApproval.order.account.name).where(
        (OrderApproval.decision == "pending") & (OrderApproval.order.status == "awaiting_authorisation")).first()
    authoriser = await Account.objects().get(Account.id == waiting["authoriser"])
    browser = make_client()
    await login(browser, authoriser.email, DEMO_PASSWORD)
    page = (await browser.get("/te-autoriseren")).text
    assert waiting["order.account.name"] in page and f'href="/profile/orders/{waiting["order.number"]}"' in page