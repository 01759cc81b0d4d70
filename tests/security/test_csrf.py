"""CSRF on every state-changing route (DESIGN, security baseline): refused without a valid token, with
nothing stored; accepted with the token of the page's form or the header htmx sends from
`<body hx-headers>`. The routes come from the app, so a new form is covered the moment it exists."""

from __future__ import annotations

import pytest

from portal.rights import ADMIN
from portal.tables import Account
from tests import factories
from tests.helpers import login
from tests.security.routes import (
    SIGN_IN_PATH,
    csrf_refusal_problem,
    form_token,
    htmx_token,
    keep_signed_in,
    make_tenant,
    missing_samples,
    report,
    signed_in,
    snapshot,
    state_changing,
    walk,
)

NEW_PASSWORD = "Rolstoel&Tillift77"


@pytest.fixture
def routes(app):
    endpoints = walk(app).endpoints
    if missing := missing_samples(endpoints):
        pytest.fail(report(missing), pytrace=False)
    found = state_changing(endpoints)
    assert found, "the app has no state-changing route: the walk is broken"
    return found


def tampered(token: str) -> str:
    return token[:-1] + ("0" if token[-1] != "0" else "1")


async def test_every_state_changing_route_refuses_a_missing_or_tampered_token(routes, make_client):
    tenant = await make_tenant(roles=(ADMIN,))
    signed_out = make_client()
    await form_token(signed_out, SIGN_IN_PATH)  # the visitor has a CSRF cookie, just no token to match
    admin = await signed_in(make_client, tenant.accounts[ADMIN])
    token = await form_token(admin)
    # A token of someone else's browser is genuine, but not this browser's.
    stranger_token = await form_token(make_client(), SIGN_IN_PATH)
    attempts = {
        "no token": ({}, {}),
        "tampered form token": ({"_csrf_token": tampered(token)}, {}),
        "tampered header": ({}, {"X-CSRFToken": tampered(token)}),
        "token of another browser": ({"_csrf_token": stranger_token}, {}),
        "empty token": ({"_csrf_token": ""}, {"X-CSRFToken": ""}),
    }
    urls = [await tenant.url(endpoint) for endpoint in routes]  # sample rows exist before the snapshot
    problems = []
    before = await snapshot()
    for endpoint, url in zip(routes, urls, strict=True):
        for client, who in ((admin, "signed in"), (signed_out, "signed out")):
            for what, (form, headers) in attempts.items():
                response = await client.request(endpoint.method, url, data={"naam": "x", **form}, headers=headers)
                if who == "signed out" and not endpoint.public:
                    # The sign-in redirect comes first; the request never reaches the handler either way.
                    if response.status_code != 303 or not response.headers["location"].startswith(SIGN_IN_PATH):
                        problems.append(f"{endpoint.method} {url} {who}, {what}: expected 303 to sign in, "
                                        f"got {response.status_code}")
                elif problem := csrf_refusal_problem(response):
                    problems.append(f"{endpoint.method} {url} {who}, {what}: {problem}")
        after = await snapshot()
        if after != before:
            problems.append(f"{endpoint.method} {url}: a refused request changed the database")
        before = after
    assert not problems, report(problems)


async def test_every_state_changing_route_accepts_the_token_of_the_form_or_the_htmx_header(routes, make_client):
    tenant = await make_tenant(roles=(ADMIN,))
    account = tenant.accounts[ADMIN]
    client = await signed_in(make_client, account)
    problems = []
    for endpoint in routes:
        url = await tenant.url(endpoint)
        response = await client.request(endpoint.method, url, data={"_csrf_token": await form_token(client)})
        if response.status_code in (403, 500):
            problems.append(f"{endpoint.method} {url} with the form's token: {response.status_code}")
        await keep_signed_in(client, account)
        # What htmx sends: the header from <body hx-headers> and an urlencoded body without the field.
        response = await client.request(
            endpoint.method, url, content=b"",
            headers={"X-CSRFToken": await htmx_token(client), "HX-Request": "true",
                     "Content-Type": "application/x-www-form-urlencoded"},
        )
        if response.status_code in (403, 500):
            problems.append(f"{endpoint.method} {url} with the htmx header: {response.status_code}")
        await keep_signed_in(client, account)
    assert not problems, report(problems)


async def test_a_refused_password_change_leaves_the_password_unchanged(client):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    await login(client, person.email)
    token = await form_token(client, "/profile/change-password")
    change = {"current": factories.PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    before = (await Account.objects().get(Account.id == person.id)).password_hash

    for form, headers in (({}, {}), ({"_csrf_token": tampered(token)}, {}), ({}, {"X-CSRFToken": tampered(token)})):
        response = await client.post("/profile/change-password", data={**change, **form}, headers=headers)
        assert response.status_code == 403
        assert "Het formulier is verlopen of ongeldig" in response.text
        assert (await Account.objects().get(Account.id == person.id)).password_hash == before

    response = await client.post("/profile/change-password", data={**change, "_csrf_token": token})
    assert response.status_code == 303
    assert (await Account.objects().get(Account.id == person.id)).password_hash != before


async def test_a_path_that_merely_contains_admin_is_still_checked(routes, make_client):
    """Only the staff admin mount is exempt: "/admin" inside another path (a token, a name) is not."""
    with_text = [endpoint for endpoint in routes
                 if endpoint.params and all(kind in ("str", "path") for _name, kind in endpoint.params)]
    assert with_text, "no state-changing route takes a text parameter any more; pick another probe"
    tenant = await make_tenant(roles=(ADMIN,))
    client = await signed_in(make_client, tenant.accounts[ADMIN])
    problems = []
    for endpoint in with_text:
        url = endpoint.url({name: "administrator" for name, _kind in endpoint.params})
        response = await client.request(endpoint.method, url, data={"naam": "x"})
        if problem := csrf_refusal_problem(response):
            problems.append(f"{endpoint.method} {url}: {problem}")
    assert not problems, report(problems)


async def test_a_token_from_before_sign_in_is_refused_after_it(client):
    """Someone who planted (or read) the CSRF cookie before the sign-in cannot use it afterwards."""
    org = await factories.organisation()
    person = await factories.account(org, "4")
    before = await form_token(client, SIGN_IN_PATH)
    response = await client.post(SIGN_IN_PATH, data={"_csrf_token": before, "email": person.email, "password": factories.PASSWORD})
    assert response.status_code == 303
    assert (await client.get("/mijn-account")).status_code == 200

    refused = await client.post("/uitloggen", data={"_csrf_token": before})
    assert refused.status_code == 403
    assert (await client.get("/mijn-account")).status_code == 200  # still signed in: the POST did nothing
    after = await form_token(client, "/mijn-account")
    assert after != before
    assert (await client.post("/uitloggen", data={"_csrf_token": after})).status_code == 303


async def test_the_previous_users_token_is_refused_after_sign_out(client):
    """A shared ward computer: what the previous user's pages carried does not work for the next one."""
    org = await factories.organisation()
    first, second = await factories.account(org, "4"), await factories.account(org, "4")
    await login(client, first.email)
    previous = await form_token(client, "/mijn-account")
    assert (await client.post("/uitloggen", data={"_csrf_token": previous})).status_code == 303

    sign_in = {"email": second.email, "password": factories.PASSWORD}
    assert (await client.post(SIGN_IN_PATH, data={"_csrf_token": previous, **sign_in})).status_code == 403
    fresh = await form_token(client, SIGN_IN_PATH)
    assert fresh != previous
    assert (await client.post(SIGN_IN_PATH, data={"_csrf_token": fresh, **sign_in})).status_code == 303
