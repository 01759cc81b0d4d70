"""Background downloads (ExportJob): a queue in the database that tells the truth.

* One job in the making per account (queued or running), held by a unique index, so two requests at
  the same moment make one job.
* Any app process takes the next queued job when it has a free slot (limits.JOB_SLOTS), smallest first,
  with an atomic claim (queued -> running): a job runs once, wherever it was asked for.
* A queued job waits as long as it takes and shows its place in the queue. A running job moves its
  `updated_at` (heartbeat) while it works; one that has not moved for STALE_AFTER died with its process
  and is marked failed by one atomic update. A failed job is never claimed, and a runner that finds its
  job no longer running stops without writing a file.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import secrets
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from portal.db import is_unique_violation, one_connection
from portal.domain.exports import limits, pool, work
from portal.domain.exports.build import (
    EXPORT_KIND_LABELS,
    MEDIA_TYPES,
    Plan,
    batches,
    download_name,
    new_file,
    pdf_header,
    spool,
)
from portal.domain.exports.source import SOURCES
from portal.domain.scope import scope_for
from portal.i18n import _
from portal.settings import get_settings
from portal.tables import Account, ExportJob

log = logging.getLogger(__name__)

HEARTBEAT = timedelta(seconds=10)
STALE_AFTER = timedelta(minutes=2)  # twelve missed heartbeats: the process that ran it is gone
KEEP_JOBS = timedelta(days=7)
INTERRUPTED = _("Het maken is onderbroken. Vraag de download opnieuw aan.")
FAILED = _("Het maken van de download is mislukt. Probeer het opnieuw.")
BUSY = ("queued", "running")

_running: set[asyncio.Task] = set()
_claiming: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


class JobLost(Exception):
    """The job is no longer running (marked failed meanwhile): its runner stops."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class JobView:
    """A job as the Downloads list shows it."""

    token: str
    kind: str
    kind_label: str
    status: str  # queued | running | done | failed
    status_label: str
    done: int
    total: int
    unit: str
    created_at: datetime
    file_name: str
    list_route: str
    query: str
    error: str
    position: int | None = None  # place in the queue, 1 = next

    @property
    def busy(self) -> bool:
        return self.status in BUSY

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


JOB_STATUS_LABELS = {
    "queued": _("In de wachtrij"),
    "running": _("Wordt gemaakt"),
    "done": _("Klaar"),
    "failed": _("Mislukt"),
}


def _view(job: dict, position: int | None = None) -> JobView:
    """What the row says, nothing else: a job is failed only when the database says so."""
    status = job["status"]
    label = JOB_STATUS_LABELS[status]
    if status == "queued" and position:
        label = _("In de wachtrij (plaats %(n)s)") % {"n": position}
    source = SOURCES.get(job["source"])
    return JobView(
        token=job["token"], kind=job["kind"], kind_label=EXPORT_KIND_LABELS.get(job["kind"], job["kind"]),
        status=status, status_label=label, done=job["done"], total=job["total"],
        unit=source.unit if source else "", created_at=job["created_at"], file_name=job["file_name"],
        list_route=source.list_route if source else "", query=job["query"], error=job["error"],
        position=position if status == "queued" else None,
    )


async def queue_position(job: dict) -> int:
    """1 + the queued jobs that will be taken before this one (smallest first, then the oldest)."""
    ahead = await ExportJob.count().where(
        (ExportJob.status == "queued") & (
            (ExportJob.total < job["total"]) | ((ExportJob.total == job["total"]) & (ExportJob.id < job["id"]))))
    return ahead + 1


async def _views(rows: list[dict]) -> list[JobView]:
    return [_view(row, await queue_position(row) if row["status"] == "queued" else None) for row in rows]


async def account_jobs(account: Account | int, move_queue: bool = True) -> list[JobView]:
    """The account's downloads of the last week. Looking also moves the queue along: a job whose
    process has gone is marked failed, and a free slot takes the next queued job. A list page showing
    the box passes `move_queue=False`: while a job is busy the box asks the downloads route every two
    seconds, which moves it, so the list itself pays one read."""
    account_id = account if isinstance(account, int) else account.id
    if move_queue:
        await keep_queue_moving()
    async with one_connection():
        rows = await ExportJob.select().where(
            (ExportJob.account == account_id) & (ExportJob.created_at > _now() - KEEP_JOBS)
        ).order_by(ExportJob.created_at, ascending=False).limit(10)
        return await _views(rows)


async def find_job(account: Account, token: str) -> JobView | None:
    """Only the account's own jobs: a download holds the list as that account may see it."""
    await keep_queue_moving()
    row = await ExportJob.select().where((ExportJob.token == token[:40]) & (ExportJob.account == account.id)).first()
    return (await _views([row]))[0] if row is not None else None


async def job_file(account: Account, token: str) -> tuple[Path, str, str] | None:
    """(path, file name, media type) of a finished download of the account."""
    row = await ExportJob.select(ExportJob.file_path, ExportJob.file_name, ExportJob.status, ExportJob.kind).where(
        (ExportJob.token == token[:40]) & (ExportJob.account == account.id)).first()
    if row is None or row["status"] != "done" or not row["file_path"] or not Path(row["file_path"]).exists():
        return None
    return Path(row["file_path"]), row["file_name"], MEDIA_TYPES.get(row["kind"], "application/octet-stream")



async def start_job(account: Account, plan: Plan) -> tuple[str, bool]:
    """Queue a background download; returns (token, started). An account with a job still in the
    making gets that one back instead of a second (started = False)."""
    await _forget_old_jobs(account)
    await reap_stale()
    now = _now()
    job = ExportJob(
        token=secrets.token_urlsafe(24), account=account.id, organisation=account.organisation,
        source=plan.source.name, kind=plan.kind, query=urlencode(plan.query), status="queued",
        total=min(plan.total, limits.max_rows(plan.kind)), done=0,
        file_name=download_name(plan.source, plan.kind), created_at=now, updated_at=now,
    )
    try:
        await job.save()
    except Exception as error:
        if not is_unique_violation(error):
            raise
        busy = await ExportJob.select(ExportJob.token).where(
            (ExportJob.account == account.id) & ExportJob.status.is_in(list(BUSY))).first()
        if busy is None:  # it finished in between: ask again
            return await start_job(account, plan)
        return busy["token"], False
    await dispatch()
    return job.token, True


async def keep_queue_moving() -> None:
    """What a look at the downloads does (the page asks every two seconds while a job is busy): one read
    of the jobs in the making, and only when there is something to do, the update or the claim."""
    busy = await ExportJob.select(ExportJob.status, ExportJob.updated_at).where(ExportJob.status.is_in(list(BUSY)))
    cutoff = _now() - STALE_AFTER
    if any(row["status"] == "running" and row["updated_at"] < cutoff for row in busy):
        await reap_stale()
    if any(row["status"] == "queued" for row in busy):
        await dispatch()


async def reap_stale() -> list[int]:
    """Running jobs without a heartbeat for STALE_AFTER are marked failed, each by one update (a second
    caller finds nothing left to mark). Queued jobs are left alone: waiting is not failing."""
    now = _now()
    rows = await ExportJob.update({
        ExportJob.status: "failed", ExportJob.error: INTERRUPTED, ExportJob.finished_at: now,
    }).where((ExportJob.status == "running") & (ExportJob.updated_at < now - STALE_AFTER)).returning(ExportJob.id)
    if rows:
        log.warning("export jobs %s stopped moving and were marked failed", [row["id"] for row in rows])
    return [row["id"] for row in rows]


async def dispatch() -> None:
    """Take queued jobs while this process has a free slot."""
    loop = asyncio.get_running_loop()
    for task in [task for task in _running if task.get_loop() is not loop]:
        _running.discard(task)  # a loop that has ended (tests) took its tasks with it
    lock = _claiming.setdefault(loop, asyncio.Lock())
    async with lock:
        while len(_running) < limits.JOB_SLOTS:
            job = await _claim_next()
            if job is None:
                return
            # A context of its own: the job must not inherit the request that happened to start it.
            task = loop.create_task(_run(job), name=f"export job {job['id']}", context=contextvars.Context())
            _running.add(task)


async def _claim_next() -> dict | None:
    candidates = await ExportJob.select(ExportJob.id).where(ExportJob.status == "queued").order_by(
        ExportJob.total).order_by(ExportJob.id).limit(5)
    for candidate in candidates:
        claimed = await ExportJob.update({ExportJob.status: "running", ExportJob.updated_at: _now()}).where(
            (ExportJob.id == candidate["id"]) & (ExportJob.status == "queued")).returning(*ExportJob.all_columns())
        if claimed:
            return claimed[0]
    return None


async def wait_for_jobs() -> None:
    """For tests and shutdown: until every job of this process has finished."""
    while _running:
        await asyncio.gather(*list(_running), return_exceptions=True)


async def _progress(job_id: int, **values: Any) -> None:
    """Progress, and the heartbeat: only while the job is still running (else JobLost)."""
    values["updated_at"] = _now()
    moved = await ExportJob.update({getattr(ExportJob, key): value for key, value in values.items()}).where(
        (ExportJob.id == job_id) & (ExportJob.status == "running")).returning(ExportJob.id)
    if not moved:
        raise JobLost(job_id)


async def _awaiting(job_id: int, work_done: Any, progress: Path | None = None) -> Any:
    """Wait for a worker's result, with a heartbeat meanwhile (and the worker's row count as progress)."""
    future = asyncio.ensure_future(work_done)
    beat = HEARTBEAT.total_seconds()
    try:
        while True:
            finished, _pending = await asyncio.wait({future}, timeout=1 if progress else beat)
            if finished:
                return future.result()
            done = progress.read_text() if progress and progress.exists() else ""
            await _progress(job_id, **({"done": int(done)} if done.isdigit() else {}))
    finally:
        if not future.done():
            future.cancel()


async def _run(job: dict) -> None:
    job_id = job["id"]
    try:
        await _make(job)
    except JobLost:
        log.warning("export job %s was no longer running; its work is dropped", job_id)
    except Exception:
        log.exception("export job %s failed", job_id)
        try:
            await ExportJob.update({ExportJob.status: "failed", ExportJob.error: FAILED,
                                    ExportJob.finished_at: _now(), ExportJob.updated_at: _now()}).where(
                (ExportJob.id == job_id) & (ExportJob.status == "running"))
        except Exception:  # the database itself may be what failed
            log.exception("could not mark export job %s as failed", job_id)
    finally:
        current = asyncio.current_task()
        if current is not None:
            _running.discard(current)
        try:
            await dispatch()
        except Exception:
            log.exception("could not take the next export job")


def _directory() -> Path:
    return Path(get_settings().data_dir) / "exports"


async def _make(job: dict) -> None:
    job_id, kind = job["id"], job["kind"]
    source = SOURCES[job["source"]]
    account = await Account.objects().where(Account.id == job["account"]).first()
    if account is None or not account.active:
        raise RuntimeError("the account that asked for the download is no longer active")
    scope = await scope_for(account)
    filters = await source.parse(scope, dict(parse_qsl(job["query"])))
    limit = limits.max_rows(kind)
    total = min(await source.count(scope, filters, limit), limit)
    await _progress(job_id, total=total)
    directory = _directory()
    target = directory / f"{secrets.token_hex(16)}.{'xlsx' if kind == 'xlsx' else 'pdf'}"
    scratch: list[Path] = []
    try:
        if kind == "xlsx":
            rows = new_file(directory, ".rows")
            counter = new_file(directory, ".progress")
            scratch += [rows, counter]
            await spool(source, scope, filters, kind, rows, total)
            done = await _awaiting(job_id, pool.run(work.write_excel, rows, target, source.columns,
                                                    source.listing.caption, counter), counter)
        else:
            header = await pdf_header(account, scope, source, filters, kind, total)
            part_size = limits.PART_LABELS if kind == "labels" else limits.PART_ROWS
            done = 0
            pending: list[dict] = []

            async def flush(rows: list[dict]) -> None:
                nonlocal done
                part = directory / f"job-{job_id}-{len(scratch):05d}.pdf"
                scratch.append(part)
                await _awaiting(job_id, pool.run(work.write_pdf, kind, header, source.columns, rows, part,
                                                 len(scratch) - 1))
                done += len(rows)
                await _progress(job_id, done=done)

            async for batch in batches(source, scope, filters, kind, total):
                pending.extend(batch)
                while len(pending) >= part_size:
                    await flush(pending[:part_size])
                    pending = pending[part_size:]
            if pending or not scratch:
                await flush(pending)
            await _awaiting(job_id, pool.run(work.join_parts, list(scratch), target))
        await _progress(job_id, status="done", done=done, file_path=str(target), finished_at=_now())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        for path in scratch:
            path.unlink(missing_ok=True)


async def _forget_old_jobs(account: Account) -> None:
    old = await ExportJob.select(ExportJob.id, ExportJob.file_path).where(
        (ExportJob.account == account.id) & (ExportJob.created_at < _now() - KEEP_JOBS))
    for row in old:
        if row["file_path"]:
            Path(row["file_path"]).unlink(missing_ok=True)
    if old:
        await ExportJob.delete().where(ExportJob.id.is_in([row["id"] for row in old]))
