"""Huurwinkelwagen and "Huurorder(s) plaatsen" (RENT-3): requests grouped by reference, quantities,
removing, one rental order per reference, once however often it is sent, budget approval on the first
month's rent, and the orders in Mijn orders."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from portal.tables import BasketLine, Order, OrderApproval, OrderLine, RentalReference
from tests.helpers import csrf_token
from tests.rental.conftest import (
    basket_page,
    existing_reference,
    form_fields,
    in_days,
    new_reference,
    place,
    request_rental,
    shown,
    signed_in,
)


async def two_references(client, rental):
    """Kamer 1.12 at De Linde (bed × 2, hoist × 1) and Kamer 3 at Het Baken (sling × 4)."""
    await request_rental(client, rental.bed, new_reference(rental.linde, rental.west, quantity="2", start=in_days(2)))
    kamer = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")
    await request_rental(client, rental.hoist, existing_reference(rental.linde, kamer, rental.west))
    await request_rental(client, rental.sling, new_reference(rental.baken, reference="Kamer 3", quantity="4",
                                                             note=""))
    return kamer


async def test_the_basket_groups_the_requests_by_reference_with_the_first_months_rent(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)

    page = await basket_page(bram)

    assert "Referentie Kamer 1.12" in page and "Referentie Kamer 3" in page
    assert page.index("Hoog-laagbed Huur") < page.index("Passieve tillift Huur") < page.index("Referentie Kamer 3")
    assert "Kostenplaats 4711" in page and "Receptie De Linde" in page and "Jan Balie" in page
    # 30 days × € 4,50 × 2 = € 270,00; 30 × € 12,00 = € 360,00; Kamer 1.12: € 630,00; Kamer 3: 30 × 1,25 × 4.
    assert "€ 270,00" in page and "€ 360,00" in page and "€ 630,00" in page and "€ 150,00" in page
    assert "30 dagen × de vaste huurprijs per dag × het aantal" in page
    assert "Meer producten toevoegen" in page and 'href="/huur"' in page and "Huurorder(s) plaatsen" in page


async def test_quantities_change_and_a_wrong_one_stays_as_typed_with_the_message(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    bed, hoist, sling = await BasketLine.objects().order_by(BasketLine.id)
    token = await csrf_token(bram, "/shop/rentalbasket")

    saved = await bram.post("/shop/rentalbasket/herberekenen", data={"_csrf_token": token, f"aantal-{bed.id}": "3"})
    wrong = await bram.post("/shop/rentalbasket/herberekenen", headers={"HX-Request": "true"},
                            data={"_csrf_token": token, f"aantal-{hoist.id}": "0", f"aantal-{sling.id}": "1000000"})

    assert saved.status_code == 303
    page = shown(wrong.text)
    assert wrong.status_code == 200 and "<html" not in page and page.count("Vul een heel aantal van 1 tot en met 9.999 in.") == 2
    assert 'value="1000000"' in page and f'aria-describedby="e-aantal-{hoist.id}"' in page
    assert [(line.quantity) for line in await BasketLine.objects().order_by(BasketLine.id)] == [3, 1, 4]


async def test_a_request_is_removed_and_another_accounts_request_is_not_found(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    bed = (await BasketLine.objects().order_by(BasketLine.id))[0]
    nina = await signed_in(make_client(), rental.nurse)

    foreign = await nina.post("/shop/rentalbasket/verwijderen",
                              data={"_csrf_token": await csrf_token(nina, "/shop/rentalbasket"), "regel": str(bed.id)})
    removed = await bram.post("/shop/rentalbasket/verwijderen",
                              data={"_csrf_token": await csrf_token(bram, "/shop/rentalbasket"), "regel": str(bed.id)})

    assert foreign.status_code == 404 and removed.status_code == 303
    assert await BasketLine.count() == 2 and "Hoog-laagbed Huur" not in await basket_page(bram)


async def test_placing_makes_one_rental_order_per_reference_and_empties_the_basket(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    kamer = await two_references(bram, rental)

    response = await place(bram)

    assert response.status_code == 303 and response.headers["location"] == "/profile/orders?page=rental"
    orders = await Order.objects().order_by(Order.id)
    assert [(o.kind, o.reference, o.status) for o in orders] == [("rental", "Kamer 1.12", "submitted"),
                                                                ("rental", "Kamer 3", "submitted")]
    first = orders[0]
    assert first.location == rental.linde.id and first.department == rental.west.id
    assert first.rental_reference == kamer.id and first.rental_start.isoformat() == in_days(2)
    assert first.message == "Kostenplaats 4711, goederenlift aanwezig" and first.contact_name == "Jan Balie"
    assert first.total == Decimal("630.00")
    lines = await OrderLine.select(OrderLine.name, OrderLine.quantity, OrderLine.daily_rent, OrderLine.unit_price,
                                   OrderLine.line_total).where(OrderLine.order == first.id).order_by(OrderLine.id)
    assert [(l["name"], l["quantity"], Decimal(str(l["daily_rent"])), Decimal(str(l["line_total"]))) for l in lines] == [
        ("Hoog-laagbed Huur", 2, Decimal("4.50"), Decimal("270.00")), ("Passieve tillift Huur", 1, Decimal("12.00"), Decimal("360.00"))]
    assert await BasketLine.count() == 0
    listing = shown((await bram.get(response.headers["location"])).text)
    assert orders[0].number in listing and orders[1].number in listing and "Kamer 1.12" in listing and "Huur" in listing
    assert "Uw huurorders" in listing  # the confirmation


async def test_placing_twice_reloading_or_at_the_same_moment_gives_the_same_orders(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    page = await basket_page(bram)

    first, second = await asyncio.gather(place(bram, page), place(bram, page))
    again = await place(bram, page)

    assert first.status_code == second.status_code == again.status_code == 303
    assert await Order.count() == 2


async def test_a_basket_changed_in_another_tab_is_shown_again_before_placing(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    page = await basket_page(bram)
    await request_rental(bram, rental.bed, new_reference(rental.baken, reference="Kamer 4"))

    response = await place(bram, page)

    assert response.status_code == 200 and "Uw huurwinkelwagen is gewijzigd" in shown(response.text)
    assert await Order.count() == 0


async def test_a_forged_or_missing_token_places_nothing(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    fields = form_fields(await basket_page(bram), 'action="/shop/rentalbasket/plaatsen"')

    for token in ("", "kort", "x" * 64, "a" * 30 + "'"):
        response = await bram.post("/shop/rentalbasket/plaatsen", data={**fields, "token": token})
        assert response.status_code == 200 and "Dit formulier is verlopen" in shown(response.text)
    assert await Order.count() == 0


async def test_an_empty_basket_places_nothing(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    token = await csrf_token(bram, "/shop/rentalbasket")

    response = await bram.post("/shop/rentalbasket/plaatsen", data={"_csrf_token": token, "token": "a" * 32, "inhoud": ""})

    assert response.status_code == 200 and "Uw huurwinkelwagen is leeg" in shown(response.text)


async def test_over_the_budget_limit_the_rental_order_waits_for_the_team_leader(make_client, rental):
    nina = await signed_in(make_client(), rental.nurse)
    # Kamer 1.12: bed × 2 (€ 270,00 the first month) stays under € 500; Kamer 2: hoist × 2 (€ 720,00) is over.
    await request_rental(nina, rental.bed, new_reference(rental.linde, rental.west, quantity="2"))
    await request_rental(nina, rental.hoist, new_reference(rental.linde, rental.west, reference="Kamer 2", quantity="2"))

    page = await basket_page(nina)
    assert "boven uw budgetlimiet van € 500,00" in page and "Tom Teamleider" in page
    response = await place(nina, page)

    assert response.status_code == 303
    under, over = await Order.objects().order_by(Order.id)
    assert (under.status, under.total) == ("submitted", Decimal("270.00"))
    assert (over.status, over.total) == ("awaiting_authorisation", Decimal("720.00"))
    approval = await OrderApproval.objects().get(OrderApproval.order == over.id)
    assert approval.authoriser == rental.leader.id and approval.decision == "pending"
    assert await OrderApproval.count() == 1
    tom = await signed_in(make_client(), rental.leader)
    shown_to_tom = shown((await tom.get(f"/profile/orders/{over.number}")).text)
    assert "Goedkeuren" in shown_to_tom and "Afwijzen" in shown_to_tom


async def test_the_rental_order_page_shows_the_start_date_and_the_daily_rent(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    await place(bram)
    order = (await Order.objects().order_by(Order.id))[0]

    page = shown((await bram.get(f"/profile/orders/{order.number}")).text)

    assert "Huur" in page and "Startdatum huur" in page and "Huur per dag" in page and "€ 4,50" in page
    assert "Opnieuw bestellen" not in page


async def test_the_basket_answers_htmx_with_its_fragment_and_a_removal_too(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await two_references(bram, rental)
    sling = (await BasketLine.objects().order_by(BasketLine.id))[-1]

    fragment = await bram.get("/shop/rentalbasket", headers={"HX-Request": "true"})
    removed = await bram.post("/shop/rentalbasket/verwijderen", headers={"HX-Request": "true"},
                              data={"_csrf_token": await csrf_token(bram, "/shop/rentalbasket"), "regel": str(sling.id)})

    assert fragment.status_code == 200 and "<html" not in fragment.text and 'id="rental-basket"' in fragment.text
    assert fragment.headers["Vary"] == "HX-Request"
    assert removed.status_code == 200 and "<html" not in removed.text
    assert "Tilband maat M" not in removed.text and "Referentie Kamer 3" not in removed.text
