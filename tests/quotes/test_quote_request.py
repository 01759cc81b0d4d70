""""Offerte aanvragen" (SHOP-9): beside "Order plaatsen" in the basket, through the same two steps; the quote
stores what was entered and the basket's lines; once however often it is sent; roles 4-7 cannot."""

from __future__ import annotations

from portal.tables import BasketLine, Order, Quote, QuoteLine
from tests.helpers import post_form
from tests.quotes.conftest import DELIVERY, hidden_fields, quote, to_quote_review
from tests.shop.conftest import fill, mails_to, shown, signed_in


async def test_the_basket_offers_offerte_aanvragen_beside_order_plaatsen_to_role_2(make_client, shop):
    await fill(shop.nurse, (shop.bed, 1))
    nina = await signed_in(make_client(), shop.nurse)

    page = (await nina.get("/winkelwagen")).text

    assert "Order plaatsen" in page and "Offerte aanvragen" in page and 'href="/offerte-aanvragen' in page


async def test_role_5_sees_no_offerte_aanvragen_in_the_basket_and_may_not_open_it(make_client, shop):
    await fill(shop.buyer, (shop.bed, 1))
    bram = await signed_in(make_client(), shop.buyer)

    page = (await bram.get("/winkelwagen")).text
    denied = await bram.get("/offerte-aanvragen")

    assert "Order plaatsen" in page and "Offerte aanvragen" not in page
    assert denied.status_code == 403 and "Geen toegang" in denied.text


async def test_a_quote_request_goes_through_the_two_steps_and_stores_what_was_entered(make_client, shop):
    await fill(shop.nurse, (shop.bed, 2), (shop.gloves, 10))
    nina = await signed_in(make_client(), shop.nurse)

    status, review = await to_quote_review(nina, {**DELIVERY, "location": str(shop.linde.id),
                                                  "department": str(shop.west.id)})
    assert status == 200 and "Stap 2 van 2" in review and "Offerte aanvragen" in review
    assert "Order plaatsen" not in review and "Uw offerteaanvraag" in review
    response = await nina.post("/offerte-aanvragen/versturen", data=hidden_fields(review))

    assert response.status_code == 303
    stored = await Quote.objects().first()
    assert response.headers["location"] == f"/profile/quotes/{stored.number}"
    assert stored.number.startswith("OFF-") and stored.status == "requested" and stored.account == shop.nurse.id
    assert (stored.location, stored.department) == (shop.linde.id, shop.west.id)
    assert (stored.reference, stored.report_to_phone, stored.contact_name) == ("Kamer 1.12", "030 123 45 67", "Jan Balie")
    lines = await QuoteLine.select(QuoteLine.article_number, QuoteLine.quantity).order_by(QuoteLine.id)
    assert [(line["article_number"], line["quantity"]) for line in lines] == [("100200", 2), ("300400", 10)]
    assert await Order.count() == 0
    assert await BasketLine.count() == 0  # the requested lines left the basket
    assert f"Uw offerteaanvraag {stored.number} is ontvangen" in await mails_to("nina@delinde.nl")
    page = shown((await nina.get(response.headers["location"])).text)
    assert "Aangevraagd" in page and "Hoog-laagbed Sentida" in page and "Kamer 1.12" in page


async def test_sending_the_same_request_twice_makes_one_quote(make_client, shop):
    await fill(shop.nurse, (shop.gloves, 3))
    nina = await signed_in(make_client(), shop.nurse)
    status, review = await to_quote_review(nina, {**DELIVERY, "location": str(shop.linde.id),
                                                  "department": str(shop.west.id)})

    first = await nina.post("/offerte-aanvragen/versturen", data=hidden_fields(review))
    again = await nina.post("/offerte-aanvragen/versturen", data=hidden_fields(review))

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert await Quote.count() == 1


async def test_missing_fields_come_back_next_to_the_field_with_what_was_typed(make_client, shop):
    await fill(shop.nurse, (shop.gloves, 3))
    nina = await signed_in(make_client(), shop.nurse)

    status, page = await to_quote_review(nina, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id),
                                                "report_to_name": "", "reference": "Kamer <b>9</b>",
                                                "requested_delivery_date": "morgen"})

    assert status == 200 and "Stap 1 van 2" in page and 'action="/offerte-aanvragen"' in page
    assert 'aria-invalid="true"' in page and "Vul in bij wie de levering gemeld moet worden." in page
    assert "Vul een datum in" in page and "Kamer &lt;b&gt;9&lt;/b&gt;" in page
    assert await Quote.count() == 0


async def test_a_location_outside_the_scope_is_refused_and_no_quote_is_made(make_client, shop):
    await fill(shop.nurse, (shop.gloves, 3))
    nina = await signed_in(make_client(), shop.nurse)

    status, page = await to_quote_review(nina, {**DELIVERY, "location": str(shop.baken.id)})

    assert status == 200 and "Deze locatie kunt u niet kiezen" in page
    assert await Quote.count() == 0


async def test_a_basket_with_a_quotes_products_cannot_be_sent_for_a_new_quote(make_client, shop):
    answered_quote = await quote(shop.nurse, shop.linde, (shop.bed, 1, "850.00"), department=shop.west)
    nina = await signed_in(make_client(), shop.nurse)
    assert (await post_form(nina, f"/profile/quotes/{answered_quote.number}/bestellen", {},
                            token_from="/winkelwagen")).status_code == 303

    status, page = await to_quote_review(nina, {**DELIVERY, "location": str(shop.linde.id),
                                                "department": str(shop.west.id)})

    assert status == 200 and f"producten van offerte {answered_quote.number}" in page
    assert 'href="/offerte-aanvragen' not in (await nina.get("/winkelwagen")).text  # not offered there either
    assert await Quote.count() == 1
