"""The mail outbox in /admin: staff read every e-mail, but never a live invitation or reset link, and the
stored e-mail keeps such a link only until it is sent."""

from __future__ import annotations

import dataclasses
import json
import re

from portal.domain import accounts, mail
from portal.tables import AuditEvent, MailOutbox
from tests import factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.helpers import post_form

LINK = re.compile(r"http://testserver(/wachtwoord-instellen/[A-Za-z0-9_-]+)")
HIDDEN = "http://testserver/wachtwoord-instellen/[verborgen]"
NEW_PASSWORD = "Rollator-Remmen-88"


async def kept_invitation(name: str = "Nieuwe Collega"):
    """An invitation kept in the outbox (no SMTP server in the tests) and the link it carries."""
    org = await factories.organisation()
    person = await factories.account(org, "4", password=False, name=name)
    await accounts.send_invitation(person)
    row = await MailOutbox.objects().where(MailOutbox.to_address == person.email).first()
    assert row.status == "kept"
    return person, row, LINK.search(row.body_text).group(1)


async def signed_in_staff(browser):
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


async def test_staff_read_a_kept_invitation_without_its_link_in_the_list_and_the_detail(browser, client):
    person, row, link = await kept_invitation()
    token = link.rsplit("/", 1)[1]
    http = await signed_in_staff(browser)

    listing = await http.get("/admin/api/tables/mail_outbox/")
    detail = await http.get(f"/admin/api/tables/mail_outbox/{row.id}/")
    exported = await http.get("/admin/api/tables/mail_outbox/", params={"__visible_fields": "to_address,body_text",
                                                                         "__page_size": 1000})
    for response in (listing, detail, exported):
        assert response.status_code == 200
        assert token not in response.text
    body = detail.json()["body_text"]
    assert HIDDEN in body
    assert "Beste Nieuwe Collega" in body and "7 dagen geldig" in body  # the rest of the mail reads as it was
    assert [r["body_text"] for r in listing.json()["rows"]] == [body]

    # Kept, not spoilt: the stored mail still carries the link it will be sent with.
    stored = await MailOutbox.objects().where(MailOutbox.id == row.id).first()
    assert link in stored.body_text
    assert person.email in (await client.get(link)).text


async def test_staff_cannot_search_or_sort_the_outbox_by_the_text_of_a_mail(browser):
    """Searching the text for the start of a link, one character at a time, would spell the link out."""
    _, _, link = await kept_invitation()
    token = link.rsplit("/", 1)[1]
    http = await signed_in_staff(browser)

    for path in ("/admin/api/tables/mail_outbox/", "/admin/api/tables/mail_outbox/count/"):
        for params in ({"body_text": token[:4]}, {"body_text": "instellen/" + token[:2], "body_text__match": "starts"},
                       {"body_text__operator": "is_not_null"}, {"__order": "-body_text"}):
            response = await http.get(path, params=params)
            assert response.status_code == 400, (path, params, response.text)
            assert "tekst van een e-mail" in response.text
    # Searching by what the list offers still works.
    found = await http.get("/admin/api/tables/mail_outbox/", params={"subject": "Welkom"})
    assert len(found.json()["rows"]) == 1


async def test_a_sent_invitation_keeps_no_link_and_the_mail_itself_has_a_working_one(client, smtp_server):
    org = await factories.organisation()
    person = await factories.account(org, "4", password=False, name="Nieuwe Collega")
    await accounts.send_invitation(person)
    await mail.drain()

    [message] = smtp_server.messages
    link = LINK.search(message.get_content()).group(1)
    stored = await MailOutbox.objects().first()
    assert stored.status == "sent"
    assert link not in stored.body_text and "/wachtwoord-instellen/" + link.rsplit("/", 1)[1] not in stored.body_text
    assert HIDDEN in stored.body_text and "Beste Nieuwe Collega" in stored.body_text
    assert (await post_form(client, link, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})).status_code == 303


async def test_a_mail_kept_without_smtp_still_goes_out_with_send_mail_and_then_keeps_no_link(
    browser, client, smtp_server, monkeypatch, settings
):
    with monkeypatch.context() as no_smtp:
        no_smtp.setattr(mail, "get_settings", lambda: dataclasses.replace(settings, smtp_url=None))
        person, row, link = await kept_invitation()
    assert smtp_server.messages == []

    assert await mail.retry_unsent() == 1  # what `python -m portal send-mail` does

    [message] = smtp_server.messages
    assert LINK.search(message.get_content()).group(1) == link
    stored = await MailOutbox.objects().where(MailOutbox.id == row.id).first()
    assert stored.status == "sent" and link not in stored.body_text and HIDDEN in stored.body_text
    assert (await post_form(client, link, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})).status_code == 303
    http = await signed_in_staff(browser)
    assert HIDDEN in (await http.get(f"/admin/api/tables/mail_outbox/{row.id}/")).json()["body_text"]


async def test_staff_cannot_redirect_or_write_a_mail_and_a_withdrawn_one_leaves_no_link_in_the_audit_trail(browser):
    person, row, link = await kept_invitation()
    http = await signed_in_staff(browser)

    # Sending a kept invitation to another address would hand its link to whoever reads that mailbox.
    redirected = await admin_send(http, "PATCH", f"/admin/api/tables/mail_outbox/{row.id}/", {"to_address": "bart@harting-bank.nl"})
    assert redirected.status_code == 405 and "Uitnodiging opnieuw versturen" in redirected.json()["detail"]
    written = await admin_send(http, "POST", "/admin/api/tables/mail_outbox/", {
        "to_address": person.email, "subject": "Uw wachtwoord", "body_text": "Klik hier", "status": "kept"})
    assert written.status_code == 405
    assert (await MailOutbox.objects().where(MailOutbox.id == row.id).first()).to_address == person.email
    assert await MailOutbox.count() == 1

    withdrawn = await admin_send(http, "DELETE", f"/admin/api/tables/mail_outbox/{row.id}/")
    assert withdrawn.status_code == 204
    event = await AuditEvent.objects().where(AuditEvent.action == "admin_deleted").first()
    changes = event.changes if isinstance(event.changes, dict) else json.loads(event.changes)
    assert changes["to_address"] == [person.email, None]
    assert link not in json.dumps(changes) and HIDDEN in changes["body_text"][0]
    trail = await http.get("/admin/api/tables/audit_event/")
    assert link not in trail.text and trail.status_code == 200
