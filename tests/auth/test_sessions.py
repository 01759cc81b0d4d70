"""Sessions (ACC-1, security baseline): idle timeout, absolute timeout, and an account or organisation
that is switched off loses its session at once. Time is moved on with the `clock` fixture."""

from portal.tables import Account, Organisation
from tests import factories
from tests.helpers import login

EXPIRED_LOGIN = "/inloggen?melding=verlopen&volgende=%2Fmijn-account"


async def signed_in(client, role="4"):
    org = await factories.organisation()
    loc = await factories.location(org)
    person = await factories.account(org, role, locations=[loc])
    await login(client, person.email)
    assert (await client.get("/mijn-account")).status_code == 200
    return person


async def test_session_ends_after_30_minutes_without_activity(client, clock):
    await signed_in(client)

    clock.advance(minutes=29)
    assert (await client.get("/mijn-account")).status_code == 200
    clock.advance(minutes=29)  # 29 minutes after the last request: still within the idle time
    assert (await client.get("/mijn-account")).status_code == 200

    clock.advance(minutes=30, seconds=1)
    response = await client.get("/mijn-account")
    assert response.status_code == 303
    assert response.headers["location"] == EXPIRED_LOGIN
    page = await client.get(response.headers["location"])
    assert "U was een tijd niet actief en bent daarom uitgelogd." in page.text
    assert 'name="next" value="/mijn-account"' in page.text


async def test_the_timeout_is_not_shown_to_someone_who_was_never_signed_in(client):
    response = await client.get("/mijn-account")
    assert response.headers["location"] == "/inloggen?volgende=%2Fmijn-account"


async def test_after_the_timeout_the_old_session_stays_gone(client, clock):
    await signed_in(client)
    clock.advance(minutes=31)
    assert (await client.get("/mijn-account")).headers["location"] == EXPIRED_LOGIN
    clock.now -= 31 * 60  # even if the clock were set back, the session no longer exists
    assert (await client.get("/mijn-account")).headers["location"] == "/inloggen?volgende=%2Fmijn-account"


async def test_session_ends_after_12_hours_even_when_active(client, clock):
    await signed_in(client)
    for _ in range(23):  # a request every 30 minutes for 11.5 hours
        clock.advance(minutes=30)
        assert (await client.get("/mijn-account")).status_code == 200
    clock.advance(minutes=30, seconds=1)
    response = await client.get("/mijn-account")
    assert response.status_code == 303
    assert response.headers["location"] == EXPIRED_LOGIN


async def test_timeouts_follow_the_settings(client, app, clock, settings, monkeypatch):
    manager = app.state.sessions
    assert manager.idle_seconds == settings.session_idle_minutes * 60 == 30 * 60
    assert manager.absolute_seconds == settings.session_absolute_hours * 3600 == 12 * 3600
    # Other values (PORTAL_SESSION_IDLE_MINUTES=5, PORTAL_SESSION_ABSOLUTE_HOURS=1) are what is enforced.
    monkeypatch.setattr(manager, "idle_seconds", 5 * 60)
    monkeypatch.setattr(manager, "absolute_seconds", 3600)
    await signed_in(client)
    clock.advance(minutes=4)
    assert (await client.get("/mijn-account")).status_code == 200
    clock.advance(minutes=5, seconds=1)
    assert (await client.get("/mijn-account")).headers["location"] == EXPIRED_LOGIN


async def test_htmx_request_after_the_timeout_redirects_the_whole_page(client, clock):
    await signed_in(client)
    clock.advance(minutes=31)
    response = await client.get("/mijn-account?tab=locaties", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/inloggen?melding=verlopen&volgende=%2Fmijn-account%3Ftab%3Dlocaties"


async def test_deactivating_the_account_ends_its_session_on_the_next_request(client):
    person = await signed_in(client)
    await Account.update({Account.active: False}).where(Account.id == person.id)

    response = await client.get("/mijn-account")
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=%2Fmijn-account"
    await Account.update({Account.active: True}).where(Account.id == person.id)
    assert (await client.get("/mijn-account")).status_code == 303  # the session is gone, not paused


async def test_deactivating_the_organisation_ends_the_sessions_of_its_people(make_client):
    first, second = make_client(), make_client()
    person = await signed_in(first, "admin")
    colleague = await factories.account(await Organisation.objects().get(Organisation.id == person.organisation), "2")
    await login(second, colleague.email)
    other_org_browser = make_client()
    await signed_in(other_org_browser)

    await Organisation.update({Organisation.active: False}).where(Organisation.id == person.organisation)

    assert (await first.get("/mijn-account")).status_code == 303
    assert (await second.get("/mijn-account")).status_code == 303
    assert (await other_org_browser.get("/mijn-account")).status_code == 200


async def test_the_idle_time_counts_from_the_last_request(client, app, clock, monkeypatch):
    monkeypatch.setattr(app.state.sessions, "idle_seconds", 60)  # PORTAL_SESSION_IDLE_MINUTES=1
    await signed_in(client)
    for _ in range(5):  # a request every 50 seconds keeps the session going, whatever the minute
        clock.advance(seconds=50)
        assert (await client.get("/mijn-account")).status_code == 200
    clock.advance(seconds=61)
    assert (await client.get("/mijn-account")).headers["location"] == EXPIRED_LOGIN


async def test_a_stylesheet_does_not_count_as_activity(client, app, clock, monkeypatch):
    monkeypatch.setattr(app.state.sessions, "idle_seconds", 60)
    await signed_in(client)
    clock.advance(seconds=50)
    assert (await client.get("/static/portal.css")).status_code == 200
    clock.advance(seconds=20)
    assert (await client.get("/mijn-account")).headers["location"] == EXPIRED_LOGIN


async def test_an_account_switched_off_and_on_again_does_not_get_its_old_sessions_back(make_client):
    """The session made no request while the account was off: it must be over all the same."""
    from portal.domain.sessions import end_sessions

    laptop, phone = make_client(), make_client()
    person = await signed_in(laptop)
    await login(phone, person.email)

    await Account.update({Account.active: False}).where(Account.id == person.id)
    await end_sessions(person.id)
    await Account.update({Account.active: True}).where(Account.id == person.id)

    for browser in (laptop, phone):
        assert (await browser.get("/mijn-account")).headers["location"] == "/inloggen?volgende=%2Fmijn-account"
    fresh = make_client()
    await login(fresh, person.email)  # signing in again works, and that session lives
    assert (await fresh.get("/mijn-account")).status_code == 200
