"""Checkout in two steps (SHOP-5): delivery details, review, "Order plaatsen"; one order however often it
is sent; the server's prices; the confirmation e-mail; bad input answered next to the field."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from portal.tables import Basket, BasketLine, ContractPrice, Order, OrderLine, Product
from tests.helpers import csrf_token
from tests.shop.conftest import (
    DELIVERY,
    fill,
    hidden_fields,
    in_days,
    mails_to,
    only_order,
    place_from,
    shown,
    signed_in,
    step_one,
    to_review,
)


async def basket_lines(account) -> list[tuple[int, int]]:
    basket = await Basket.objects().where(Basket.account == account.id).first()
    rows = await BasketLine.select(BasketLine.product, BasketLine.quantity).where(BasketLine.basket == basket.id) if basket else []
    return [(row["product"], row["quantity"]) for row in rows]


async def test_step_one_offers_only_the_locations_and_departments_the_user_may_order_for(make_client, shop):
    await fill(shop.nurse, (shop.gloves, 2))
    nina = await signed_in(make_client(), shop.nurse)

    page = await step_one(nina)

    assert "Stap 1 van 2" in page and "Melden bij" in page and "Contact bij aflevering" in page and "Volgende" in page
    assert "De Linde" in page and "Het Baken" not in page and "Noorderhof" not in page
    assert ">West<" in page and ">Oost<" not in page  # Nina has only West of De Linde
    # Her only location is chosen already, and her name is the contact.
    fields = hidden_fields(page)
    assert fields["location"] == str(shop.linde.id) and fields["contact_name"] == "Nina Verpleegkundige"


async def test_two_steps_place_one_order_with_the_servers_prices_to_the_cent(make_client, shop):
    await fill(shop.buyer, (shop.bed, 3), (shop.gloves, 7))
    bram = await signed_in(make_client(), shop.buyer)

    status, review = await to_review(bram, {**DELIVERY, "location": str(shop.baken.id)})

    # 3 × € 999,99 (contract, 21 %) + 7 × € 7,35 (9 %): VAT per rate, exact to the cent.
    assert status == 200 and "Stap 2 van 2" in review and "Vorige" in review and "Order plaatsen" in review
    assert "€ 3.051,42" in review  # excl. VAT: 2.999,97 + 51,45
    assert "€ 629,99" in review and "€ 4,63" in review  # 21 % of 2.999,97; 9 % of 51,45
    assert "€ 3.686,04" in review  # incl. VAT
    assert "Het Baken" in review and "Receptie De Linde" in review and "Graag via de achteringang." in review

    placed = await place_from(bram, review)

    order = await only_order()
    assert placed.status_code == 303 and placed.headers["location"] == f"/profile/orders/{order.number}"
    assert (order.status, order.total, order.location, order.account) == ("submitted", Decimal("3051.42"), shop.baken.id,
                                                                            shop.buyer.id)
    assert (order.reference, order.requested_delivery_date.isoformat()) == ("Kamer 1.12", DELIVERY["requested_delivery_date"])
    lines = {row["article_number"]: (row["quantity"], row["unit_price"], row["line_total"])
             for row in await OrderLine.select().where(OrderLine.order == order.id)}
    assert {k: (q, Decimal(str(u)), Decimal(str(t))) for k, (q, u, t) in lines.items()} == {
        "100200": (3, Decimal("999.99"), Decimal("2999.97")), "300400": (7, Decimal("7.35"), Decimal("51.45"))}
    assert await basket_lines(shop.buyer) == []
    assert await mails_to("bram@delinde.nl") == [f"Bevestiging van uw order {order.number}"]
    # In "Mijn orders" at once, and its page shows it all.
    listed = shown((await bram.get("/profile/orders/")).text)
    assert order.number in listed and "Kamer 1.12" in listed and "Verstuurd naar HartingBank" in listed
    page = shown((await bram.get(f"/profile/orders/{order.number}")).text)
    assert "€ 3.051,42" in page and "Hoog-laagbed Sentida" in page and "Statusverloop" in page
    # The order keeps the VAT of what was ordered, per rate, whatever the products' rates become.
    assert "€ 629,99" in page and "€ 4,63" in page and "€ 3.686,04" in page
    await Product.update({Product.vat_rate: Decimal("21.00")}).where(Product.article_number == "300400")
    page = shown((await bram.get(f"/profile/orders/{order.number}")).text)
    assert "€ 4,63" in page and "€ 3.686,04" in page


async def test_vorige_goes_back_to_step_one_with_everything_typed(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 1))
    bram = await signed_in(make_client(), shop.buyer)
    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.oost.id)})

    back = await bram.post("/bestellen", data={**hidden_fields(review), "vorige": "1"})

    assert back.status_code == 200 and "Stap 1 van 2" in back.text
    fields = hidden_fields(back.text)
    assert (fields["department"], fields["message"], fields["reference"]) == (str(shop.oost.id), DELIVERY["message"], "Kamer 1.12")
    assert await Order.count() == 0


async def test_pressing_twice_or_reloading_makes_one_order(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 2))
    bram = await signed_in(make_client(), shop.buyer)
    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})

    first = await place_from(bram, review)
    again = await place_from(bram, review)

    order = await only_order()
    assert first.headers["location"] == again.headers["location"] == f"/profile/orders/{order.number}"
    assert await mails_to("bram@delinde.nl") == [f"Bevestiging van uw order {order.number}"]


async def test_concurrent_submits_make_exactly_one_order_and_empty_the_basket_once(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 2), (shop.bed, 1))
    bram = await signed_in(make_client(), shop.buyer)
    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})
    data = hidden_fields(review)

    answers = await asyncio.gather(*(bram.post("/bestellen/plaatsen", data=data) for _ in range(5)))

    order = await only_order()
    assert [a.status_code for a in answers] == [303] * 5
    assert {a.headers["location"] for a in answers} == {f"/profile/orders/{order.number}"}
    assert await OrderLine.count().where(OrderLine.order == order.id) == 2
    assert await basket_lines(shop.buyer) == []
    assert await mails_to("bram@delinde.nl") == [f"Bevestiging van uw order {order.number}"]


async def test_two_tabs_with_two_checkouts_still_make_one_order_of_one_basket(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 2))
    bram = await signed_in(make_client(), shop.buyer)
    fields = {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)}
    _s, tab_one = await to_review(bram, fields)
    _s, tab_two = await to_review(bram, fields)

    assert (await place_from(bram, tab_one)).status_code == 303
    second = await place_from(bram, tab_two)

    # The basket was ordered by the first tab: the second says so instead of ordering nothing.
    assert second.status_code == 200 and "Uw winkelwagen is leeg" in second.text
    await only_order()


async def test_a_basket_changed_in_another_tab_between_the_steps_is_shown_before_placing(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 2))
    bram = await signed_in(make_client(), shop.buyer)
    data = {**hidden_fields(await step_one(bram)), **DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)}
    await fill(shop.buyer, (shop.bed, 1), (shop.gloves, 1))  # the other tab

    review = (await bram.post("/bestellen", data=data)).text

    assert "Uw winkelwagen is gewijzigd" in review
    assert "Hoog-laagbed Sentida is aan uw winkelwagen toegevoegd (1 stuks)." in review
    assert "Het aantal van Handschoenen nitril is gewijzigd van 2 in 3." in review
    # The review shows the new basket; placing it now is what the customer saw.
    assert (await place_from(bram, review)).status_code == 303
    assert (await only_order()).total == Decimal("1022.04")  # 999,99 + 3 × 7,35


async def test_a_price_changed_after_the_review_is_shown_and_nothing_is_placed_until_seen(make_client, shop):
    await fill(shop.buyer, (shop.bed, 1))
    bram = await signed_in(make_client(), shop.buyer)
    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})
    await ContractPrice.update({ContractPrice.price: Decimal("1049.00")}).where(ContractPrice.product == shop.bed.id)

    answer = await place_from(bram, review)
    text = shown(answer.text)

    assert answer.status_code == 200 and await Order.count() == 0
    assert "De prijs van Hoog-laagbed Sentida is gewijzigd van € 999,99 in € 1.049,00 (excl. btw)." in text
    assert "€ 1.049,00" in text and "Order plaatsen" in text
    assert (await place_from(bram, answer.text)).status_code == 303
    assert (await only_order()).total == Decimal("1049.00")


async def test_a_price_total_or_account_sent_in_the_form_is_ignored(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 1))
    bram = await signed_in(make_client(), shop.buyer)
    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})

    await place_from(bram, review, {"total": "0.01", "price": "0.01", "unit_price": "0", "account": str(shop.nurse.id),
                                    "account_id": str(shop.nurse.id), "organisation": "999"})

    order = await only_order()
    assert (order.total, order.account, order.organisation) == (Decimal("7.35"), shop.buyer.id, shop.org.id)


@pytest.mark.parametrize("fields, field, message", [
    ({"location": ""}, "location", "Kies de locatie waar HartingBank de order aflevert."),
    ({"location": "abc"}, "location", "Deze locatie kunt u niet kiezen."),
    ({"requested_delivery_date": in_days(-1)}, "requested_delivery_date", "Deze datum ligt in het verleden."),
    ({"requested_delivery_date": "31-02-2027"}, "requested_delivery_date", "Vul een datum in"),
    ({"report_to_name": ""}, "report_to_name", "Vul in bij wie de levering gemeld moet worden."),
    ({"contact_name": "x" * 201}, "contact_name", "ten hoogste 200 tekens"),
    ({"report_to_phone": "bel maar"}, "report_to_phone", "Vul een telefoonnummer in"),
])
async def test_bad_input_is_answered_next_to_the_field_and_nothing_typed_is_lost(make_client, shop, fields, field, message):
    await fill(shop.nurse, (shop.gloves, 1))
    nina = await signed_in(make_client(), shop.nurse)

    status, page = await to_review(nina, {**DELIVERY, "department": str(shop.west.id), **fields})

    assert status == 200 and "Stap 1 van 2" in page and "Order plaatsen" not in page
    assert f'id="e-{field}"' in page and message in page and f'aria-describedby="e-{field}"' in page
    assert hidden_fields(page)["message"] == DELIVERY["message"]
    assert await Order.count() == 0


async def test_a_location_or_department_outside_the_scope_or_of_another_organisation_is_refused(make_client, shop):
    await fill(shop.nurse, (shop.gloves, 1))
    nina = await signed_in(make_client(), shop.nurse)
    for fields, field in (({"location": str(shop.baken.id)}, "location"),  # not hers
                          ({"location": str(shop.other_location.id)}, "location"),  # another organisation
                          ({"location": str(shop.linde.id), "department": str(shop.oost.id)}, "department")):  # not ticked
        status, page = await to_review(nina, {**DELIVERY, **fields})
        assert status == 200 and f'id="e-{field}"' in page, fields
    # Sent straight to "Order plaatsen", the same refusal.
    data = {**hidden_fields(await step_one(nina)), **DELIVERY, "location": str(shop.baken.id)}
    answer = await nina.post("/bestellen/plaatsen", data=data)
    assert answer.status_code == 200 and 'id="e-location"' in answer.text
    assert await Order.count() == 0


async def test_checkout_with_an_empty_basket_says_so(make_client, shop):
    bram = await signed_in(make_client(), shop.buyer)

    page = await step_one(bram)
    assert "Uw winkelwagen is leeg" in page and "Volgende" not in page
    token = await csrf_token(bram, "/profile/ordertemplates/nieuw")
    for path in ("/bestellen", "/bestellen/plaatsen"):
        answer = await bram.post(path, data={**DELIVERY, "location": str(shop.linde.id), "token": "t" * 32,
                                              "_csrf_token": token})
        assert answer.status_code == 200 and "Uw winkelwagen is leeg" in answer.text, path
    assert await Order.count() == 0


async def test_a_product_no_longer_sold_stays_out_of_the_order_and_is_named(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 1), (shop.old, 1))
    from portal.tables import Product
    await Product.update({Product.active: False}).where(Product.id == shop.old.id)
    bram = await signed_in(make_client(), shop.buyer)

    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})

    assert "Oude rollator wordt niet meer verkocht en gaat niet mee in de order." in review
    await place_from(bram, review)
    order = await only_order()
    assert [row["name"] for row in await OrderLine.select(OrderLine.name).where(OrderLine.order == order.id)] == [
        "Handschoenen nitril"]


async def test_hostile_input_in_every_checkout_field_never_breaks_a_step(make_client, shop):
    """The generated hostile-input suite probes the pages as an administrator with an empty basket, where
    the checkout shows no form; this probes the forms of both steps with a basket filled."""
    from tests.security.hostile import SHARP_COMMON, SHARP_DATES, SHARP_IDS, answer_problems, encode

    await fill(shop.buyer, (shop.gloves, 1))
    bram = await signed_in(make_client(), shop.buyer)
    _status, review = await to_review(bram, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})
    base = hidden_fields(review)
    problems = []
    for name in [n for n in base if n != "_csrf_token"]:
        extra = SHARP_IDS if name in ("location", "department") else SHARP_DATES if name.endswith("date") else ()
        for value in (*SHARP_COMMON, *extra):
            for path in ("/bestellen", "/bestellen/plaatsen"):
                body = encode(list({**base, name: value}.items())).encode()
                answer = await bram.post(path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
                problems += [f"{path} {name}={value[:20]!r}: {p}" for p in answer_problems(answer)]
                if answer.status_code == 303:  # it was placed: the next probe needs a basket again
                    await fill(shop.buyer, (shop.gloves, 1))
    assert problems == []
