"""With PORTAL_REDIS_URL set, sessions and sign-in counters live in Redis, so several app processes
serve the same people. Two app instances stand in for two processes here.

Runs when PORTAL_TEST_REDIS_URL names a Redis database (scripts/run-tests.sh sets it when Redis is
reachable); in CI (PORTAL_TEST_REQUIRE_ALL=true) a missing Redis is a failure, not a skip."""

from __future__ import annotations

import dataclasses
import os
import random
import uuid

import httpx
import pytest

from portal.app import asgi_app
from tests import factories
from tests.helpers import login, post_form

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "")
REQUIRED = os.environ.get("PORTAL_TEST_REQUIRE_ALL", "").strip().lower() in {"1", "true", "yes"}
TOO_MANY = "Te veel mislukte pogingen."


def _redis_url() -> str:
    if not REDIS_URL:
        if REQUIRED:
            pytest.fail("PORTAL_TEST_REQUIRE_ALL=true but PORTAL_TEST_REDIS_URL is not set: the Redis tests must run")
        pytest.skip("PORTAL_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15): Redis tests skipped")
    return REDIS_URL


@pytest.fixture(scope="module")
async def two_processes(settings):
    """Two app instances on one Redis (built once: an app with its staff admin takes seconds)."""
    redis_settings = dataclasses.replace(settings, redis_url=_redis_url())
    apps = [asgi_app(redis_settings), asgi_app(redis_settings)]
    yield apps
    for app in apps:
        for store in (app.app.state.sessions.store, app.app.state.login_throttle.store):
            await store._redis.aclose(close_connection_pool=True)


@pytest.fixture
async def redis_apps(two_processes):
    """A browser on each process; every key the test made in Redis is removed afterwards."""
    from redis.asyncio import Redis

    redis = Redis.from_url(_redis_url())
    before = {key async for key in redis.scan_iter("portal:*")}
    client_ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(client_ip, 50000)), base_url="http://testserver")
        for app in two_processes
    ]
    try:
        yield clients, redis
    finally:
        for http in clients:
            await http.aclose()
        made = {key async for key in redis.scan_iter("portal:*")} - before
        if made:
            await redis.delete(*made)
        await redis.aclose(close_connection_pool=True)


async def person_with_unique_email():
    org = await factories.organisation()
    # A fresh address each run: the throttle counters of earlier runs can never interfere.
    return await factories.account(org, "2", email=f"redis-{uuid.uuid4().hex[:12]}@zorggroep.nl")


def move_cookie(source: httpx.AsyncClient, target: httpx.AsyncClient) -> str:
    value = source.cookies["portal_session"]
    target.cookies.set("portal_session", value, domain="testserver.local")
    return value


async def test_a_session_made_by_one_process_works_in_the_other(redis_apps):
    (first, second), redis = redis_apps
    person = await person_with_unique_email()

    await login(first, person.email)
    session_id = move_cookie(first, second)
    assert await redis.exists(f"portal:sessions:{session_id}")

    page = await second.get("/mijn-account")
    assert page.status_code == 200 and person.email in page.text

    response = await post_form(second, "/uitloggen", {}, token_from="/mijn-account")
    assert response.status_code == 303
    assert not await redis.exists(f"portal:sessions:{session_id}")
    assert (await first.get("/mijn-account")).status_code == 303


async def test_failed_attempts_count_across_processes(redis_apps):
    (first, second), redis = redis_apps
    person = await person_with_unique_email()

    for n in range(5):
        http = (first, second)[n % 2]
        response = await post_form(http, "/inloggen", {"email": person.email, "password": "Fout-wachtwoord-1"})
        assert "Deze combinatie van e-mailadres en wachtwoord is onbekend." in response.text

    for http in (first, second):
        refused = await post_form(http, "/inloggen", {"email": person.email, "password": factories.PASSWORD})
        assert refused.status_code == 200 and TOO_MANY in refused.text
    email_keys = [key async for key in redis.scan_iter("portal:throttle:email:*")]
    ttls = [await redis.ttl(key) for key in email_keys]
    assert ttls and all(0 < ttl <= 15 * 60 for ttl in ttls)


async def test_a_successful_sign_in_clears_the_shared_counter(redis_apps):
    (first, second), _ = redis_apps
    person = await person_with_unique_email()
    for _ in range(4):
        await post_form(first, "/inloggen", {"email": person.email, "password": "Fout-wachtwoord-1"})
    assert (await post_form(second, "/inloggen", {"email": person.email, "password": factories.PASSWORD})).status_code == 303
    for _ in range(4):
        await post_form(first, "/inloggen", {"email": person.email, "password": "Fout-wachtwoord-1"})
    assert (await post_form(first, "/inloggen", {"email": person.email, "password": factories.PASSWORD})).status_code == 303


async def test_the_idle_timeout_holds_with_redis_too(redis_apps, clock):
    (first, second), _ = redis_apps
    person = await person_with_unique_email()
    await login(first, person.email)
    move_cookie(first, second)

    clock.advance(minutes=31)
    response = await second.get("/mijn-account")
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?melding=verlopen&volgende=%2Fmijn-account"


async def test_a_blocked_client_writes_no_more_keys_and_a_sign_in_leaves_none(redis_apps, two_processes):
    (first, second), redis = redis_apps
    before = {key async for key in redis.scan_iter("portal:throttle:*")}
    run = uuid.uuid4().hex[:8]  # addresses no earlier run has used
    for n in range(40):
        response = await post_form((first, second)[n % 2], "/inloggen", {"email": f"gok{n}-{run}@zorggroep.nl", "password": "Fout-1234"})
        assert (TOO_MANY in response.text) == (n >= 30), n
    made = {key async for key in redis.scan_iter("portal:throttle:*")} - before
    assert len(made) == 30 + 1  # the addresses tried before the block, and the client
    ttls = [await redis.ttl(key) for key in made]
    assert all(0 < ttl <= 15 * 60 for ttl in ttls)

    person = await person_with_unique_email()
    # From another client address: a sign-in without failures before it.
    browser = httpx.AsyncClient(transport=httpx.ASGITransport(app=two_processes[0], client=("10.200.0.1", 50000)),
                                base_url="http://testserver")
    async with browser:
        assert (await post_form(browser, "/inloggen", {"email": person.email, "password": factories.PASSWORD})).status_code == 303
    assert {key async for key in redis.scan_iter("portal:throttle:*")} - before == made


async def test_the_store_sweeper_leaves_redis_to_expire_its_own_keys(two_processes, caplog):
    sweeper = two_processes[0].app.state.store_sweeper
    assert await sweeper.sweep() == 0
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
