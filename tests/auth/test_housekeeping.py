"""Expired sign-in counters and sessions leave the stores on a schedule the app starts at start-up:
a file store on its own only drops an entry when the same key is read again. Time is moved on with the
`clock` fixture, which the stores' expiry follows too."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from portal.domain.throttle import WINDOW_SECONDS
from tests import factories
from tests.helpers import csrf_token, login


def files(store) -> list[str]:
    return os.listdir(store.path)


async def failed_attempts(client, count: int, prefix: str = "verzonnen") -> None:
    token = await csrf_token(client)
    for n in range(count):
        await client.post("/inloggen", data={"_csrf_token": token, "email": f"{prefix}{n}@zorggroep.nl", "password": "Fout-1234"})


@pytest.fixture
async def keep_the_test_pool():
    """The app's shutdown closes the PostgreSQL pool the test session shares: open it again."""
    from piccolo.engine import engine_finder
    from piccolo.engine.postgres import PostgresEngine

    yield
    engine = engine_finder()
    if isinstance(engine, PostgresEngine) and engine.pool is None:
        await engine.start_connection_pool(max_size=10)


async def test_a_sweep_removes_what_has_expired_and_keeps_what_has_not(make_client, app, clock):
    throttle, sessions = app.state.login_throttle.store, app.state.sessions.store
    await failed_attempts(make_client("10.3.3.3"), 3)
    org = await factories.organisation()
    person = await factories.account(org, "2")
    browser = make_client()
    await login(browser, person.email)
    assert len(files(throttle)) == 4 and len(files(sessions)) == 1  # three addresses and the client

    clock.advance(seconds=WINDOW_SECONDS + 2)
    assert await app.state.store_sweeper.sweep() == 4  # the three counters and the client's own
    assert files(throttle) == [] and len(files(sessions)) == 1
    assert (await browser.get("/mijn-account")).status_code == 200  # a live session is left alone

    clock.advance(hours=25)  # past the idle timeout and the day it is remembered as timed out
    assert await app.state.store_sweeper.sweep() == 1
    assert files(sessions) == []


# On PostgreSQL the app's start-up finds the test session's pool already open and says so.
@pytest.mark.filterwarnings("ignore:.*A pool already exists")
async def test_the_app_sweeps_at_start_up_and_on_its_schedule_until_it_shuts_down(
    make_client, app, clock, monkeypatch, keep_the_test_pool
):
    throttle = app.state.login_throttle.store
    sweeper = app.state.store_sweeper
    monkeypatch.setattr(sweeper, "interval", 0.02)
    await failed_attempts(make_client("10.4.4.4"), 3)
    clock.advance(seconds=WINDOW_SECONDS + 2)
    assert len(files(throttle)) == 4

    async with app.lifespan():
        assert files(throttle) == []  # swept before the first request is served
        assert sweeper.running
        await failed_attempts(make_client("10.5.5.5"), 2, prefix="later")
        assert len(files(throttle)) == 3
        clock.advance(seconds=WINDOW_SECONDS + 2)
        deadline = time.monotonic() + 10
        while files(throttle) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)  # the next scheduled sweep, a few intervals at most
        assert files(throttle) == []
    assert not sweeper.running
