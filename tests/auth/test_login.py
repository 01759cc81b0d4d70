"""Inloggen and uitloggen (ACC-1): sessions, safe redirects, audit and bad input."""

import re

import pytest

from portal.tables import Account, AuditEvent
from tests import factories
from tests.helpers import csrf_token, login, post_form


async def test_signed_out_visitor_goes_to_sign_in_and_back(client):
    org = await factories.organisation()
    loc = await factories.location(org)
    person = await factories.account(org, "4", locations=[loc])

    response = await client.get("/mijn-account")
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=%2Fmijn-account"
    # An address far longer than anyone follows is not echoed back whole: the page without its query.
    response = await client.get("/mijn-account?x=" + "%25" * 20_000)
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=%2Fmijn-account"

    response = await post_form(
        client, "/inloggen", {"email": person.email.upper(), "password": factories.PASSWORD, "next": "/mijn-account"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/mijn-account"
    page = await client.get("/mijn-account")
    assert page.status_code == 200
    assert person.name in page.text


async def test_wrong_password_and_unknown_email_get_the_same_dutch_message(client):
    org = await factories.organisation()
    person = await factories.account(org, "2")

    wrong = await post_form(client, "/inloggen", {"email": person.email, "password": "verkeerd-wachtwoord"})
    unknown = await post_form(client, "/inloggen", {"email": "niemand@example.nl", "password": "verkeerd-wachtwoord"})

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Deze combinatie van e-mailadres en wachtwoord is onbekend." in response.text
    assert f'value="{person.email}"' in wrong.text  # what was typed is still there


async def test_sign_out_ends_the_session(client):
    org = await factories.organisation()
    person = await factories.account(org, "1")
    await login(client, person.email)

    response = await post_form(client, "/uitloggen", {}, token_from="/mijn-account")
    assert response.status_code == 303
    assert (await client.get("/mijn-account")).status_code == 303


SESSION = "portal_session"
HOST = "testserver.local"  # where httpx files the test server's cookies


async def test_sign_in_gives_a_new_session_id_and_the_old_one_stops_working(make_client):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    colleague = await factories.account(org, "4")
    browser = make_client()

    await login(browser, person.email)
    first = browser.cookies[SESSION]
    # Signing in again, as someone else, on the same browser (the form still open in another tab).
    response = await post_form(
        browser, "/inloggen", {"email": colleague.email, "password": factories.PASSWORD}, token_from="/mijn-account"
    )
    assert response.status_code == 303
    second = browser.cookies[SESSION]
    assert first and second and first != second

    replay = make_client()
    replay.cookies.set(SESSION, first, domain=HOST)
    assert (await replay.get("/mijn-account")).status_code == 303
    page = await browser.get("/mijn-account")
    assert colleague.name in page.text and person.name not in page.text


async def test_a_planted_session_id_is_worthless_after_sign_in(make_client):
    """Session fixation: the attacker's own session id, planted in the victim's browser, is replaced
    at the victim's sign-in and ends, so it never becomes the victim's session."""
    org = await factories.organisation()
    attacker = await factories.account(org, "4")
    victim = await factories.account(org, "1", name="Slachtoffer Jansen")
    attacker_browser, victim_browser = make_client(), make_client()

    await login(attacker_browser, attacker.email)
    planted = attacker_browser.cookies[SESSION]
    victim_browser.cookies.set(SESSION, planted, domain=HOST)
    # The planted id counts as signed in (as the attacker) until the victim signs in with the form.
    response = await post_form(
        victim_browser, "/inloggen", {"email": victim.email, "password": factories.PASSWORD}, token_from="/mijn-account"
    )
    assert response.status_code == 303

    assert victim_browser.cookies[SESSION] != planted
    attacker_page = await attacker_browser.get("/mijn-account")
    assert attacker_page.status_code == 303
    assert "Slachtoffer Jansen" not in attacker_page.text


async def test_an_invented_session_id_is_replaced_at_sign_in(client):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    client.cookies.set(SESSION, "gekozen-door-een-aanvaller", domain=HOST)
    assert (await client.get("/mijn-account")).status_code == 303

    await login(client, person.email)
    assert client.cookies[SESSION] != "gekozen-door-een-aanvaller"
    assert (await client.get("/mijn-account")).status_code == 200


async def test_the_session_cookie_cannot_be_read_by_script(client):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    response = await login(client, person.email)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/profile/",
        "https://evil.example",
        "http://evil.example/inloggen",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
    ],
)
async def test_sign_in_never_sends_anyone_to_another_site(client, target):
    org = await factories.organisation()
    person = await factories.account(org, "4")

    page = await client.get("/inloggen", params={"volgende": target})
    assert page.status_code == 200
    assert 'name="next" value="/profile"' in page.text

    response = await post_form(client, "/inloggen", {"email": person.email, "password": factories.PASSWORD, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == "/profile"

    signed_in = await client.get("/inloggen", params={"volgende": target})
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/profile"


async def test_a_local_path_with_query_and_accents_is_kept(client):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    response = await post_form(
        client, "/inloggen",
        {"email": person.email, "password": factories.PASSWORD, "next": "/mijn-account?tab=locaties&naam=Zoë"},
    )
    assert response.headers["location"] == "/mijn-account?tab=locaties&naam=Zo%C3%AB"


async def test_signed_in_visit_of_the_sign_in_page_goes_on(client):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    await login(client, person.email)

    response = await client.get("/inloggen")
    assert response.status_code == 303
    assert response.headers["location"] == "/profile"
    response = await client.get("/inloggen", params={"volgende": "/mijn-account?tab=locaties"})
    assert response.headers["location"] == "/mijn-account?tab=locaties"


async def test_inactive_account_or_organisation_cannot_sign_in(client):
    org = await factories.organisation()
    closed_org = await factories.organisation(active=False)
    inactive = await factories.account(org, "2", active=False)
    in_closed_org = await factories.account(closed_org, "admin")
    invited = await factories.account(org, "4", password=False)

    for person in (inactive, in_closed_org, invited):
        response = await post_form(client, "/inloggen", {"email": person.email, "password": factories.PASSWORD})
        assert response.status_code == 200
        assert "Deze combinatie van e-mailadres en wachtwoord is onbekend." in response.text
    assert SESSION not in client.cookies


async def test_empty_fields_get_a_message_next_to_each(client):
    response = await post_form(client, "/inloggen", {"email": "  ", "password": ""})
    assert response.status_code == 200
    assert re.search(r'id="e-email"[^>]*>Vul uw e-mailadres in\.<', response.text)
    assert re.search(r'id="e-password"[^>]*>Vul uw wachtwoord in\.<', response.text)


async def test_sign_in_and_out_are_in_the_audit_trail(client):
    org = await factories.organisation()
    person = await factories.account(org, "3")
    await login(client, person.email)
    await post_form(client, "/uitloggen", {}, token_from="/mijn-account")

    events = await AuditEvent.select(AuditEvent.action, AuditEvent.actor, AuditEvent.ip_address, AuditEvent.object_id).order_by(AuditEvent.id)
    assert [(e["action"], e["actor"], e["object_id"]) for e in events] == [
        ("login", person.id, str(person.id)), ("logout", person.id, str(person.id)),
    ]
    assert {e["ip_address"] for e in events} == {"127.0.0.1"}
    assert (await Account.select(Account.last_login_at).where(Account.id == person.id).first())["last_login_at"]


async def test_sign_out_removes_the_cookie_and_says_so(client):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    await login(client, person.email)
    old = client.cookies[SESSION]

    confirm = await client.get("/uitloggen")
    assert confirm.status_code == 200 and "Wilt u uitloggen" in confirm.text
    response = await post_form(client, "/uitloggen", {}, token_from="/uitloggen")
    assert response.headers["location"] == "/inloggen?melding=uitgelogd"
    assert SESSION not in client.cookies
    assert "U bent uitgelogd." in (await client.get("/inloggen?melding=uitgelogd")).text

    client.cookies.set(SESSION, old, domain=HOST)
    assert (await client.get("/mijn-account")).status_code == 303
    assert (await client.get("/uitloggen")).headers["location"] == "/inloggen"


LONG = "x" * 10_000


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": ""},
        {"password": "iets"},
        {"email": LONG, "password": LONG, "next": LONG},
        {"email": LONG + "@example.nl", "password": "x"},
        {"email": "nul\x00byte@example.nl", "password": "nul\x00byte"},
        {"email": "zoë@ëxample.nl", "password": "wachtwoord\u202e", "next": "/\u0000"},
        {"email": ["twee@example.nl", "keer@example.nl"], "password": "x"},
    ],
)
async def test_bad_input_on_sign_in_never_breaks(client, data):
    response = await post_form(client, "/inloggen", data)
    assert response.status_code == 200
    assert "Inloggen" in response.text


async def test_bytes_that_are_not_utf8_do_not_break_sign_in(client):
    token = await csrf_token(client, "/inloggen")
    body = b"_csrf_token=" + token.encode() + b"&email=%FF%FE%ED%A0%80@example.nl&password=%C3%28&next=%E2%28%A1"
    response = await client.post(
        "/inloggen", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 200
    raw = await client.post(
        "/inloggen", content=b"_csrf_token=" + token.encode() + b"&email=\xff\xfe@x.nl&password=\xc3\x28",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert raw.status_code == 200


async def test_bad_query_values_on_the_sign_in_page_never_break(client):
    for query in ("volgende=" + "a" * 10_000, "volgende=%00", "melding=%FF", "melding=onbekend", "volgende=%ED%A0%80"):
        response = await client.get("/inloggen?" + query)
        assert response.status_code == 200, query
