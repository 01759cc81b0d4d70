"""Forgotten password (ACC-5) through a real local SMTP server."""

import re

from portal.domain import mail
from portal.tables import MailOutbox
from tests import factories
from tests.helpers import post_form


async def test_reset_link_arrives_by_smtp_and_sets_a_new_password(client, smtp_server):
    org = await factories.organisation()
    person = await factories.account(org, "3")

    response = await post_form(client, "/wachtwoord-vergeten", {"email": person.email})
    assert "Als dit e-mailadres bij ons bekend is" in response.text
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
