"""Huuraanvraag (RENT-2): location and department of the user's own, a new reference unique at its
location with start date and note, an existing reference whose start date and note come along, the
contacts; bad input answered next to the field with everything typed kept."""

from __future__ import annotations

import asyncio

from portal.tables import BasketLine, RentalReference
from tests.rental.conftest import (
    existing_reference,
    form_fields,
    in_days,
    new_reference,
    request_rental,
    shown,
    signed_in,
)


async def lines():
    return await BasketLine.select(BasketLine.product, BasketLine.quantity, BasketLine.rental_reference,
                                   BasketLine.rental_start, BasketLine.rental_note, BasketLine.location,
                                   BasketLine.department, BasketLine.contact_email).order_by(BasketLine.id)


async def test_the_form_offers_only_the_users_locations_departments_and_references(make_client, rental):
    nina = await signed_in(make_client(), rental.nurse)

    page = shown((await nina.get("/huur/product/700100/aanvraag?aantal=3")).text)

    assert "Huuraanvraag" in page and "Nieuw" in page and "Bestaand" in page and "Startdatum huur" in page
    assert "Toelichting" in page and "Melden bij" in page and "Contactpersoon bij aflevering" in page
    assert "Naar overzicht huuraanvraag" in page and "Gegevens van Melden bij overnemen" in page
    assert 'src="/static/rental.js"' in page and "onclick" not in page
    assert "De Linde" in page and "Het Baken" not in page and ">West<" in page and ">Oost<" not in page
    assert "Kamer 9" not in page  # another organisation's reference
    fields = form_fields(page, 'class="checkout-form rental-form"')
    assert fields["aantal"] == "3" and fields["location"] == str(rental.linde.id)
    assert fields["reference_kind"] == "nieuw" and fields["report_to_name"] == "Nina Verpleegkundige"


async def test_a_new_reference_is_saved_with_the_first_request_and_the_request_enters_the_basket(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    response = await request_rental(bram, rental.bed, new_reference(rental.linde, rental.west, quantity="2",
                                                                    start=in_days(4)))

    assert response.status_code == 303 and response.headers["location"] == "/shop/rentalbasket"
    reference = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")
    assert reference.location == rental.linde.id and reference.department == rental.west.id
    assert reference.start_date.isoformat() == in_days(4) and reference.note == "Kostenplaats 4711, goederenlift aanwezig"
    [line] = await lines()
    assert (line["product"], line["quantity"], line["rental_reference"]) == (rental.bed.id, 2, reference.id)
    assert line["rental_start"].isoformat() == in_days(4) and line["contact_email"] == "jan@delinde.nl"


async def test_an_existing_reference_brings_its_start_date_and_note_without_retyping(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await request_rental(bram, rental.bed, new_reference(rental.linde, rental.west, start=in_days(6)))
    reference = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")

    form = shown((await bram.get("/huur/product/700200/aanvraag")).text)
    assert "Kamer 1.12" in form and "Kostenplaats 4711" in form  # offered at once, with what it brings
    assert form_fields(form, 'class="checkout-form rental-form"')["reference_kind"] == "bestaand"
    response = await request_rental(bram, rental.hoist, existing_reference(rental.linde, reference, rental.west))

    assert response.status_code == 303
    hoist = [line for line in await lines() if line["product"] == rental.hoist.id][0]
    assert hoist["rental_reference"] == reference.id and hoist["rental_start"].isoformat() == in_days(6)
    assert hoist["rental_note"] == "Kostenplaats 4711, goederenlift aanwezig"
    assert await RentalReference.count() == 2  # Kamer 1.12 and the other organisation's: none made twice


async def test_the_same_product_for_the_same_reference_adds_up(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await request_rental(bram, rental.bed, new_reference(rental.baken, quantity="2"))
    reference = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")

    await request_rental(bram, rental.bed, existing_reference(rental.baken, reference, quantity="3"))

    assert [(line["product"], line["quantity"]) for line in await lines()] == [(rental.bed.id, 5)]


async def test_a_new_reference_that_exists_at_the_location_is_a_message_and_nothing_typed_is_lost(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await request_rental(bram, rental.bed, new_reference(rental.linde, rental.west))

    response = await request_rental(bram, rental.hoist, new_reference(rental.linde, rental.oost, reference=" kamer  1.12 ",
                                                                      note="Tweede keer getypt"))

    page = shown(response.text)
    assert response.status_code == 200 and "Deze referentie bestaat al op deze locatie" in page
    assert 'value="kamer  1.12"' in page
    assert 'aria-invalid="true" aria-describedby="e-new_reference"' in page
    assert "Tweede keer getypt" in page and "receptie@delinde.nl" in page and "Jan Balie" in page
    assert [line["product"] for line in await lines()] == [rental.bed.id]
    # The same reference at another location is another reference.
    elsewhere = await request_rental(bram, rental.hoist, new_reference(rental.baken))
    assert elsewhere.status_code == 303


async def test_the_same_new_reference_sent_twice_at_once_is_made_once(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    fields = new_reference(rental.baken, reference="Kamer 7")

    answers = await asyncio.gather(request_rental(bram, rental.bed, fields), request_rental(bram, rental.hoist, fields))

    assert sorted(answer.status_code for answer in answers) == [200, 303]
    assert "Deze referentie bestaat al op deze locatie" in next(a.text for a in answers if a.status_code == 200)
    assert await RentalReference.count().where(RentalReference.reference == "Kamer 7") == 1
    assert await BasketLine.count() == 1


async def test_a_start_date_in_the_past_or_no_date_is_a_message_at_the_field(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    past = shown((await request_rental(bram, rental.bed, new_reference(rental.baken, start=in_days(-1)))).text)
    nonsense = shown((await request_rental(bram, rental.bed, new_reference(rental.baken, start="31-02-2026"))).text)
    missing = shown((await request_rental(bram, rental.bed, new_reference(rental.baken, start="") | {"rental_start": ""})).text)

    assert "Deze datum ligt in het verleden. Kies vandaag of later." in past
    assert 'aria-describedby="e-rental_start"' in past and "Kamer 1.12" in past
    assert "Vul een datum in" in nonsense and "Vul de datum in per wanneer" in missing
    assert await BasketLine.count() == 0 and await RentalReference.count() == 1  # only the other organisation's


async def test_a_rental_quantity_of_0_or_a_million_is_a_message_at_the_quantity(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    for quantity in ("0", "1000000", "-2", "1,5"):
        response = await request_rental(bram, rental.bed, new_reference(rental.baken, quantity=quantity))
        page = shown(response.text)
        assert response.status_code == 200 and "Vul een heel aantal van 1 tot en met 9.999 in." in page
        assert 'aria-describedby="e-aantal"' in page and f'value="{quantity}"' in page
    assert await BasketLine.count() == 0


async def test_an_existing_reference_of_another_location_is_a_message_and_of_another_organisation_404(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await request_rental(bram, rental.bed, new_reference(rental.linde, rental.west))
    reference = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")

    wrong_place = await request_rental(bram, rental.hoist, existing_reference(rental.baken, reference))
    foreign = await request_rental(bram, rental.hoist, existing_reference(rental.baken, rental.other_reference))

    page = shown(wrong_place.text)
    assert wrong_place.status_code == 200 and "Referentie Kamer 1.12 hoort bij locatie De Linde" in page
    assert 'aria-describedby="e-existing_reference"' in page
    assert foreign.status_code == 404
    assert await BasketLine.count() == 1


async def test_a_reference_outside_the_users_departments_is_not_found(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    await request_rental(bram, rental.bed, new_reference(rental.linde, rental.oost))
    reference = await RentalReference.objects().get(RentalReference.reference == "Kamer 1.12")
    nina = await signed_in(make_client(), rental.nurse)  # West only

    assert "Kamer 1.12" not in (await nina.get("/huur/product/700100/aanvraag")).text
    assert (await request_rental(nina, rental.bed, existing_reference(rental.linde, reference, rental.west))).status_code == 404


async def test_a_location_or_department_not_the_users_and_missing_contacts_are_messages(make_client, rental):
    nina = await signed_in(make_client(), rental.nurse)
    fields = {**new_reference(rental.baken), "report_to_name": "", "contact_email": "geen-adres",
              "report_to_phone": "bel me"}

    page = shown((await request_rental(nina, rental.bed, fields)).text)
    oost = shown((await request_rental(nina, rental.bed, new_reference(rental.linde, rental.oost))).text)

    assert "Deze locatie kunt u niet kiezen" in page and "Vul in bij wie de afleveraar zich moet melden." in page
    assert "Vul een e-mailadres in" in page and "Vul een telefoonnummer in" in page
    assert 'value="geen-adres"' in page and 'value="bel me"' in page
    assert "Deze afdeling hoort niet bij de gekozen locatie of is niet de uwe" in oost
    assert await BasketLine.count() == 0


async def test_neither_new_nor_existing_chosen_is_a_message(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    page = shown((await request_rental(bram, rental.bed, {**new_reference(rental.baken), "reference_kind": "x"})).text)

    assert "Kies Nieuw of Bestaand." in page and await BasketLine.count() == 0


async def test_hostile_text_is_shown_escaped_and_stored_as_typed(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)
    evil = '<script>alert(1)</script>'

    await request_rental(bram, rental.bed, new_reference(rental.baken, reference=evil, note=evil))

    page = (await bram.get("/shop/rentalbasket")).text
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert (await RentalReference.objects().get(RentalReference.location == rental.baken.id)).reference == evil



async def test_the_database_holds_a_reference_unique_within_its_location_whatever_its_case(rental):
    import pytest
    from datetime import date, datetime, timezone

    def made(location, reference):
        return RentalReference(organisation=rental.org.id, location=location.id, reference=reference,
                               start_date=date.today(), created_at=datetime.now(timezone.utc))

    await made(rental.linde, "Kamer 8").save()
    await made(rental.baken, "Kamer 8").save()  # another location: another reference

    with pytest.raises(Exception, match="(?i)unique"):
        await made(rental.linde, "KAMER 8").save()
