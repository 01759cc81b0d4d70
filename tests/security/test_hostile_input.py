"""Hostile input on every route (issue 7 item 4, issue 8 item 5): every query parameter and form field the
pages show, plus repeated and unknown ones, gets long strings, NUL and control characters, lone
surrogates, markup and SQL metacharacters, numbers out of range, malformed dates and bent page-position
tokens, with a valid CSRF token. Never a 5xx, never the input echoed unescaped, never a database error
text; without the token the same requests change nothing.

Routes, parameters and fields are found by reading the pages (tests/security/hostile.py), so a new page,
filter or form is probed the moment it exists. A fixed corpus runs on every field; hypothesis adds
random requests, PORTAL_HOSTILE_EXAMPLES per route (default 6 on SQLite, 3 on PostgreSQL)."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from portal.domain.sessions import COOKIE_NAME
from portal.rights import ADMIN
from portal.tables import Asset
from tests import asset_factories
from tests.security.hostile import (
    Target,
    answer_problems,
    describe,
    discover,
    hostile_request,
    send,
    sharp_requests,
)
from tests.security.routes import (
    csrf_refusal_problem,
    form_token,
    keep_signed_in,
    make_tenant,
    missing_samples,
    report,
    signed_in,
    snapshot,
    walk,
)

ON_POSTGRES = os.environ.get("PORTAL_TEST_DATABASE_URL", "").startswith("postgres")
EXAMPLES = int(os.environ.get("PORTAL_HOSTILE_EXAMPLES") or (3 if ON_POSTGRES else 6))
FLEET_PAGE_ROWS = 51  # one more than a page of the longest list, so its pager links (with cursors) show
MAX_PROBLEMS_PER_TARGET = 5


class Prober:
    """The administrator (every right, so no 403 hides a crash) of a tenant with a few pages of aids."""

    def __init__(self, app, client: httpx.AsyncClient, tenant, targets: list[Target]) -> None:
        self.app, self.client, self.tenant, self.targets = app, client, tenant, targets
        self.account = tenant.accounts[ADMIN]
        self.token = ""

    async def fresh_token(self) -> str:
        if COOKIE_NAME not in self.client.cookies:  # a probe of "Uitloggen" ended the session
            # Hostile sign-ins from this address count as failed tries: the throttle has its own tests.
            await self.app.state.login_throttle.store.delete_all()
            await keep_signed_in(self.client, self.account)
        if not self.token or "portal_csrf" not in self.client.cookies:
            self.token = await form_token(self.client)
        return self.token

    async def problems(self, target: Target, pairs, htmx: bool = False) -> list[str]:
        token = await self.fresh_token() if target.endpoint.changes_state else None
        try:
            response = await send(self.client, target, pairs, token=token, htmx=htmx)
        except Exception as error:  # an exception the app did not turn into an answer
            return [f"{target} {describe(pairs)}: raised {type(error).__name__}: {error}"[:500]]
        return [f"{target} {describe(pairs)}: {problem}" for problem in answer_problems(response)]


@pytest.fixture
async def prober(app, make_client) -> Prober:
    endpoints = walk(app).endpoints
    if missing := missing_samples(endpoints):
        pytest.fail(report(missing), pytrace=False)
    tenant = await make_tenant(roles=(ADMIN,))
    catalogue = await asset_factories.catalogue()
    kinds = [catalogue["sb755"], catalogue["birdie"], catalogue["lowbed"]]
    pages_of_aids = [
        await asset_factories.asset(tenant.organisation, tenant.location, kinds[number % 3],
                                    department=tenant.department if number % 2 else None)
        for number in range(FLEET_PAGE_ROWS)
    ]
    client = await signed_in(make_client, tenant.accounts[ADMIN])
    targets = await discover(client, tenant, endpoints)
    # The pager links are read; a PDF of every aid per probe would only cost time.
    await Asset.delete().where(Asset.id.is_in([aid.id for aid in pages_of_aids]))
    return Prober(app, client, tenant, targets)


def assert_the_pages_show_parameters_and_fields_of_every_kind(prober) -> None:
    """The suite reads the pages; should they stop showing what it probes, it would probe nothing."""
    kinds = {kind for target in prober.targets for kind in target.kinds.values()}
    assert {"cursor", "number", "date"} <= kinds, f"found field kinds {kinds}"
    assert any(t.method == "POST" and t.names for t in prober.targets), "no form with fields found"
    assert any(t.method == "GET" and t.names for t in prober.targets), "no page with query parameters found"
    assert {t.endpoint for t in prober.targets} >= set(walk(prober.app).endpoints), "a route without a target"


async def test_known_hostile_values_in_every_field_of_every_route_are_input_not_crashes(prober):
    assert_the_pages_show_parameters_and_fields_of_every_kind(prober)
    problems: list[str] = []
    for target in prober.targets:
        found = []
        for pairs in sharp_requests(target):
            found += await prober.problems(target, pairs)
            if len(found) >= MAX_PROBLEMS_PER_TARGET:
                break
        problems += found[:MAX_PROBLEMS_PER_TARGET]
    assert not problems, report(problems)


async def test_random_hostile_requests_on_every_route_are_input_not_crashes(prober):
    loop = asyncio.get_running_loop()
    problems: list[str] = []

    def explore(target: Target) -> None:
        """Runs in a worker thread: hypothesis drives, each request runs on the test's own event loop
        (the database pool belongs to it)."""
        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=(Phase.generate,),
                  suppress_health_check=list(HealthCheck))
        @given(hostile_request(target))
        def one(request) -> None:
            pairs, htmx = request
            found = asyncio.run_coroutine_threadsafe(prober.problems(target, pairs, htmx), loop).result()
            assert not found, "\n".join(found)

        try:
            one()
        except AssertionError as error:
            problems.append(str(error).split("\n\n")[0][:2000])

    for target in prober.targets:
        await asyncio.to_thread(explore, target)
    assert not problems, report(problems)


async def test_hostile_requests_without_a_token_change_nothing(prober):
    problems: list[str] = []
    changing = [target for target in prober.targets if target.endpoint.changes_state]
    assert changing, "no state-changing route found"
    before = await snapshot()
    for target in changing:
        for pairs in list(sharp_requests(target))[:2]:
            response = await send(prober.client, target, pairs, token=None)
            if problem := csrf_refusal_problem(response):
                problems.append(f"{target} {describe(pairs)} without a token: {problem}")
        after = await snapshot()
        if after != before:
            changed = sorted(name for name in after if after[name] != before[name])
            problems.append(f"{target}: requests without a token changed {changed}")
        before = after
    assert not problems, report(problems)
