"""Deactivating and reactivating an account (ADM-1, ADM-3): "Actief" off ends the user's open sessions at
once and blocks sign-in; on again restores it. An account made inactive gets its invitation when it is
switched on."""

from __future__ import annotations

from portal.domain import background, mail
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.tables import Account, AccountToken, AuditEvent, MailOutbox
from tests import factories
from tests.helpers import login, post_form


async def setup():
    org = await factories.organisation()
    location = await factories.location(org, name="Zorgcentrum De Linde")
    admin = await factories.account(org, "admin", name="Anja Administrator")
    user = await factories.account(org, "2", name="Sanne de Vries", locations=[location])
    return org, location, admin, user


def form(user, location, active: bool, **changes) -> dict:
    values = {
        "name": user.name, "role": user.role, "location": [str(location.id)],
        **{f"authoriser_{kind}": "self" for kind in REQUESTABLE_KINDS}, **changes,
    }
    if active:
        values["active"] = "1"
    return values


async def sign_in_status(client, email: str) -> int:
    response = await post_form(client, "/inloggen", {"email": email, "password": factories.PASSWORD})
    return response.status_code


async def test_deactivating_signs_the_user_out_at_once_and_blocks_sign_in(make_client):
    org, location, admin, user = await setup()
    as_admin, as_user = make_client(), make_client()
    await login(as_admin, admin.email)
    await login(as_user, user.email)
    assert (await as_user.get("/mijn-account")).status_code == 200

    response = await post_form(as_admin, f"/accountbeheer/{user.id}/bewerken", form(user, location, active=False))
    assert response.status_code == 303

    # The very next request of the signed-in user lands on the sign-in page, htmx requests included.
    next_request = await as_user.get("/mijn-account")
    assert next_request.status_code == 303
    assert next_request.headers["location"].startswith("/inloggen")
    assert (await as_user.get("/mijn-account", headers={"HX-Request": "true"})).headers["hx-redirect"].startswith("/inloggen")
    # Signing in again is refused with the usual message (nothing tells that the account exists).
    refused = await post_form(as_user, "/inloggen", {"email": user.email, "password": factories.PASSWORD})
    assert refused.status_code == 200
    assert "Deze combinatie van e-mailadres en wachtwoord is onbekend." in refused.text
    # The list shows the account as inactive.
    assert "Inactief" in (await as_admin.get("/accountbeheer?naam=sanne")).text
    event = await AuditEvent.objects().where(AuditEvent.action == "account_deactivated").output(load_json=True).first()
    assert event.actor == admin.id and event.changes["active"] == [True, False]


async def test_reactivating_restores_sign_in(make_client):
    org, location, admin, user = await setup()
    as_admin = make_client()
    await login(as_admin, admin.email)
    await post_form(as_admin, f"/accountbeheer/{user.id}/bewerken", form(user, location, active=False))
    assert await sign_in_status(make_client(), user.email) == 200

    await post_form(as_admin, f"/accountbeheer/{user.id}/bewerken", form(user, location, active=True))

    as_user = make_client()
    assert await sign_in_status(as_user, user.email) == 303
    assert (await as_user.get("/mijn-account")).status_code == 200
    assert await AuditEvent.count().where(AuditEvent.action == "account_reactivated") == 1
    assert await MailOutbox.count() == 0  # they had a password already: no new invitation


async def test_an_inactive_user_cannot_use_a_password_link(make_client):
    org, location, admin, user = await setup()
    as_admin = make_client()
    await login(as_admin, admin.email)
    await post_form(make_client(), "/wachtwoord-vergeten", {"email": user.email})
    await background.drain()  # the reset mail is made after the answer
    reset = await MailOutbox.objects().first()
    link = reset.body_text.split("http://testserver", 1)[1].split()[0]

    await post_form(as_admin, f"/accountbeheer/{user.id}/bewerken", form(user, location, active=False))

    page = await make_client().get(link)
    assert "Dit account is niet actief." in page.text


async def test_an_account_made_inactive_is_invited_when_it_is_switched_on(make_client):
    org, location, admin, _ = await setup()
    as_admin = make_client()
    await login(as_admin, admin.email)
    new = {"email": "later@zorggroep.nl", "name": "Lotte Later", "role": "4", "location": [str(location.id)],
           **{f"authoriser_{kind}": "self" for kind in REQUESTABLE_KINDS}}

    response = await post_form(as_admin, "/accountbeheer/nieuw", new)
    assert response.status_code == 303
    lotte = await Account.objects().where(Account.email == "later@zorggroep.nl").first()
    assert not lotte.active
    await mail.drain()
    assert await MailOutbox.count() == 0 and await AccountToken.count() == 0
    assert "De uitnodiging volgt zodra u het account activeert." in (await as_admin.get("/accountbeheer")).text

    await post_form(as_admin, f"/accountbeheer/{lotte.id}/bewerken", {**new, "active": "1"})

    invitation = await MailOutbox.objects().first()
    assert invitation.to_address == "later@zorggroep.nl" and "/wachtwoord-instellen/" in invitation.body_text


async def test_an_administrator_who_switches_themself_off_is_signed_out_when_another_remains(make_client):
    org, location, admin, user = await setup()
    await factories.account(org, "admin", name="Bas Beheerder")
    as_admin = make_client()
    await login(as_admin, admin.email)

    response = await post_form(as_admin, f"/accountbeheer/{admin.id}/bewerken", {
        "name": admin.name, "role": "admin", **{f"authoriser_{kind}": "self" for kind in REQUESTABLE_KINDS}})

    assert response.status_code == 303
    assert (await as_admin.get("/accountbeheer")).status_code == 303


async def test_a_session_that_made_no_request_while_the_account_was_off_stays_ended(make_client):
    org, location, admin, user = await setup()
    as_admin, as_user = make_client(), make_client()
    await login(as_admin, admin.email)
    await login(as_user, user.email)

    await post_form(as_admin, f"/accountbeheer/{user.id}/bewerken", form(user, location, active=False))
    await post_form(as_admin, f"/accountbeheer/{user.id}/bewerken", form(user, location, active=True))

    response = await as_user.get("/mijn-account")
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")
    assert (await as_admin.get("/mijn-account")).status_code == 200  # the administrator's own session goes on
