"""The admin's form "Uitnodiging opnieuw versturen": staff send a fresh invitation to an account's own
address instead of handing out a link."""

from __future__ import annotations

import json
import re

from portal.domain import accounts
from portal.tables import AccountToken, AuditEvent, MailOutbox
from tests import factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.helpers import login, post_form

FORM = "/admin/api/forms/uitnodiging-opnieuw-versturen/"
LINK = re.compile(r"http://testserver(/wachtwoord-instellen/[A-Za-z0-9_-]+)")
NEW_PASSWORD = "Douchestoel-Wit-31"


async def signed_in_staff(browser):
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


async def links_to(address: str) -> list[str]:
    rows = await MailOutbox.select(MailOutbox.body_text).where(MailOutbox.to_address == address).order_by(MailOutbox.id)
    return [LINK.search(row["body_text"]).group(1) for row in rows]


async def test_the_form_is_in_the_admin_in_dutch(browser):
    http = await signed_in_staff(browser)

    forms = (await http.get("/admin/api/forms/")).json()
    [form] = [f for f in forms if f["slug"] == "uitnodiging-opnieuw-versturen"]
    assert form["name"] == "Uitnodiging opnieuw versturen"
    assert "eerdere uitnodigingslinks" in form["description"]
    schema = (await http.get(f"{FORM}schema/")).json()
    assert schema["properties"]["email"]["title"] == "E-mailadres"


async def test_staff_send_a_fresh_invitation_and_the_earlier_link_stops_working(browser, client, make_client):
    org = await factories.organisation()
    person = await factories.account(org, "4", password=False, email="j.devries@rivierenland.nl", name="Jan de Vries")
    await accounts.send_invitation(person)
    [earlier] = await links_to(person.email)
    http = await signed_in_staff(browser)

    response = await admin_send(http, "POST", FORM, {"email": "  J.deVries@Rivierenland.nl "})

    assert response.status_code == 200, response.text
    assert "j.devries@rivierenland.nl" in response.json()["custom_form_success"]
    assert "send-mail" in response.json()["custom_form_success"]  # no SMTP server in the tests: it is kept
    [_, fresh] = await links_to(person.email)
    assert fresh != earlier
    assert "Deze link is ongeldig" in (await client.get(earlier)).text
    newcomer = make_client()
    assert (await post_form(newcomer, fresh, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})).status_code == 303
    await login(newcomer, person.email, NEW_PASSWORD)

    event = await AuditEvent.objects().where(AuditEvent.action == "invitation_resent").first()
    assert (event.actor_label, event.organisation, event.object_type, event.object_id) == (
        "staff:bart", org.id, "account", str(person.id))
    assert event.ip_address.startswith("10.77.")
    changes = event.changes if isinstance(event.changes, dict) else json.loads(event.changes)
    assert changes == {"email": person.email, "withdrawn_links": 1}


async def test_with_smtp_the_invitation_goes_out_at_once(browser, smtp_server):
    org = await factories.organisation()
    person = await factories.account(org, "4", password=False)
    http = await signed_in_staff(browser)

    response = await admin_send(http, "POST", FORM, {"email": person.email})

    assert response.status_code == 200
    assert "send-mail" not in response.json()["custom_form_success"]
    from portal.domain import mail

    await mail.drain()
    assert [m["To"] for m in smtp_server.messages] == [person.email]


async def test_the_form_refuses_what_an_invitation_cannot_help_with(browser):
    org = await factories.organisation()
    has_password = await factories.account(org, "3", email="heeft.wachtwoord@zorggroep.nl")
    inactive = await factories.account(org, "4", password=False, active=False, email="uit@zorggroep.nl")
    closed_org = await factories.organisation(active=False)
    of_closed = await factories.account(closed_org, "4", password=False, email="gesloten@zorggroep.nl")
    http = await signed_in_staff(browser)

    for email, message in (
        ("niemand@zorggroep.nl", "Er is geen account met het e-mailadres niemand@zorggroep.nl."),
        (has_password.email, "Wachtwoord vergeten"),
        (inactive.email, "Dit account is niet actief"),
        (of_closed.email, "De organisatie van dit account is niet actief"),
        ("", "Vul het e-mailadres van het account in."),
    ):
        response = await admin_send(http, "POST", FORM, {"email": email})
        assert response.status_code == 422, (email, response.text)
        assert message in response.json()["custom_form_error"], email
    assert await MailOutbox.count() == 0 and await AccountToken.count() == 0
    assert await AuditEvent.count().where(AuditEvent.action == "invitation_resent") == 0


async def test_only_signed_in_staff_can_send_it(browser):
    org = await factories.organisation()
    person = await factories.account(org, "admin", password=True)
    http = browser()
    await login(http, person.email)  # a customer's session is no staff session

    response = await admin_send(http, "POST", FORM, {"email": person.email})

    assert response.status_code == 401
    assert await MailOutbox.count() == 0
