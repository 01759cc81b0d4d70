"""One-time links (ACC-2 invitation, ACC-5 reset) and "Wachtwoord vergeten". Expiry is tested by
moving the token's expires_at in the database, never by waiting."""

import re
from datetime import datetime, timedelta, timezone

import pytest

from portal.domain import accounts, background, mail
from portal.tables import Account, AccountToken, AuditEvent, MailOutbox
from tests import factories
from tests.helpers import csrf_token, login, post_form

NEW_PASSWORD = "Tilband-Noord-42"
FORGOT_ANSWER = "Als dit e-mailadres bij ons bekend is"
LINK = re.compile(r"http://testserver(/wachtwoord-instellen/[A-Za-z0-9_-]+)")


def field_error(html: str, name: str) -> str | None:
    match = re.search(rf'<small id="e-{name}" class="field-error">([^<]*)</small>', html)
    return match.group(1) if match else None


async def last_link(to_address: str) -> str:
    row = await MailOutbox.objects().where(MailOutbox.to_address == to_address).order_by(MailOutbox.id, ascending=False).first()
    return LINK.search(row.body_text).group(1)


async def invited(org=None, **kwargs):
    org = org or await factories.organisation()
    person = await factories.account(org, "4", password=False, **kwargs)
    await accounts.send_invitation(person)
    return person, await last_link(person.email)


async def set_password(client, link, password=NEW_PASSWORD, repeat=None):
    # The token comes from another page: a used or expired link's page no longer shows the form.
    data = {"password": password, "repeat": password if repeat is None else repeat}
    return await post_form(client, link, data, token_from="/wachtwoord-vergeten")


async def test_invitation_link_sets_the_first_password_and_then_sign_in_works(client):
    person, link = await invited()
    outbox = await MailOutbox.objects().where(MailOutbox.to_address == person.email).first()
    assert outbox.status == "kept"  # no SMTP server configured: kept for the staff to see
    assert "Welkom bij Mijn HartingBank" in outbox.subject
    token = await AccountToken.objects().where(AccountToken.account == person.id).first()
    assert token.purpose == "invite" and token.expires_at - token.created_at == timedelta(days=7)

    page = await client.get(link)
    assert page.status_code == 200 and person.email in page.text
    response = await post_form(client, link, {"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?melding=wachtwoord"
    assert "Uw wachtwoord is ingesteld." in (await client.get(response.headers["location"])).text
    await login(client, person.email, NEW_PASSWORD)

    event = await AuditEvent.objects().where(AuditEvent.action == "password_set").first()
    assert event.actor == person.id and event.changes in ({"via": "invite"}, '{"via": "invite"}')


async def test_a_used_link_cannot_be_used_again(client):
    person, link = await invited()
    await set_password(client, link)

    page = await client.get(link)
    assert page.status_code == 200
    assert "Deze link is al gebruikt." in page.text and 'name="password"' not in page.text
    again = await set_password(client, link, "Ander-Wachtwoord-9")
    assert again.status_code == 200 and "Deze link is al gebruikt." in again.text
    assert (await post_form(client, "/inloggen", {"email": person.email, "password": "Ander-Wachtwoord-9"})).status_code == 200


async def test_an_expired_link_says_so(client):
    person, link = await invited()
    await AccountToken.update({AccountToken.expires_at: datetime.now(timezone.utc) - timedelta(minutes=1)}).where(
        AccountToken.account == person.id
    )
    page = await client.get(link)
    assert "Deze link is verlopen. Vraag een nieuwe link aan." in page.text
    assert 'href="/wachtwoord-vergeten"' in page.text
    response = await set_password(client, link)
    assert response.status_code == 200 and "Deze link is verlopen." in response.text
    assert (await Account.select(Account.password_hash).where(Account.id == person.id).first())["password_hash"] is None


async def test_a_link_just_before_expiry_still_works(client):
    person, link = await invited()
    await AccountToken.update({AccountToken.expires_at: datetime.now(timezone.utc) + timedelta(minutes=1)}).where(
        AccountToken.account == person.id
    )
    assert (await set_password(client, link)).status_code == 303


@pytest.mark.parametrize(
    "path",
    [
        "/wachtwoord-instellen/onzin",
        "/wachtwoord-instellen/" + "a" * 10_000,
        "/wachtwoord-instellen/%00%FF%ED%A0%80",
        "/wachtwoord-instellen/'%3E%3Cscript%3E",
    ],
)
async def test_unknown_or_garbage_links_get_a_clear_message(client, path):
    page = await client.get(path)
    assert page.status_code == 200
    assert "Deze link is ongeldig. Vraag een nieuwe link aan." in page.text
    assert "<script>" not in page.text
    token = await csrf_token(client, "/wachtwoord-vergeten")
    response = await client.post(path, data={"_csrf_token": token, "password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Deze link is ongeldig." in response.text


async def test_a_link_with_a_slash_is_a_dutch_not_found_page(client):
    page = await client.get("/wachtwoord-instellen/..%2F..%2Finloggen")
    assert page.status_code == 404 and "Pagina niet gevonden" in page.text


async def test_the_invitation_of_a_deactivated_account_does_not_work(client):
    person, link = await invited()
    await Account.update({Account.active: False}).where(Account.id == person.id)
    page = await client.get(link)
    assert "Dit account is niet actief." in page.text
    assert (await set_password(client, link)).status_code == 200


@pytest.mark.parametrize(
    ("password", "repeat", "field", "message"),
    [
        ("kort1", "kort1", "password", "Het wachtwoord moet minimaal 7 tekens lang zijn."),
        ("", "", "password", "Vul een nieuw wachtwoord in."),
        ("Wachtwoord123", "Wachtwoord123", "password", "Dit wachtwoord wordt te vaak gebruikt"),
        ("welkom2026", "welkom2026", "password", "Dit wachtwoord wordt te vaak gebruikt"),
        ("x" * 201, "x" * 201, "password", "Het wachtwoord mag hoogstens 200 tekens lang zijn."),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "repeat", "De wachtwoorden komen niet overeen."),
        (NEW_PASSWORD, "", "repeat", "Herhaal het nieuwe wachtwoord."),
    ],
)
async def test_a_refused_password_is_explained_at_its_field_and_the_link_stays_usable(client, password, repeat, field, message):
    person, link = await invited()
    response = await set_password(client, link, password, repeat)
    assert response.status_code == 200
    assert message in (field_error(response.text, field) or "")
    assert 'aria-invalid="true"' in response.text

    assert (await set_password(client, link)).status_code == 303
    await login(client, person.email, NEW_PASSWORD)


async def test_setting_a_password_ends_every_other_link_of_the_account(client):
    person, invite_link = await invited()
    await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
    await background.drain()  # the reset mail is made after the answer
    reset_link = await last_link(person.email)
    assert reset_link != invite_link

    assert (await set_password(client, reset_link)).status_code == 303
    assert "Deze link is al gebruikt." in (await client.get(invite_link)).text


async def test_forgot_password_answers_alike_and_mails_only_known_active_accounts(client, smtp_server):
    org = await factories.organisation()
    closed_org = await factories.organisation(active=False)
    known = await factories.account(org, "3")
    inactive = await factories.account(org, "3", active=False)
    in_closed_org = await factories.account(closed_org, "3")

    answers = []
    for email in (known.email.upper(), "onbekend@zorggroep.nl", inactive.email, in_closed_org.email):
        response = await post_form(client, "/wachtwoord-vergeten", {"email": email})
        assert response.status_code == 200
        answers.append(re.sub(r'value="[^"]+"', "", response.text))
    await background.drain()
    await mail.drain()

    assert FORGOT_ANSWER in answers[0]
    assert len(set(answers)) == 1
    assert [m["To"] for m in smtp_server.messages] == [known.email]
    assert await MailOutbox.count() == 1
    assert (await MailOutbox.select(MailOutbox.status).first())["status"] == "sent"


async def test_without_smtp_the_reset_mail_is_kept_in_the_outbox(client):
    org = await factories.organisation()
    person = await factories.account(org, "3")
    await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
    await background.drain()
    row = await MailOutbox.objects().first()
    assert row.to_address == person.email and row.status == "kept"
    assert "2 uur geldig" in row.body_text
    token = await AccountToken.objects().where(AccountToken.account == person.id).first()
    assert token.purpose == "reset"
    assert token.expires_at - token.created_at == timedelta(hours=2)
    assert (await set_password(client, await last_link(person.email))).status_code == 303
    event = await AuditEvent.objects().where(AuditEvent.action == "password_set").first()
    assert event.actor == person.id


async def test_forgot_password_sends_at_most_three_mails_an_hour(client):
    org = await factories.organisation()
    person = await factories.account(org, "3")
    for _ in range(5):
        response = await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
        assert FORGOT_ANSWER in response.text
    await background.drain()
    assert await MailOutbox.count() == 3

    await AccountToken.update({AccountToken.created_at: datetime.now(timezone.utc) - timedelta(hours=1, minutes=1)}).where(
        AccountToken.account == person.id
    )
    await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
    await background.drain()
    assert await MailOutbox.count() == 4


async def test_a_reset_ends_the_sessions_that_used_the_old_password(make_client):
    org = await factories.organisation()
    person = await factories.account(org, "3")
    thief = make_client()
    await login(thief, person.email)

    owner = make_client()
    await post_form(owner, "/wachtwoord-vergeten", {"email": person.email})
    await background.drain()
    assert (await set_password(owner, await last_link(person.email))).status_code == 303
    assert (await thief.get("/mijn-account")).status_code == 303


@pytest.mark.parametrize(
    "data",
    [{}, {"email": ""}, {"email": "geen-apenstaartje"}, {"email": "x" * 10_000 + "@example.nl"},
     {"email": "nul\x00@example.nl"}, {"email": "zoë@ëxample.nl"}],
)
async def test_bad_input_on_forgot_password_never_breaks(client, data):
    response = await post_form(client, "/wachtwoord-vergeten", data)
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in." in response.text or FORGOT_ANSWER in response.text


@pytest.mark.parametrize(
    "data",
    [{}, {"password": NEW_PASSWORD}, {"repeat": NEW_PASSWORD}, {"password": "y" * 10_000, "repeat": "y" * 10_000},
     {"password": "nul\x00byte-lang", "repeat": "nul\x00byte-lang"}],
)
async def test_bad_input_on_the_link_form_never_breaks(client, data):
    _, link = await invited()
    response = await post_form(client, link, data)
    assert response.status_code in (200, 303)


async def test_bytes_that_are_not_utf8_on_the_link_forms_never_break(client):
    _, link = await invited()
    for path in ("/wachtwoord-vergeten", link):
        token = await csrf_token(client, path)
        body = b"_csrf_token=" + token.encode() + b"&email=%FF%FE@x.nl&password=%C3%28%ED%A0%80abcdefg&repeat=\xff\xfe"
        response = await client.post(path, content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        assert response.status_code == 200, path
