"""The e-mails of ACC-2 (invitation) and ACC-5 (forgotten password) through a real local SMTP server."""

import re

from portal.domain import accounts, background, mail
from portal.tables import MailOutbox
from tests import factories
from tests.helpers import login, post_form


async def test_reset_link_arrives_by_smtp_and_sets_a_new_password(client, smtp_server):
    org = await factories.organisation()
    person = await factories.account(org, "3")

    response = await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
    assert "Als dit e-mailadres bij ons bekend is" in response.text
    await background.drain()  # the reset mail is made after the answer
    await mail.drain()

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == person.email
    link = re.search(r"http://testserver(/wachtwoord-instellen/\S+)", message.get_content()).group(1)
    assert (await MailOutbox.select(MailOutbox.status).first())["status"] == "sent"

    response = await post_form(client, link, {"password": "Nieuw-Tilband-77", "repeat": "Nieuw-Tilband-77"})
    assert response.status_code == 303
    response = await post_form(client, "/inloggen", {"email": person.email, "password": "Nieuw-Tilband-77"})
    assert response.status_code == 303

    reused = await client.get(link)
    assert "Deze link is al gebruikt" in reused.text


async def test_invitation_arrives_by_smtp_with_a_working_link(client, smtp_server):
    org = await factories.organisation()
    person = await factories.account(org, "4", password=False, name="Nieuwe Collega")
    await accounts.send_invitation(person)
    await mail.drain()

    [message] = smtp_server.messages
    assert message["To"] == person.email
    assert message["Subject"] == "Welkom bij Mijn HartingBank: kies uw wachtwoord"
    body = message.get_content()
    assert "Beste Nieuwe Collega" in body and "7 dagen geldig" in body
    link = re.search(r"http://testserver(/wachtwoord-instellen/\S+)", body).group(1)
    response = await post_form(client, link, {"password": "Eerste-Wachtwoord-1", "repeat": "Eerste-Wachtwoord-1"})
    assert response.status_code == 303
    await login(client, person.email, "Eerste-Wachtwoord-1")


async def test_an_unreachable_mail_server_changes_nothing_for_the_user(client, monkeypatch, settings):
    """The answer never waits for, or tells about, the mail server; the mail stays in the outbox."""
    import dataclasses
    import socket

    import portal.domain.mail as mail_module

    with socket.socket() as probe:  # a port on which nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(mail_module, "get_settings", lambda: dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{port}"))
    org = await factories.organisation()
    person = await factories.account(org, "3")

    known = await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
    unknown = await post_form(client, "/wachtwoord-vergeten", {"email": "niemand@zorggroep.nl"})
    await background.drain()
    await mail.drain()

    assert known.status_code == unknown.status_code == 200
    assert "Als dit e-mailadres bij ons bekend is" in known.text
    row = await MailOutbox.objects().first()
    assert row.to_address == person.email and row.status == "failed" and row.attempts == 1


async def test_mail_kept_without_smtp_goes_out_with_send_mail_once_smtp_is_configured(smtp_server, monkeypatch, settings):
    import dataclasses

    import portal.domain.mail as mail_module

    org = await factories.organisation()
    person = await factories.account(org, "admin", password=False)
    with monkeypatch.context() as no_smtp:
        no_smtp.setattr(mail_module, "get_settings", lambda: dataclasses.replace(settings, smtp_url=None))
        from portal.domain.accounts import send_invitation

        await send_invitation(person)
    assert (await MailOutbox.select(MailOutbox.status).first())["status"] == "kept"
    assert smtp_server.messages == []

    assert await mail.retry_unsent() == 1
    assert [m["To"] for m in smtp_server.messages] == [person.email]
    assert (await MailOutbox.select(MailOutbox.status).first())["status"] == "sent"
