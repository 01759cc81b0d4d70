"""Inloggen and uitloggen (ACC-1)."""

from tests import factories
from tests.helpers import login, post_form


async def test_signed_out_visitor_goes_to_sign_in_and_back(client):
    org = await factories.organisation()
    loc = await factories.location(org)
    person = await factories.account(org, "4", locations=[loc])

    response = await client.get("/mijn-account")
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
