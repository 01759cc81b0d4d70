"""The job queue tells the truth (issue 8, item 2): a waiting job shows its place in the queue and is
never called failed for waiting; a job whose process died is marked failed once and never runs later;
one job in the making per account, also when two requests arrive together."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from portal.domain import assets, exports
from portal.domain.exports import jobs, limits
from portal.domain.scope import scope_for
from portal.tables import ExportJob
from tests import factories
from tests.helpers import login, post_form


def _ago(minutes: float) -> datetime:
    return datetime.now(timezone.utc) - timedelta(minutes=minutes)


async def _job(account, token: str, status: str, total: int, at: datetime, kind: str = "pdf") -> ExportJob:
    job = ExportJob(token=token, account=account.id, organisation=account.organisation, kind=kind, status=status,
                    total=total, done=0, created_at=at, updated_at=at)
    await job.save()
    return job


@pytest.fixture
def no_free_slot(monkeypatch):
    """This process takes no queued job: the queue stays as the test left it."""
    monkeypatch.setattr(limits, "JOB_SLOTS", 0)


async def test_a_queued_job_shows_its_place_in_the_queue_however_long_it_waits(client, fleet, no_free_slot):
    await login(client, "admin@noord.nl")
    colleague = await factories.account(fleet.org, "admin", email="collega@noord.nl")
    stranger = fleet.other_admin  # the queue is the whole portal's
    await _job(colleague, "klein-1", "queued", 600, _ago(40))  # smaller: taken first
    await _job(stranger, "groot-1", "queued", 4000, _ago(50))  # larger: taken after ours
    await _job(fleet.admin, "mijn-1", "queued", 1200, _ago(30))  # waiting far longer than any heartbeat
    html = (await client.get("/hulpmiddelen/downloads/mijn-1")).text
    assert "In de wachtrij (plaats 2)" in html
    assert "onderbroken" not in html and "Mislukt" not in html
    assert 'hx-trigger="every 2s"' in html  # it keeps asking
    assert (await ExportJob.select(ExportJob.status).where(ExportJob.token == "mijn-1").first())["status"] == "queued"
    listing = (await client.get("/hulpmiddelen/downloads")).text
    assert "In de wachtrij (plaats 2)" in listing


async def test_a_running_job_without_heartbeat_is_marked_failed_once_and_never_runs(client, fleet):
    await login(client, "admin@noord.nl")
    dead = await _job(fleet.admin, "dood-1", "running", 2000, _ago(30))
    alive = await _job(fleet.north_user, "levend-1", "running", 2000, _ago(0.2))
    marked = await asyncio.gather(exports.reap_stale(), exports.reap_stale(), exports.reap_stale())
    assert sorted(job_id for found in marked for job_id in found) == [dead.id]
    await exports.dispatch()
    await exports.wait_for_jobs()
    row = await ExportJob.select().where(ExportJob.id == dead.id).first()
    assert (row["status"], row["file_path"]) == ("failed", "")
    assert row["error"] == jobs.INTERRUPTED
    assert (await ExportJob.select(ExportJob.status).where(ExportJob.id == alive.id).first())["status"] == "running"
    html = (await client.get("/hulpmiddelen/downloads/dood-1")).text
    assert "Het maken is onderbroken" in html and "every 2s" not in html


async def test_a_runner_whose_job_was_marked_failed_stops_without_a_file(fleet, no_free_slot):
    plan = await exports.plan(assets.FLEET_EXPORT, await scope_for(fleet.admin), {}, "pdf")
    token, started = await exports.start_job(fleet.admin, plan)
    assert started
    claimed = await jobs._claim_next()  # this process took it ...
    assert claimed is not None and claimed["token"] == token
    # ... then stalled past STALE_AFTER: another process marks it failed.
    await ExportJob.update({ExportJob.updated_at: _ago(30)}).where(ExportJob.token == token)
    assert await exports.reap_stale() == [claimed["id"]]
    await jobs._run(claimed)  # it wakes up and carries on
    row = await ExportJob.select().where(ExportJob.token == token).first()
    assert (row["status"], row["file_path"], row["error"]) == ("failed", "", jobs.INTERRUPTED)
    assert await jobs._claim_next() is None  # and nobody takes it again


async def test_two_requests_at_once_make_one_job(fleet, no_free_slot):
    plan = await exports.plan(assets.FLEET_EXPORT, await scope_for(fleet.admin), {}, "labels")
    results = await asyncio.gather(*(exports.start_job(fleet.admin, plan) for _ in range(2)))
    assert len({token for token, _started in results}) == 1
    assert sorted(started for _token, started in results) == [False, True]
    assert await ExportJob.count() == 1


async def test_two_posts_at_once_make_one_job(client, fleet, monkeypatch, no_free_slot):
    monkeypatch.setattr(limits, "SYNC_PDF_ROWS", 3)
    await login(client, "admin@noord.nl")
    from tests.helpers import csrf_token

    token = await csrf_token(client, "/hulpmiddelen")
    answers = await asyncio.gather(*(client.post("/hulpmiddelen/downloads", data={"soort": "pdf", "_csrf_token": token})
                                     for _ in range(2)))
    assert [answer.status_code for answer in answers] == [303, 303]
    assert answers[0].headers["location"] == answers[1].headers["location"]
    assert await ExportJob.count() == 1


async def test_a_second_request_while_one_is_queued_says_so(client, fleet, monkeypatch, no_free_slot):
    monkeypatch.setattr(limits, "SYNC_PDF_ROWS", 3)
    await login(client, "admin@noord.nl")
    first = await post_form(client, "/hulpmiddelen/downloads", {"soort": "pdf"}, token_from="/hulpmiddelen")
    second = await post_form(client, "/hulpmiddelen/downloads", {"soort": "pdf", "sorteren": "-type"},
                             token_from="/hulpmiddelen")
    assert second.headers["location"] == first.headers["location"]
    page = await client.get(second.headers["location"])
    assert "U heeft al een download in voorbereiding." in page.text
    assert "In de wachtrij (plaats 1)" in page.text


async def test_a_short_job_does_not_wait_for_a_long_one(fleet, no_free_slot):
    """Smallest first (and two slots): another user's small job is taken before a large one."""
    await _job(fleet.north_user, "lang-1", "running", 5000, _ago(0))  # someone's long job, busy elsewhere
    await _job(fleet.other_admin, "groot-2", "queued", 4000, _ago(10))
    small = await _job(fleet.admin, "kort-1", "queued", 501, _ago(1))
    claimed = await jobs._claim_next()
    assert claimed["id"] == small.id
