""""Bestellen" on a quote (SHOP-9): while valid, all its products go in the basket at the quoted prices and
quantities; the checkout honours them and the order records the quote; an expired, already ordered or
foreign quote cannot be ordered (never a 500)."""

from __future__ import annotations

from decimal import Decimal

from portal.domain.shop import basket
from portal.tables import BasketLine, Order, OrderLine, Quote
from tests.helpers import post_form
from tests.quotes.conftest import quote
from tests.shop.conftest import check_out, fill, shown, signed_in


async def order_it(client, number: str):
    return await post_form(client, f"/profile/quotes/{number}/bestellen", {}, token_from=f"/profile/quotes/{number}")


async def test_bestellen_puts_all_products_in_the_basket_at_the_quoted_prices(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), (shop.gloves, 10, "6.50"), department=shop.west)
    nina = await signed_in(make_client(), shop.nurse)

    response = await order_it(nina, mine.number)

    assert response.status_code == 303 and response.headers["location"] == "/winkelwagen"
    contents = await basket.contents(shop.nurse)
    assert [(line.name, line.quantity, line.price.excl) for line in contents.orderable] == [
        ("Hoog-laagbed Sentida", 2, Decimal("850.00")), ("Handschoenen nitril", 10, Decimal("6.50"))]
    page = shown((await nina.get("/winkelwagen")).text)
    assert "2 producten staan tegen de offerteprijs in uw winkelwagen" in page
    assert f"Offerte {mine.number}" in page and "€ 850,00" in page and "€ 1.765,00" in page


async def test_the_order_takes_the_quoted_prices_and_records_the_quote(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), department=shop.west)
    await fill(shop.nurse, (shop.gloves, 4))  # beside it, at today's price
    nina = await signed_in(make_client(), shop.nurse)
    await order_it(nina, mine.number)

    placed = await check_out(nina, shop.linde, shop.west)

    assert placed.status_code == 303
    order = await Order.objects().first()
    assert order.quote == mine.id
    lines = await OrderLine.select(OrderLine.article_number, OrderLine.quantity, OrderLine.unit_price).order_by(OrderLine.id)
    assert sorted((line["article_number"], line["quantity"], Decimal(str(line["unit_price"]))) for line in lines) == [
        ("100200", 2, Decimal("850.00")), ("300400", 4, Decimal("7.35"))]
    assert Decimal(str(order.total)) == Decimal("1729.40")
    assert (await Quote.objects().get(Quote.id == mine.id)).status == "ordered"
    page = (await nina.get(f"/profile/quotes/{mine.number}")).text
    assert "Besteld" in page and order.number in page and ">Bestellen<" not in page
    order_page = (await nina.get(f"/profile/orders/{order.number}")).text
    assert "Uit offerte" in order_page and f'href="/profile/quotes/{mine.number}"' in order_page


async def test_a_quoted_quantity_cannot_be_changed_in_the_basket(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"))
    nina = await signed_in(make_client(), shop.nurse)
    await order_it(nina, mine.number)
    line = await BasketLine.objects().first()

    await post_form(nina, "/winkelwagen/herberekenen", {f"aantal-{line.id}": "50"}, token_from="/winkelwagen")

    assert (await BasketLine.objects().first()).quantity == 2


async def test_adding_the_same_product_normally_keeps_the_quoted_line_apart(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.gloves, 10, "5.00"))
    nina = await signed_in(make_client(), shop.nurse)
    await order_it(nina, mine.number)

    await fill(shop.nurse, (shop.gloves, 3))

    contents = await basket.contents(shop.nurse)
    assert sorted((line.quantity, line.price.excl) for line in contents.orderable) == [
        (3, Decimal("7.35")), (10, Decimal("5.00"))]


async def test_pressing_bestellen_twice_puts_the_products_in_once(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"))
    nina = await signed_in(make_client(), shop.nurse)

    await order_it(nina, mine.number)
    again = await order_it(nina, mine.number)

    assert again.status_code == 303 and again.headers["location"] == f"/profile/quotes/{mine.number}"
    assert await BasketLine.count() == 1
    assert "staan al in uw winkelwagen" in (await nina.get(again.headers["location"])).text


async def test_an_expired_quote_cannot_be_ordered(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), valid_days=-1)
    nina = await signed_in(make_client(), shop.nurse)

    response = await order_it(nina, mine.number)

    assert response.status_code == 303 and response.headers["location"] == f"/profile/quotes/{mine.number}"
    assert await BasketLine.count() == 0
    assert "is verlopen op" in (await nina.get(response.headers["location"])).text


async def test_an_ordered_quote_cannot_be_ordered_again(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), status="ordered")
    nina = await signed_in(make_client(), shop.nurse)

    response = await order_it(nina, mine.number)

    assert response.status_code == 303 and await BasketLine.count() == 0
    assert "is al besteld" in (await nina.get(response.headers["location"])).text


async def test_a_quote_not_yet_answered_cannot_be_ordered(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), status="requested", valid_days=None)
    nina = await signed_in(make_client(), shop.nurse)

    response = await order_it(nina, mine.number)

    assert response.status_code == 303 and await BasketLine.count() == 0


async def test_a_quote_that_expires_in_the_basket_no_longer_counts_and_is_not_ordered(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"))
    nina = await signed_in(make_client(), shop.nurse)
    await order_it(nina, mine.number)
    await Quote.update({Quote.status: "ordered"}).where(Quote.id == mine.id)  # ordered in another way meanwhile

    page = (await nina.get("/winkelwagen")).text
    contents = await basket.contents(shop.nurse)

    assert "verlopen of al besteld" in page and not contents.orderable


async def test_another_organisations_quote_answers_404_on_bestellen(make_client, shop):
    foreign = await quote(shop.other_admin, shop.other_location, (shop.gloves, 1, "1.00"))
    nina = await signed_in(make_client(), shop.nurse)

    response = await post_form(nina, f"/profile/quotes/{foreign.number}/bestellen", {}, token_from="/winkelwagen")

    assert response.status_code == 404 and await BasketLine.count() == 0


async def test_opnieuw_aanvragen_puts_an_expired_quotes_products_in_the_basket_at_todays_prices(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.gloves, 10, "5.00"), valid_days=-3)
    nina = await signed_in(make_client(), shop.nurse)

    response = await post_form(nina, f"/profile/quotes/{mine.number}/opnieuw-aanvragen", {},
                               token_from=f"/profile/quotes/{mine.number}")

    assert response.status_code == 303 and response.headers["location"] == "/offerte-aanvragen"
    contents = await basket.contents(shop.nurse)
    assert [(line.quantity, line.price.excl, line.quote_id) for line in contents.orderable] == [(10, Decimal("7.35"), None)]
