"""Downloads made while the user waits, and the pieces background jobs share with them: the plan (how
large is the selection, now or in the background, or too large), the rows fetched in batches on the
event loop and handed to a worker process, the head of a PDF."""

from __future__ import annotations

import asyncio
import pickle
import weakref
import tempfile
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

import anyio.to_thread

from portal import links
from portal.db import one_connection
from portal.domain.exports import limits, pool, work
from portal.domain.exports.source import ExportSource, Filters
from portal.domain.scope import Scope
from portal.i18n import _, format_moment
from portal.tables import Account, Organisation

EXPORT_KIND_LABELS = {"xlsx": _("Excel-lijst"), "pdf": _("PDF van de lijst"), "labels": _("Etiketten met QR-code")}
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "pdf": "application/pdf", "labels": "application/pdf"}


@dataclass
class Plan:
    """A download as asked: what, of which selection, and how many rows it has (up to the maximum + 1)."""

    source: ExportSource
    kind: str
    filters: Any
    total: int

    @property
    def sync(self) -> bool:
        return self.total <= limits.sync_limit(self.kind)

    @property
    def too_large(self) -> str | None:
        """Why it cannot be made at all, with how to narrow the selection; None when it can."""
        if self.total <= limits.max_rows(self.kind):
            return None
        return limits.too_large_message(self.kind, self.source.unit)

    @property
    def query(self) -> dict[str, str]:
        return self.filters.query()


async def plan(source: ExportSource, scope: Scope, params: Mapping[str, str], kind: str) -> Plan:
    async with one_connection():
        filters = await source.parse(scope, params)
        total = await source.count(scope, filters, limits.sync_limit(kind))
        if total > limits.sync_limit(kind):
            total = await source.count(scope, filters, limits.max_rows(kind))
    return Plan(source, kind, filters, total)


def download_name(source: ExportSource, kind: str, today: date | None = None) -> str:
    today = today or datetime.now(timezone.utc).date()
    stem = "etiketten" if kind == "labels" else source.file_stem
    return f"{stem}-{today.isoformat()}.{'xlsx' if kind == 'xlsx' else 'pdf'}"


def new_file(directory: Path, suffix: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=directory, prefix="export-", suffix=suffix, delete=False)
    handle.close()
    return Path(handle.name)


async def batches(source: ExportSource, scope: Scope, filters: Filters, kind: str,
                  limit: int) -> AsyncIterator[list[dict]]:
    """The rows of the selection in batches, cut to what the worker needs (labels: with the full link of
    each row's page for its QR code), at most `limit` rows."""
    keys = source.keys(kind)
    label = source.labels if kind == "labels" else None
    seen = 0
    async for batch in source.rows(scope, filters, limits.ROW_BATCH):
        batch = batch[:limit - seen]
        seen += len(batch)
        trimmed = [{key: row[key] for key in keys} for row in batch]
        if label is not None:
            for row in trimmed:
                row["link"] = links.absolute(label.route, **{label.parameter: row[label.key]})
        yield trimmed
        if seen >= limit:
            return


def _dump(handle: BinaryIO, rows: list[dict]) -> None:
    pickle.dump(rows, handle, protocol=pickle.HIGHEST_PROTOCOL)


async def spool(source: ExportSource, scope: Scope, filters: Filters, kind: str, path: Path, limit: int) -> int:
    """The rows to a file for the worker, batch by batch: memory holds one batch."""
    rows = 0
    with path.open("wb") as handle:
        async for batch in batches(source, scope, filters, kind, limit):
            await anyio.to_thread.run_sync(_dump, handle, batch)
            rows += len(batch)
    return rows


async def pdf_header(account: Account, scope: Scope, source: ExportSource, filters: Filters, kind: str,
                     total: int) -> work.PdfHeader:
    organisation = await Organisation.select(Organisation.name).where(Organisation.id == scope.organisation_id).first()
    return work.PdfHeader(
        title=source.title_for(kind), organisation=organisation["name"] if organisation else "",
        account=account.name, made_at=format_moment(datetime.now(timezone.utc)),
        filters=await source.describe(filters), total=total, unit=source.unit,
    )


_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def _turn() -> asyncio.Semaphore:
    """As many downloads at work as there are workers; the others wait without fetching their rows yet,
    so the event loop's share (turning rows into dicts) is spread out instead of all at once."""
    loop = asyncio.get_running_loop()
    if loop not in _turns:
        _turns[loop] = asyncio.Semaphore(limits.POOL_SIZE)
    return _turns[loop]


async def build_now(account: Account, scope: Scope, plan: Plan, directory: Path) -> Path:
    """A download small enough to make while the user waits (the plan says so), as a file the caller
    removes after sending. Raises ExportRefused when the account or the process has enough going on."""
    async with limits.sync_slots.hold(account.id), _turn():
        source, kind = plan.source, plan.kind
        target = new_file(directory, ".xlsx" if kind == "xlsx" else ".pdf")
        try:
            if kind == "xlsx":
                spooled = new_file(directory, ".rows")
                try:
                    # One connection for every batch: SQLite would open a connection and a thread per batch,
                    # and starting threads is what stalled the event loop under load (bench.downloads).
                    async with one_connection():
                        await spool(source, scope, plan.filters, kind, spooled, limits.sync_limit(kind))
                    await pool.run(work.write_excel, spooled, target, source.columns, source.listing.caption)
                finally:
                    spooled.unlink(missing_ok=True)
            else:
                rows: list[dict] = []
                async with one_connection():
                    async for batch in batches(source, scope, plan.filters, kind, limits.sync_limit(kind)):
                        rows.extend(batch)
                    header = await pdf_header(account, scope, source, plan.filters, kind, len(rows))
                await pool.run(work.write_pdf, kind, header, source.columns, rows, target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target
