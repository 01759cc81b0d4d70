"""The contact form (CON-1) at /contactformulier: every signed-in role may send it; required fields, a
too long message, markup, a bad e-mail address and the hourly limit are told next to the field with what
was typed kept; a sent request is stored, in the audit trail and confirmed by e-mail (real SMTP)."""

from __future__ import annotations

import re

from portal.domain import mail
from portal.domain.contact.requests import MAX_PER_HOUR
from portal.tables import AuditEvent, ContactRequest, Notification
from tests.contact.conftest import field_error, post, sent_contact, signed_in, value_of

FORM = "/contactformulier"
GOOD = {"subject": "Vraag over de planning", "message": "Wanneer komt de monteur voor de tillift?",
        "reach_by": "phone", "phone": "030 123 45 67", "email": "nina@delinde.nl"}


async def test_the_form_opens_with_the_accounts_address_and_the_manuals_ways_to_reach_us(client, world):
    await signed_in(client, world.nurse)
    page = await client.get(FORM)
    assert page.status_code == 200
    assert value_of(page.text, "email") == "nina@delinde.nl"
    assert 'value="email" checked' in page.text
    for text in ("Bereikbaar maandag t/m vrijdag tijdens kantooruren", "088 124 82 11",
                 "onlineklantenservice@harting-bank.nl"):
        assert text in page.text
    # The footer of every page keeps the manual's office hours, phone and e-mail.
    footer = page.text[page.text.index('<footer'):]
    assert "kantooruren" in footer and "088 124 82 11" in footer and "onlineklantenservice@harting-bank.nl" in footer
    assert 'href="/contactformulier"' in footer


async def test_role_4_without_the_shop_may_send_a_question_too(client, world):
    await signed_in(client, world.colleague)
    response = await post(client, FORM, {**GOOD, "email": "karel@delinde.nl"})
    assert response.status_code == 303
    row = await ContactRequest.objects().first()
    assert (row.account, row.organisation, row.kind, row.status) == (world.colleague.id, world.org.id, "contact", "open")


async def test_a_form_without_the_required_fields_says_so_next_to_each_and_stores_nothing(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, FORM, {"subject": "", "message": "   ", "reach_by": "", "email": "", "phone": ""})
    assert response.status_code == 200
    assert field_error(response.text, "subject") == "Vul het onderwerp van uw vraag in."
    assert field_error(response.text, "message") == "Vul uw vraag of bericht in."
    assert field_error(response.text, "reach_by") == "Kies hoe wij u het liefst bereiken: telefonisch of per e-mail."
    subject = re.search(r'<input id="f-subject"[^>]*>', response.text).group(0)
    assert 'aria-invalid="true"' in subject and 'aria-describedby="e-subject"' in subject
    assert await ContactRequest.count() == 0


async def test_the_chosen_way_to_be_reached_needs_its_field(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, FORM, {**GOOD, "phone": ""})
    assert field_error(response.text, "phone") == "Vul uw telefoonnummer in: u wilt telefonisch bereikt worden."
    response = await post(client, FORM, {**GOOD, "reach_by": "email", "email": ""})
    assert field_error(response.text, "email") == "Vul uw e-mailadres in: u wilt per e-mail bereikt worden."
    assert await ContactRequest.count() == 0


async def test_a_bad_email_address_is_refused_and_everything_typed_stays(client, world):
    await signed_in(client, world.nurse)
    response = await post(client, FORM, {**GOOD, "email": "nina@delinde", "phone": "bel mij"})
    assert field_error(response.text, "email") == "Vul een geldig e-mailadres in, bijvoorbeeld naam@zorggroep.nl."
    assert "alleen cijfers" in field_error(response.text, "phone")
    assert value_of(response.text, "email") == "nina@delinde"
    assert value_of(response.text, "phone") == "bel mij"
    assert value_of(response.text, "subject") == GOOD["subject"]
    assert value_of(response.text, "message") == GOOD["message"]
    assert 'value="phone" checked' in response.text
    assert await ContactRequest.count() == 0


async def test_a_100_kb_message_is_refused_with_its_length_and_kept_whole(client, world):
    await signed_in(client, world.nurse)
    long = ("Regel met uitleg over de tillift. " * 3100)[:102_400]
    response = await post(client, FORM, {**GOOD, "message": long})
    assert response.status_code == 200
    assert field_error(response.text, "message") == (
        f"Uw bericht is {len(long.strip()):,} tekens lang; ten hoogste 5.000 past. Maak het korter.".replace(",", "."))
    assert value_of(response.text, "message") == long.strip()
    assert await ContactRequest.count() == 0


async def test_markup_in_a_message_is_stored_as_typed_and_shown_as_text(client, world):
    await signed_in(client, world.nurse)
    markup = '<script>alert("x")</script><b>vet</b>'
    response = await post(client, FORM, {**GOOD, "subject": "<i>Onderwerp</i>", "message": markup})
    assert response.status_code == 303
    row = await ContactRequest.objects().first()
    assert row.message == markup and row.subject == "<i>Onderwerp</i>"
    page = await client.get(response.headers["location"])
    assert "<script>alert" not in page.text and "<b>vet</b>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;vet&lt;/b&gt;" in page.text
    assert "&lt;i&gt;Onderwerp&lt;/i&gt;" in page.text


async def test_a_sent_question_is_stored_audited_and_confirmed_by_email_over_smtp(client, world, smtp_server):
    await signed_in(client, world.nurse)
    response = await post(client, FORM, GOOD)
    await mail.drain()

    row = await ContactRequest.objects().first()
    assert response.status_code == 303 and response.headers["location"] == f"/profile/verzoeken/{row.number}"
    assert row.number.startswith("VRZ-") and row.kind == "contact" and row.status == "open"
    assert (row.subject, row.message, row.phone, row.email, row.reach_by) == (
        GOOD["subject"], GOOD["message"], "030 123 45 67", "nina@delinde.nl", "phone")
    assert await AuditEvent.count().where(
        (AuditEvent.action == "contact_request_sent") & (AuditEvent.object_id == str(row.id))) == 1
    [message] = smtp_server.messages
    assert message["To"] == "nina@delinde.nl"
    assert message["Subject"] == f"Wij hebben uw vraag ontvangen ({row.number})"
    body = message.get_content()
    assert "Vraag over de planning" in body and f"http://testserver/profile/verzoeken/{row.number}" in body
    assert await Notification.count().where(Notification.account == world.nurse.id) == 1
    page = await client.get(response.headers["location"])
    assert f"Uw vraag is verstuurd als verzoek {row.number}" in page.text


async def test_past_the_hourly_limit_the_form_says_so_and_keeps_what_was_typed(client, make_client, world):
    for n in range(MAX_PER_HOUR):
        await sent_contact(world.nurse, subject=f"Vraag {n}")
    await signed_in(client, world.nurse)
    response = await post(client, FORM, {**GOOD, "subject": "Nog een vraag"})
    assert response.status_code == 200
    assert f"U heeft het afgelopen uur al {MAX_PER_HOUR} verzoeken verstuurd; meer kan niet." in response.text
    assert 'role="alert"' in response.text
    assert value_of(response.text, "subject") == "Nog een vraag"
    assert await ContactRequest.count() == MAX_PER_HOUR
    # The limit is per account: a colleague may still send.
    colleague = await post(await signed_in(make_client(), world.colleague), FORM, {**GOOD, "email": "karel@delinde.nl"})
    assert colleague.status_code == 303
