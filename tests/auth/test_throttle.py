"""Sign-in throttling (security baseline): 5 failures per e-mail in 15 minutes, 30 per client address.
The refusal is the same whether or not the e-mail exists, and a right password is refused too while
blocked. Time is moved on with the `clock` fixture."""

import asyncio
import os
import re

from portal.domain import background
from portal.domain.throttle import MAX_PER_CLIENT, MAX_PER_EMAIL
from portal.tables import AuditEvent, MailOutbox
from tests import factories
from tests.helpers import csrf_token, post_form

TOO_MANY = "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw of vraag een nieuw wachtwoord aan."
UNKNOWN = "Deze combinatie van e-mailadres en wachtwoord is onbekend."


async def attempt(client, email, password="Fout-wachtwoord-1"):
    return await post_form(client, "/inloggen", {"email": email, "password": password})


def without(text: str, email: str) -> str:
    """The page with what was typed taken out, to compare two answers."""
    text = text.replace(email, "EMAIL")
    return re.sub(r'name="_csrf_token" value="[^"]+"', "", text)


async def test_sixth_attempt_is_refused_alike_for_existing_and_unknown_email(client, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    unknown = "bestaat-niet@zorggroep.nl"

    for _ in range(5):
        for email in (person.email, unknown):
            response = await attempt(client, email)
            assert UNKNOWN in response.text
    existing_blocked = await attempt(client, person.email)
    unknown_blocked = await attempt(client, unknown)

    assert existing_blocked.status_code == unknown_blocked.status_code == 200
    assert TOO_MANY in existing_blocked.text
    assert without(existing_blocked.text, person.email) == without(unknown_blocked.text, unknown)
    assert "portal_session" not in client.cookies


async def test_right_password_is_refused_while_blocked_and_works_after_15_minutes(client, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    for _ in range(5):
        await attempt(client, person.email)

    blocked = await attempt(client, person.email, factories.PASSWORD)
    assert blocked.status_code == 200 and TOO_MANY in blocked.text
    assert "portal_session" not in client.cookies
    assert not await AuditEvent.exists().where(AuditEvent.action == "login")

    clock.advance(minutes=14)
    assert TOO_MANY in (await attempt(client, person.email, factories.PASSWORD)).text
    clock.advance(minutes=1, seconds=1)  # 15 minutes after the first failure
    response = await attempt(client, person.email, factories.PASSWORD)
    assert response.status_code == 303


async def test_block_follows_the_address_in_any_spelling_and_from_any_client(make_client, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    first, other_client = make_client("10.1.1.1"), make_client("10.2.2.2")
    for spelling in (person.email, person.email.upper(), f"  {person.email} ", person.email, person.email):
        await attempt(first, spelling)
    assert TOO_MANY in (await attempt(other_client, person.email.title(), factories.PASSWORD)).text


async def test_other_addresses_are_not_blocked_by_someone_elses_failures(client, clock):
    org = await factories.organisation()
    target, bystander = await factories.account(org, "2"), await factories.account(org, "3")
    for _ in range(6):
        await attempt(client, target.email)
    assert (await attempt(client, bystander.email, factories.PASSWORD)).status_code == 303


async def test_a_successful_sign_in_clears_earlier_failures(make_client, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    browser = make_client()
    for _ in range(4):
        await attempt(browser, person.email)
    assert (await attempt(browser, person.email, factories.PASSWORD)).status_code == 303

    again = make_client()
    for _ in range(4):
        assert UNKNOWN in (await attempt(again, person.email)).text
    assert (await attempt(again, person.email, factories.PASSWORD)).status_code == 303


async def test_one_client_trying_many_addresses_is_blocked(make_client, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    attacker, colleague_elsewhere = make_client("203.0.113.9"), make_client("198.51.100.7")
    token = await csrf_token(attacker)
    for n in range(MAX_PER_CLIENT):
        response = await attacker.post(
            "/inloggen", data={"_csrf_token": token, "email": f"gok{n}@zorggroep.nl", "password": "Fout-wachtwoord-1"}
        )
        assert UNKNOWN in response.text, n

    refused = await attacker.post("/inloggen", data={"_csrf_token": token, "email": person.email, "password": factories.PASSWORD})
    assert TOO_MANY in refused.text
    assert (await attempt(colleague_elsewhere, person.email, factories.PASSWORD)).status_code == 303

    clock.advance(minutes=15, seconds=1)
    allowed = await attacker.post("/inloggen", data={"_csrf_token": token, "email": person.email, "password": factories.PASSWORD})
    assert allowed.status_code == 303


async def test_successful_sign_ins_from_one_address_do_not_use_up_its_limit(make_client, clock):
    """A care home signs in from one address: only failures count against it."""
    org = await factories.organisation()
    people = [await factories.account(org, "4") for _ in range(MAX_PER_CLIENT + 5)]
    for person in people:
        browser = make_client("192.0.2.50")
        assert (await attempt(browser, person.email, factories.PASSWORD)).status_code == 303


async def test_a_burst_of_parallel_guesses_gets_no_more_than_five_checked(make_client, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    browser = make_client("198.51.100.20")
    token = await csrf_token(browser)

    async def guess(n):
        return await browser.post(
            "/inloggen", data={"_csrf_token": token, "email": person.email, "password": f"Gok-nummer-{n}"}
        )

    responses = await asyncio.gather(*(guess(n) for n in range(20)))
    assert sum(UNKNOWN in r.text for r in responses) == 5
    assert sum(TOO_MANY in r.text for r in responses) == 15


async def test_a_new_password_through_a_reset_link_lifts_the_block_on_the_address(make_client, clock):
    """The block message says "vraag een nieuw wachtwoord aan": doing so must help at once."""
    org = await factories.organisation()
    person = await factories.account(org, "2")
    browser = make_client()
    for _ in range(5):
        await attempt(browser, person.email)
    assert TOO_MANY in (await attempt(browser, person.email, factories.PASSWORD)).text

    await post_form(browser, "/wachtwoord-vergeten", {"email": person.email})
    await background.drain()  # the reset mail is made after the answer
    mail = await MailOutbox.objects().where(MailOutbox.to_address == person.email).first()
    link = re.search(r"http://testserver(/wachtwoord-instellen/\S+)", mail.body_text).group(1)
    response = await post_form(browser, link, {"password": "Nieuw-Tilband-77", "repeat": "Nieuw-Tilband-77"})
    assert response.status_code == 303

    assert (await attempt(browser, person.email, "Nieuw-Tilband-77")).status_code == 303


def stored_files(app) -> list[str]:
    return os.listdir(app.state.login_throttle.store.path)


async def test_a_blocked_client_writes_nothing_more_whatever_addresses_it_makes_up(client, app, clock):
    token = await csrf_token(client)
    for n in range(200):
        response = await client.post(
            "/inloggen", data={"_csrf_token": token, "email": f"verzonnen{n}@zorggroep.nl", "password": "Fout-1234"}
        )
        assert (UNKNOWN if n < MAX_PER_CLIENT else TOO_MANY) in response.text, n
    # One counter per address tried before the block, and the client's own: nothing for the 170 after.
    assert len(stored_files(app)) == MAX_PER_CLIENT + 1


async def test_trying_a_blocked_address_from_many_clients_writes_nothing(make_client, app, clock):
    org = await factories.organisation()
    person = await factories.account(org, "2")
    first = make_client("10.9.9.9")
    for _ in range(MAX_PER_EMAIL):
        await attempt(first, person.email)
    files = sorted(stored_files(app))
    assert len(files) == 2  # the address and the one client

    for n in range(20):
        assert TOO_MANY in (await attempt(make_client(f"10.8.0.{n + 1}"), person.email, factories.PASSWORD)).text
    assert sorted(stored_files(app)) == files
