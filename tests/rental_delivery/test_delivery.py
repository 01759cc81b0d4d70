"""Delivering a rental order makes its items rented aids (issue 11, item 5): staff mark it delivered in
/admin with the object numbers of the items (or none: new numbers); each item is then an aid in "Mijn
hulpmiddelen" at the order's location and department with its rental start, reference and daily rent; the
aid page and the order page show what the rent costs so far, to the cent; a rental pick-up ends it with its
final cost; bad input is refused in Dutch and changes nothing."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from portal.i18n import local_today
from portal.tables import Asset, AuditEvent, MailOutbox, Order, OrderLine, Product, ProductType, RentalReference
from tests import asset_factories as af
from tests import factories
from tests.admin import admin_send, browser, no_staff  # noqa: F401
from tests.rental_delivery.conftest import (
    FORMS,
    day_text,
    deliver,
    rental_order,
    shown,
    signed_in,
    signed_in_staff,
)

TODAY = local_today()
DELIVERED = TODAY - timedelta(days=4)  # five rental days up to and including today


async def aids() -> dict[str, Asset]:
    return {aid.object_number: aid for aid in await Asset.objects().where(Asset.ownership == "rented")}


@pytest.fixture
async def delivered(rental, browser):
    """Order ORD-2026-900101 (2 beds, 1 lift for De Linde West, reference "Kamer 1.12") delivered four days
    ago; staff typed the first bed's and the lift's object numbers and left the second bed's line empty."""
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 2), (rental.lift, 1)], department=rental.west,
                               reference="Kamer 1.12", number="ORD-2026-900101")
    http = await signed_in_staff(browser)
    answer = await deliver(http, order.number, DELIVERED, "HB0100001\n\nhb0100003\n")
    assert answer.status_code == 200, answer.text
    return order, answer


async def test_delivery_makes_one_rented_aid_per_item_at_the_orders_place_with_its_start_reference_and_rent(rental, delivered):
    order, answer = delivered

    made = await aids()

    assert sorted(made) == ["HB0100001", "HB0100002", "HB0100003"]
    reference = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")
    assert (reference.organisation, reference.location, reference.department, reference.start_date) == (
        rental.org.id, rental.linde.id, rental.west.id, DELIVERED)
    lines = {row["product"]: row["id"] for row in await OrderLine.select().where(OrderLine.order == order.id)}
    for number, product, rent in [("HB0100001", rental.bed, "3.45"), ("HB0100002", rental.bed, "3.45"),
                                  ("HB0100003", rental.lift, "12.10")]:
        aid = made[number]
        assert (aid.organisation, aid.location, aid.department, aid.status, aid.ownership) == (
            rental.org.id, rental.linde.id, rental.west.id, "in_use", "rented")
        assert (aid.rental_start, aid.rental_end, aid.rental_reference) == (DELIVERED, None, reference.id)
        assert Decimal(str(aid.daily_rent)) == Decimal(rent)
        assert (aid.product, aid.product_type, aid.order_line) == (product.id, product.product_type, lines[product.id])
    assert (await Order.objects().get(Order.id == order.id)).rental_reference == reference.id
    assert "HB0100001, HB0100002, HB0100003" in answer.text
    [mail] = await MailOutbox.objects().where(MailOutbox.to_address == "bram@delinde.nl")
    assert "HB0100001, HB0100002, HB0100003" in mail.body_text and "Mijn hulpmiddelen" in mail.body_text
    event = await AuditEvent.objects().where(AuditEvent.action == "order_delivered").first()
    changes = json.loads(event.changes) if isinstance(event.changes, str) else event.changes
    assert changes["aids"] == ["HB0100001", "HB0100002", "HB0100003"]


async def test_the_aids_are_in_the_fleet_list_as_rented_at_de_linde_west(rental, delivered, client):
    await signed_in(client, rental.buyer)

    page = await client.get("/hulpmiddelen", params={"objectnummer": "HB0100003"})

    row = page.text[page.text.index('href="/hulpmiddelen/HB0100003"'):]
    row = shown(row[:row.index("</tr>")])
    for text in ("Tilliften", "Tillift mobiel", "Birdie Evo", "De Linde", "West", "In gebruik", "Huur", day_text(DELIVERED)):
        assert text in row, (text, row)
    listed = await client.get("/hulpmiddelen")
    assert {"HB0100001", "HB0100002", "HB0100003"} <= set(re.findall(r'href="/hulpmiddelen/(HB\d+)"', listed.text))


async def test_the_aid_page_shows_the_rental_and_its_running_cost_to_the_cent(rental, delivered, client):
    await signed_in(client, rental.buyer)

    page = shown((await client.get("/hulpmiddelen/HB0100002")).text)

    assert "Startdatum huur " + day_text(DELIVERED) in page
    assert "Referentie Kamer 1.12" in page
    assert "Huurprijs per dag € 3,45" in page
    assert (f"Huurkosten tot nu toe € 17,25 5 dagen × € 3,45, van {day_text(DELIVERED)} t/m {day_text(TODAY)} (vandaag)"
            in page), page


async def test_the_order_page_lists_the_aids_with_their_cost_and_the_total_so_far(rental, delivered, client):
    order, _answer = delivered
    await signed_in(client, rental.buyer)

    html = (await client.get(f"/profile/orders/{order.number}")).text
    page = shown(html)

    assert "Gehuurde hulpmiddelen" in page
    assert 'href="/hulpmiddelen/HB0100001"' in html
    assert f"HB0100003 Tillift Birdie sinds {day_text(DELIVERED)} € 60,50 5 dagen × € 12,10" in page, page
    assert f"HB0100001 Hoog-laagbed Sentida sinds {day_text(DELIVERED)} € 17,25 5 dagen × € 3,45" in page
    # 2 × 5 × 3,45 + 5 × 12,10
    assert "Huurkosten tot nu toe (excl. btw) € 95,00" in page


async def test_a_colleague_elsewhere_and_another_organisation_do_not_see_the_aids(rental, delivered, client, make_client):
    await signed_in(client, rental.colleague)
    assert (await client.get("/hulpmiddelen/HB0100001")).status_code == 404
    other = make_client()
    await factories.account(rental.other_org, "admin", email="admin@noord.nl")
    await signed_in(other, type("A", (), {"email": "admin@noord.nl"}))
    assert (await other.get("/hulpmiddelen/HB0100001")).status_code == 404
    assert "HB0100001" not in (await other.get("/hulpmiddelen")).text


async def test_a_rental_pick_up_ends_the_rental_with_its_final_cost(rental, delivered, browser, client):
    order, _answer = delivered
    aid = (await aids())["HB0100003"]
    pickup = await af.service_request(aid, "rental_pickup", "planned",
                                      created_at=datetime.now(timezone.utc) - timedelta(days=2))
    http = await signed_in_staff(browser)
    picked_up = TODAY - timedelta(days=1)

    answer = await admin_send(http, "POST", f"{FORMS}/uitgevoerd/", {"number": pickup.number,
                                                                      "executed_date": picked_up.isoformat()})

    assert answer.status_code == 200, answer.text
    ended = (await aids())["HB0100003"]
    assert (ended.rental_end, ended.status) == (picked_up, "depot")
    await signed_in(client, rental.buyer)
    page = shown((await client.get("/hulpmiddelen/HB0100003")).text)
    assert "Huur beëindigd op " + day_text(picked_up) in page
    # four days, the pick-up day included: 4 × 12,10
    assert f"Huurkosten € 48,40 4 dagen × € 12,10, van {day_text(DELIVERED)} t/m {day_text(picked_up)}" in page, page
    assert "tot nu toe € 48,40" not in page and "(vandaag)" not in page
    order_page = shown((await client.get(f"/profile/orders/{order.number}")).text)
    assert f"{day_text(DELIVERED)} t/m {day_text(picked_up)} (beëindigd) € 48,40" in order_page
    assert "Huurkosten tot nu toe (excl. btw) € 82,90" in order_page  # 2 × 17,25 + 48,40


async def test_a_rental_that_starts_after_delivery_costs_nothing_yet(rental, browser, client):
    later = TODAY + timedelta(days=3)
    order = await rental_order(rental.buyer, rental.linde, [(rental.lift, 1)], rental_start=later)
    http = await signed_in_staff(browser)

    assert (await deliver(http, order.number, DELIVERED)).status_code == 200

    [aid] = (await aids()).values()
    assert aid.rental_start == later and aid.department is None
    await signed_in(client, rental.buyer)
    page = shown((await client.get(f"/hulpmiddelen/{aid.object_number}")).text)
    assert f"Huurkosten tot nu toe € 0,00 De huur begint op {day_text(later)}." in page


async def test_a_rental_start_before_delivery_counts_from_the_delivery_day(rental, browser):
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 1)], rental_start=TODAY - timedelta(days=9))
    http = await signed_in_staff(browser)

    assert (await deliver(http, order.number, DELIVERED)).status_code == 200

    [aid] = (await aids()).values()
    assert aid.rental_start == DELIVERED


async def test_the_orders_existing_rental_reference_is_kept(rental, browser):
    reference = RentalReference(organisation=rental.org.id, location=rental.linde.id, reference="Kamer 2.01",
                                start_date=DELIVERED, note="KP 4410", created_at=datetime.now(timezone.utc))
    await reference.save()
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 1)], reference="Kamer 2.01")
    await Order.update({Order.rental_reference: reference.id}).where(Order.id == order.id)
    http = await signed_in_staff(browser)

    assert (await deliver(http, order.number, DELIVERED)).status_code == 200

    [aid] = (await aids()).values()
    assert aid.rental_reference == reference.id
    assert await RentalReference.count() == 1


async def test_new_object_numbers_continue_after_the_highest_in_the_fleet(rental, browser):
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 2)])
    http = await signed_in_staff(browser)

    assert (await deliver(http, order.number, DELIVERED, "\n")).status_code == 200

    assert sorted(await aids()) == ["HB0000889", "HB0000890"]  # after the other organisation's HB0000888


async def test_delivering_a_purchase_order_makes_no_aids(rental, browser):
    order = await rental_order(rental.buyer, rental.linde, [(rental.sold, 3)], kind="purchase")
    http = await signed_in_staff(browser)

    assert (await deliver(http, order.number, DELIVERED)).status_code == 200

    assert await aids() == {}
    assert (await Order.objects().get(Order.id == order.id)).status == "delivered"


@pytest.mark.parametrize("kind, numbers, message", [
    ("rental", "HB0200001\nHB0200002\nHB0200003\nHB0200004", "U geeft 4 objectnummers op, maar order ORD-2026-900201 "
                                                              "heeft 3 huurartikelen"),
    ("rental", "HB0000777", "Objectnummer HB0000777 hoort al bij een ander hulpmiddel van deze klant"),
    ("rental", "\nhb0000888", "Objectnummer HB0000888 is al in gebruik bij een andere organisatie"),
    ("rental", "HB0200001\nHB0200001", "Objectnummer HB0200001 staat twee keer in de lijst"),
    ("rental", "HB" + "1" * 40, "is te lang: een objectnummer heeft hoogstens 30 tekens"),
    ("purchase", "HB0200001", "Order ORD-2026-900201 is een kooporder: objectnummers horen alleen bij een huurorder"),
])
async def test_bad_object_numbers_are_refused_in_dutch_and_change_nothing(rental, browser, kind, numbers, message):
    lines = [(rental.bed, 2), (rental.lift, 1)] if kind == "rental" else [(rental.sold, 1)]
    await rental_order(rental.buyer, rental.linde, lines, kind=kind, number="ORD-2026-900201", reference="Kamer 3")
    http = await signed_in_staff(browser)

    answer = await deliver(http, "ORD-2026-900201", DELIVERED, numbers)

    assert answer.status_code == 422, answer.text
    assert message in answer.json()["custom_form_error"]
    order = await Order.objects().get(Order.number == "ORD-2026-900201")
    assert (order.status, order.delivery_date, order.rental_reference) == ("confirmed", None, None)
    assert await Asset.count() == 2  # the two aids of the set-up
    assert await RentalReference.count() == 0 and await MailOutbox.count() == 0


async def test_an_unknown_order_is_refused(rental, browser):
    http = await signed_in_staff(browser)

    answer = await deliver(http, "ORD-1999-000001", DELIVERED, "HB0200001")

    assert answer.status_code == 422
    assert "Er is geen order met ordernummer ORD-1999-000001" in answer.json()["custom_form_error"]


async def test_an_order_already_delivered_makes_no_second_set_of_aids(rental, delivered, browser):
    order, _answer = delivered
    http = await signed_in_staff(browser)

    answer = await deliver(http, order.number, TODAY)

    assert answer.status_code == 422
    assert "heeft status geleverd" in answer.json()["custom_form_error"]
    assert len(await aids()) == 3


async def test_a_rented_product_without_a_type_is_refused_with_what_to_do(rental, browser):
    await Product.update({Product.product_type: None}).where(Product.id == rental.lift.id)
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 1), (rental.lift, 1)])
    http = await signed_in_staff(browser)

    answer = await deliver(http, order.number, DELIVERED)

    assert answer.status_code == 422
    assert "Tillift Birdie van deze order heeft geen type in de catalogus" in answer.json()["custom_form_error"]
    assert await aids() == {}
    assert (await Order.objects().get(Order.id == order.id)).status == "confirmed"


async def test_an_aid_registered_rented_without_a_daily_rent_costs_its_products_daily_rent(rental, client):
    aid = await af.asset(rental.org, rental.linde, await _type_of(rental.lift), object_number="HB0000555",
                         ownership="rented", rental_start=TODAY - timedelta(days=1))
    await Asset.update({Asset.product: rental.lift.id}).where(Asset.id == aid.id)
    await signed_in(client, rental.admin)

    page = shown((await client.get("/hulpmiddelen/HB0000555")).text)

    assert f"Huurkosten tot nu toe € 24,20 2 dagen × € 12,10, van {day_text(TODAY - timedelta(days=1))}" in page


async def _type_of(product):
    return await ProductType.objects().get(ProductType.id == product.product_type)


async def test_an_object_number_taken_between_the_check_and_the_write_is_refused_and_changes_nothing(
        rental, browser, monkeypatch):
    from portal.domain.orders import delivery

    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 2)], reference="Kamer 4")
    http = await signed_in_staff(browser)

    async def too_late(order, numbers):  # a colleague's delivery of HB0000777 came first
        return None

    monkeypatch.setattr(delivery, "_check_free", too_late)
    answer = await deliver(http, order.number, DELIVERED, "HB0300001\nHB0000777")

    assert answer.status_code == 422, answer.text
    assert "zojuist aan een ander hulpmiddel gegeven" in answer.json()["custom_form_error"]
    assert (await Order.objects().get(Order.id == order.id)).status == "confirmed"
    assert await aids() == {} and await RentalReference.count() == 0 and await MailOutbox.count() == 0
