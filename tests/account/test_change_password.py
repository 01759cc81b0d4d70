"""Wachtwoord wijzigen (ACC-4): current + new + repeat, each message under its own field; the new
password works at once, the old one no longer, and the account's other sessions end."""

import re

import pytest

from portal.tables import AuditEvent
from tests import factories
from tests.helpers import csrf_token, login, post_form

PAGE = "/profile/change-password"
NEW = "Tillift-Zuid-2026"


def field_error(html: str, name: str) -> str | None:
    match = re.search(rf'<small id="e-{name}" class="field-error">([^<]*)</small>', html)
    return match.group(1) if match else None


async def signed_in(client, role="4"):
    org = await factories.organisation()
    person = await factories.account(org, role)
    await login(client, person.email)
    return person


async def change(client, current=factories.PASSWORD, new=NEW, repeat=None, **kwargs):
    data = {"current": current, "new": new, "repeat": new if repeat is None else repeat}
    return await post_form(client, PAGE, data, **kwargs)


async def test_success_shows_the_flash_and_only_the_new_password_works(make_client):
    browser = make_client()
    person = await signed_in(browser)

    response = await change(browser)
    assert response.status_code == 303
    assert response.headers["location"] == "/mijn-account"
    page = await browser.get("/mijn-account")
    assert page.status_code == 200
    assert "Uw wachtwoord is gewijzigd. Het nieuwe wachtwoord is direct actief." in page.text
    assert "Uw wachtwoord is gewijzigd." not in (await browser.get("/mijn-account")).text  # shown once

    fresh = make_client()
    assert (await post_form(fresh, "/inloggen", {"email": person.email, "password": factories.PASSWORD})).status_code == 200
    await login(fresh, person.email, NEW)

    event = await AuditEvent.objects().where(AuditEvent.action == "password_changed").first()
    assert event.actor == person.id and event.object_id == str(person.id) and event.ip_address == "127.0.0.1"


async def test_changing_the_password_ends_the_other_sessions_and_renews_this_one(make_client):
    here, elsewhere = make_client(), make_client()
    person = await signed_in(here)
    await login(elsewhere, person.email)
    before = here.cookies["portal_session"]

    assert (await change(here)).status_code == 303
    assert here.cookies["portal_session"] != before
    assert (await here.get("/mijn-account")).status_code == 200
    assert (await elsewhere.get("/mijn-account")).status_code == 303

    replay = make_client()
    replay.cookies.set("portal_session", before, domain="testserver.local")
    assert (await replay.get("/mijn-account")).status_code == 303


async def test_htmx_submit_gets_a_client_redirect(client):
    await signed_in(client)
    token = await csrf_token(client, PAGE)
    response = await client.post(
        PAGE, data={"current": factories.PASSWORD, "new": NEW, "repeat": NEW},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/mijn-account"
    assert (await client.get("/mijn-account")).status_code == 200


@pytest.mark.parametrize(
    ("current", "new", "repeat", "field", "message"),
    [
        ("Verkeerd-1234", NEW, NEW, "current", "Het huidige wachtwoord klopt niet."),
        ("", NEW, NEW, "current", "Vul uw huidige wachtwoord in."),
        (factories.PASSWORD, "kort12", "kort12", "new", "Het wachtwoord moet minimaal 7 tekens lang zijn."),
        (factories.PASSWORD, "", "", "new", "Vul een nieuw wachtwoord in."),
        (factories.PASSWORD, "wachtwoord1", "wachtwoord1", "new", "Dit wachtwoord wordt te vaak gebruikt"),
        (factories.PASSWORD, "QWERTY123", "QWERTY123", "new", "Dit wachtwoord wordt te vaak gebruikt"),
        (factories.PASSWORD, NEW, NEW + "x", "repeat", "De wachtwoorden komen niet overeen."),
        (factories.PASSWORD, NEW, "", "repeat", "Herhaal het nieuwe wachtwoord."),
        (factories.PASSWORD, factories.PASSWORD, factories.PASSWORD, "new", "Kies een ander wachtwoord dan uw huidige."),
    ],
)
async def test_each_problem_is_shown_under_its_own_field_and_nothing_changes(client, current, new, repeat, field, message):
    person = await signed_in(client)
    response = await change(client, current, new, repeat)
    assert response.status_code == 200
    assert message in (field_error(response.text, field) or "")
    assert [name for name in ("current", "new", "repeat") if field_error(response.text, name)] == [field]
    assert not await AuditEvent.exists().where(AuditEvent.action == "password_changed")

    other = await post_form(client, "/inloggen", {"email": person.email, "password": factories.PASSWORD}, token_from=PAGE)
    assert other.status_code == 303  # the old password still works


async def test_several_problems_are_shown_at_once(client):
    await signed_in(client)
    response = await change(client, "Verkeerd-1234", "kort", "anders")
    assert field_error(response.text, "current") == "Het huidige wachtwoord klopt niet."
    assert field_error(response.text, "new") == "Het wachtwoord moet minimaal 7 tekens lang zijn."


async def test_guessing_the_current_password_is_throttled_like_sign_in(make_client):
    browser = make_client()
    person = await signed_in(browser)
    for _ in range(5):
        response = await change(browser, "Verkeerd-1234")
        assert field_error(response.text, "current") == "Het huidige wachtwoord klopt niet."
    blocked = await change(browser)
    assert "Te veel mislukte pogingen." in (field_error(blocked.text, "current") or "")
    fresh = make_client()
    refused = await post_form(fresh, "/inloggen", {"email": person.email, "password": factories.PASSWORD})
    assert "Te veel mislukte pogingen." in refused.text


async def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = await client.get(PAGE)
    assert response.headers["location"] == "/inloggen?volgende=%2Fprofile%2Fchange-password"


async def test_posting_without_the_form_token_is_refused_in_dutch(client):
    await signed_in(client)
    response = await client.post(PAGE, data={"current": factories.PASSWORD, "new": NEW, "repeat": NEW})
    assert response.status_code == 403
    assert "Het formulier is verlopen of ongeldig." in response.text


LONG = "z" * 10_000


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"current": factories.PASSWORD},
        {"new": NEW, "repeat": NEW},
        {"current": LONG, "new": LONG, "repeat": LONG},
        {"current": factories.PASSWORD, "new": LONG, "repeat": LONG},
        {"current": "nul\x00", "new": "nul\x00byte-lang", "repeat": "nul\x00byte-lang"},
        {"current": ["twee", "waarden"], "new": NEW},
    ],
)
async def test_bad_input_never_breaks_the_form(client, data):
    await signed_in(client)
    response = await post_form(client, PAGE, data)
    assert response.status_code == 200
    assert "Wachtwoord wijzigen" in response.text


async def test_bytes_that_are_not_utf8_never_break_the_form(client):
    await signed_in(client)
    token = await csrf_token(client, PAGE)
    body = b"_csrf_token=" + token.encode() + b"&current=%FF%FE&new=\xff\xfe\xfd\xfc\xfb\xfa\xf9&repeat=%ED%A0%80"
    response = await client.post(PAGE, content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200
