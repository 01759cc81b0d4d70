"""HartingBank's side in /admin: the queue "Contact: open verzoeken" (the contact request table filtered
on open), the form "Verzoek afhandelen" with a reply that the requester reads in Mijn verzoeken and gets
by e-mail (real SMTP); refusals in Dutch; the table itself is not edited by hand."""

from __future__ import annotations

from portal.admin import SIDEBAR_LINKS
from portal.domain import mail
from portal.tables import AuditEvent, ContactRequest
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.contact.conftest import sent_contact, signed_in

FORM = "/admin/api/forms/verzoek-afhandelen/"


async def signed_in_staff(browser):
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


async def test_the_queue_lists_the_open_requests_oldest_first(browser, world):
    first = await sent_contact(world.nurse, subject="Eerste vraag")
    second = await sent_contact(world.other_admin, subject="Vraag van Noord")
    handled = await sent_contact(world.colleague, subject="Al beantwoord")
    await ContactRequest.update({ContactRequest.status: "handled"}).where(ContactRequest.id == handled.id)
    http = await signed_in_staff(browser)
    assert SIDEBAR_LINKS["Contact: open verzoeken"] == "/admin/#/contact_request/?status=open&__order=created_at"

    rows = (await http.get("/admin/api/tables/contact_request/",
                           params={"status": "open", "__order": "created_at"})).json()["rows"]
    assert [row["number"] for row in rows] == [first.number, second.number]
    forms = {form["slug"] for form in (await http.get("/admin/api/forms/")).json()}
    assert "verzoek-afhandelen" in forms


async def test_handling_a_request_stores_the_reply_mails_it_and_shows_it_in_mijn_verzoeken(
        browser, world, client, smtp_server):
    row = await sent_contact(world.nurse, subject="Vraag over de planning")
    await mail.drain()
    smtp_server.messages.clear()
    http = await signed_in_staff(browser)

    answer = await admin_send(http, "POST", FORM, {"number": row.number.lower(), "reply": "De monteur komt dinsdag."})
    assert answer.status_code == 200, answer.text
    await mail.drain()

    stored = await ContactRequest.objects().get(ContactRequest.id == row.id)
    assert (stored.status, stored.reply, stored.handled_by) == ("handled", "De monteur komt dinsdag.", "staff:bart")
    assert stored.handled_at is not None
    assert await AuditEvent.count().where(AuditEvent.action == "contact_request_handled") == 1
    [message] = smtp_server.messages
    assert message["To"] == "nina@delinde.nl" and message["Subject"] == f"Uw verzoek {row.number} is afgehandeld"
    assert "De monteur komt dinsdag." in message.get_content()

    await signed_in(client, world.nurse)
    page = await client.get("/profile/verzoeken/")
    assert "Afgehandeld" in page.text and "De monteur komt dinsdag." in page.text


async def test_refusals_are_dutch_messages_on_the_form(browser, world):
    row = await sent_contact(world.nurse)
    http = await signed_in_staff(browser)

    for fields, message in (
        ({"number": "", "reply": "Klaar"}, "Vul het nummer van het verzoek in."),
        ({"number": "VRZ-2026-999999", "reply": "Klaar"}, "Er is geen verzoek met nummer VRZ-2026-999999."),
        ({"number": row.number, "reply": "  "}, "Vul het antwoord in"),
    ):
        answer = await admin_send(http, "POST", FORM, fields)
        assert answer.status_code == 422 and message in answer.text, answer.text
    assert (await ContactRequest.objects().get(ContactRequest.id == row.id)).status == "open"

    assert (await admin_send(http, "POST", FORM, {"number": row.number, "reply": "Klaar."})).status_code == 200
    again = await admin_send(http, "POST", FORM, {"number": row.number, "reply": "Nog eens."})
    assert again.status_code == 422 and f"Verzoek {row.number} is al afgehandeld." in again.text
    assert (await ContactRequest.objects().get(ContactRequest.id == row.id)).reply == "Klaar."


async def test_the_table_is_not_edited_by_hand(browser, world):
    row = await sent_contact(world.nurse)
    http = await signed_in_staff(browser)
    answer = await admin_send(http, "PATCH", f"/admin/api/tables/contact_request/{row.id}/", {"status": "handled"})
    assert answer.status_code == 405 and "Verzoek afhandelen" in answer.text
    assert (await ContactRequest.objects().get(ContactRequest.id == row.id)).status == "open"
