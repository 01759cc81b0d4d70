"""The appointment with an adviser (SHOP-2) on every product page: a disclosure with preferred days and
parts of the day, phone and question, posting to its own route; without a day or part of the day the
messages stand next to the fields with what was typed kept (with and without htmx); a sent request names
the product, is stored and confirmed by e-mail. It needs a product page the role can see."""

from __future__ import annotations

from portal.domain import mail
from portal.tables import ContactRequest
from tests.contact.conftest import field_error, post, signed_in, value_of

PAGE = "/alle-producten/product/240100"
SEND = "/alle-producten/product/240100/afspraak"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver" + PAGE}


async def test_every_product_page_offers_the_appointment_folded_away(client, world):
    await signed_in(client, world.nurse)
    page = await client.get(PAGE)
    assert page.status_code == 200
    assert '<section id="afspraak"' in page.text and "<details>" in page.text
    assert "Afspraak met adviseur aanvragen" in page.text
    assert f'action="{SEND}#afspraak"' in page.text and f'hx-post="{SEND}"' in page.text
    for day in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "&#39;s ochtends", "&#39;s middags"):
        assert day in page.text


async def test_an_appointment_without_a_day_says_so_next_to_the_days_and_keeps_the_rest(client, world):
    await signed_in(client, world.nurse)
    typed = {"times": ["middag"], "phone": "06 12345678", "question": "Past de Birdie bij ons <b>bad</b>?"}
    response = await post(client, SEND, typed, token_from=PAGE)
    assert response.status_code == 200
    assert field_error(response.text, "days") == "Kies ten minste één dag waarop een afspraak u past."
    assert "<details open>" in response.text and "<html" in response.text  # the whole page, the form open
    assert 'value="middag" checked' in response.text
    assert value_of(response.text, "phone") == "06 12345678"
    assert value_of(response.text, "question") == "Past de Birdie bij ons <b>bad</b>?"
    assert "&lt;b&gt;bad&lt;/b&gt;" in response.text
    assert await ContactRequest.count() == 0


async def test_for_htmx_the_form_alone_comes_back_with_its_messages(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, SEND, {"days": ["wo"], "phone": "geen"}, token_from=PAGE, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<section id=\"afspraak\"") and "<html" not in response.text
    assert response.headers["vary"] == "HX-Request"
    assert field_error(response.text, "times") == "Kies 's ochtends, 's middags of allebei."
    assert "alleen cijfers" in field_error(response.text, "phone")
    assert 'value="wo" checked' in response.text
    assert await ContactRequest.count() == 0


async def test_values_that_are_no_day_count_as_no_day(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, SEND, {"days": ["za", "<script>", "ma' OR 1=1"], "times": ["nacht"]}, token_from=PAGE)
    assert field_error(response.text, "days") and field_error(response.text, "times")
    assert await ContactRequest.count() == 0


async def test_a_requested_appointment_names_the_product_and_is_confirmed_by_email(client, world, smtp_server):
    await signed_in(client, world.nurse)
    response = await post(client, SEND, {"days": ["vr", "ma"], "times": ["ochtend"], "question": "Demonstratie graag."},
                          token_from=PAGE, headers=HTMX)
    await mail.drain()

    row = await ContactRequest.objects().first()
    assert response.status_code == 200 and response.headers["hx-redirect"] == f"/profile/verzoeken/{row.number}"
    assert (row.kind, row.product, row.organisation, row.account) == ("appointment", world.hoist.id, world.org.id,
                                                                      world.nurse.id)
    assert (row.preferred_days, row.preferred_times, row.message) == ("ma,vr", "ochtend", "Demonstratie graag.")
    assert row.subject == "Afspraak met adviseur: Tillift Birdie"
    assert (row.email, row.reach_by) == ("nina@delinde.nl", "email")
    [message] = smtp_server.messages
    assert message["To"] == "nina@delinde.nl"
    assert message["Subject"] == f"Uw aanvraag voor een afspraak is ontvangen ({row.number})"
    body = message.get_content()
    assert "Tillift Birdie (artikelnummer 240100)" in body and "maandag, vrijdag, 's ochtends" in body


async def test_without_script_a_sent_appointment_leads_to_the_request(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, SEND, {"days": ["di"], "times": ["ochtend", "middag"], "phone": "030 123 45 67"},
                          token_from=PAGE)
    row = await ContactRequest.objects().first()
    assert response.status_code == 303 and response.headers["location"] == f"/profile/verzoeken/{row.number}"
    assert row.reach_by == "phone" and row.phone == "030 123 45 67"
    page = await client.get(response.headers["location"])
    assert "Uw aanvraag voor een afspraak is verstuurd" in page.text
    assert "dinsdag" in page.text and "&#39;s ochtends, &#39;s middags" in page.text
    assert 'href="/alle-producten/product/240100"' in page.text


async def test_role_4_has_no_product_page_and_so_no_appointment(client, world):
    await signed_in(client, world.colleague)
    response = await post(client, SEND, {"days": ["ma"], "times": ["ochtend"]})
    assert response.status_code == 403 and "Geen toegang" in response.text
    assert await ContactRequest.count() == 0


async def test_a_product_that_is_not_sold_answers_404(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, "/alle-producten/product/999999/afspraak", {"days": ["ma"], "times": ["ochtend"]},
                          token_from=PAGE)
    assert response.status_code == 404
    assert await ContactRequest.count() == 0


async def test_the_hourly_limit_counts_appointments_and_questions_together(client, world):
    from portal.domain.contact.requests import MAX_PER_HOUR
    from tests.contact.conftest import sent_contact

    for n in range(MAX_PER_HOUR):
        await sent_contact(world.nurse, subject=f"Vraag {n}")
    await signed_in(client, world.nurse)
    response = await post(client, SEND, {"days": ["ma"], "times": ["ochtend"], "question": "Nog één vraag"},
                          token_from=PAGE, headers=HTMX)
    assert response.status_code == 200 and f"afgelopen uur al {MAX_PER_HOUR} verzoeken verstuurd" in response.text
    assert value_of(response.text, "question") == "Nog één vraag" and 'value="ma" checked' in response.text
    assert await ContactRequest.count() == MAX_PER_HOUR


RENT_PAGE = "/huur/product/250300"
RENT_SEND = "/huur/product/250300/afspraak"


async def _bed_for_rent():
    """A bed that is only rented, never sold: it has no product page in the shop."""
    from tests import shop_factories

    return await shop_factories.product(name="Huurbed Fenna", article_number="250300", purchasable=False,
                                        rentable=True, daily_rent="2.40")


async def test_a_product_for_rent_offers_the_appointment_posting_to_its_own_page(client, world):
    await _bed_for_rent()
    await signed_in(client, world.nurse)
    page = await client.get(RENT_PAGE)
    assert page.status_code == 200 and "Afspraak met adviseur aanvragen" in page.text
    assert f'action="{RENT_SEND}#afspraak"' in page.text and f'hx-post="{RENT_SEND}"' in page.text
    assert (await client.get("/alle-producten/product/250300")).status_code == 404  # not sold: no shop page


async def test_an_appointment_for_a_rented_product_comes_back_on_its_rental_page_with_what_was_typed(client, world):
    await _bed_for_rent()
    await signed_in(client, world.nurse)
    response = await post(client, RENT_SEND, {"days": ["do"], "question": "Welk matras past erbij?"},
                          token_from=RENT_PAGE)
    assert response.status_code == 200 and "<html" in response.text
    assert "Huuraanvraag" in response.text  # the rental product page, not the shop's
    assert field_error(response.text, "times") == "Kies 's ochtends, 's middags of allebei."
    assert 'value="do" checked' in response.text and value_of(response.text, "question") == "Welk matras past erbij?"
    assert await ContactRequest.count() == 0


async def test_a_sent_appointment_for_a_rented_product_links_back_to_its_rental_page(client, world, smtp_server):
    bed = await _bed_for_rent()
    await signed_in(client, world.nurse)
    response = await post(client, RENT_SEND, {"days": ["ma"], "times": ["middag"]}, token_from=RENT_PAGE)
    row = await ContactRequest.objects().first()
    assert response.status_code == 303 and response.headers["location"] == f"/profile/verzoeken/{row.number}"
    assert (row.kind, row.product, row.subject) == ("appointment", bed.id, "Afspraak met adviseur: Huurbed Fenna")
    page = await client.get(response.headers["location"])
    assert f'href="{RENT_PAGE}"' in page.text and 'href="/alle-producten/product/250300"' not in page.text


async def test_role_4_cannot_ask_for_an_appointment_on_a_product_for_rent(client, world):
    await _bed_for_rent()
    await signed_in(client, world.colleague)
    response = await post(client, RENT_SEND, {"days": ["ma"], "times": ["ochtend"]})
    assert response.status_code == 403 and await ContactRequest.count() == 0


async def test_a_product_that_is_not_for_rent_has_no_rental_appointment(client, world):
    await signed_in(client, world.nurse)  # 240100 (the hoist) is sold, not rented
    response = await post(client, "/huur/product/240100/afspraak", {"days": ["ma"], "times": ["ochtend"]},
                          token_from=PAGE)
    assert response.status_code == 404 and await ContactRequest.count() == 0
