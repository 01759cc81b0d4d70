"""ACC-5 "no hint whether the address exists" includes the time the answer takes: a known address must
not answer measurably slower than an unknown one."""

import gc
import statistics
import time

from portal.domain import background
from portal.tables import MailOutbox
from tests import factories
from tests.helpers import csrf_token

TRIES = 20
# A machine shared by several test runs has busy spells that can skew one round of medians; a leak
# shows in every round (before the fix a known address took 2.5-5 times as long: SQLite 33 vs 8 ms,
# PostgreSQL 12 vs 5 ms), a busy spell rarely in three in a row.
ROUNDS = 3


def indistinguishable(known_ms: float, unknown_ms: float) -> bool:
    return abs(known_ms - unknown_ms) <= 0.25 * min(known_ms, unknown_ms) + 1.0


async def test_a_known_address_answers_as_fast_as_an_unknown_one(client):
    org = await factories.organisation()
    token = await csrf_token(client, "/wachtwoord-vergeten")

    async def answer_time(email: str) -> float:
        started = time.perf_counter()
        response = await client.post("/wachtwoord-vergeten", data={"_csrf_token": token, "email": email})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and "Als dit e-mailadres bij ons bekend is" in response.text
        await background.drain()  # outside the measurement: one try's mail does not slow the next try
        return elapsed

    async def medians(round_number: int) -> tuple[float, float]:
        # One try per known account, as a prober would: the hourly mail limit never shortens the work.
        known = [(await factories.account(org, "3")).email for _ in range(TRIES)]
        unknown = [f"onbekend{round_number}-{n}@zorggroep.nl" for n in range(TRIES)]
        timings: dict[str, list[float]] = {"known": [], "unknown": []}
        # As timeit does: no garbage collection during the tries, so one try's leftovers (the mail work
        # drained after a known address) cannot land on the next try's clock.
        gc.collect()
        gc.disable()
        try:
            for n, (known_email, unknown_email) in enumerate(zip(known, unknown)):
                # In pairs, one kind first and then the other, so a busy moment falls on both alike.
                pair = [("known", known_email), ("unknown", unknown_email)]
                for kind, email in pair if n % 2 == 0 else pair[::-1]:
                    timings[kind].append(await answer_time(email))
        finally:
            gc.enable()
        return statistics.median(timings["known"]) * 1000, statistics.median(timings["unknown"]) * 1000

    await answer_time("opwarmen@zorggroep.nl")
    rounds = []
    for round_number in range(ROUNDS):
        rounds.append(await medians(round_number))
        if indistinguishable(*rounds[-1]):
            break
    assert indistinguishable(*rounds[-1]), f"median ms (known, unknown) per round: {rounds}"
    # The work was still done: every known address got its mail, no unknown one did.
    mailed = await MailOutbox.select(MailOutbox.to_address)
    assert len(mailed) == TRIES * len(rounds) and not any(row["to_address"].startswith("onbekend") for row in mailed)
