"""Downloads of the fleet list (AST-4) and label sheets (AST-5): the whole filtered and sorted set.

* Excel: openpyxl's write-only mode writes rows to disk as they come, so memory stays flat at 100,000
  rows. Text that a spreadsheet would run as a formula is neutralised.
* PDF: xhtml2pdf, in a thread. It costs about 5 ms and a lot of memory per row, so a list up to
  SYNC_PDF_ROWS is built while the user waits; a larger one is an ExportJob built in the background in
  parts of PART_ROWS (progress after each part, memory bounded by one part) and merged at the end.
  The user may leave; the job and its file stay findable under "Downloads".
"""

from __future__ import annotations

import asyncio
import io
import logging
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio.to_thread
from jinja2 import Environment

from portal.domain import assets
from portal.domain.qr import qr_png_data_uri
from portal.domain.scope import Scope
from portal.i18n import _, format_day, format_moment
from portal.tables import Account, ExportJob

log = logging.getLogger(__name__)

# Measured on the 2-core benchmark machine: xhtml2pdf takes 5-7 ms per list row (500 rows: 2.5-4.4 s,
# 4,025 rows in the background: 26 s) and about 8 ms per label with its QR code (210 labels: 1.7-3.5 s).
SYNC_PDF_ROWS = 500  # a few seconds: still an answer while the user waits
SYNC_LABELS = 210  # ten sheets of 21 labels
PART_ROWS = 500  # one background part: a few seconds of work, then the progress bar moves
LABELS_PER_PAGE = 21
STALE_AFTER = timedelta(minutes=5)  # a running job that has not moved for this long died with its process
KEEP_JOBS = timedelta(days=7)
EXCEL_BATCH = 2000

KIND_LABELS = {"pdf": _("PDF van de lijst"), "labels": _("Etiketten met QR-code")}

# One PDF job per process at a time: xhtml2pdf takes a whole core while it works.
_pdf_slot = asyncio.Semaphore(1)
_running: set[asyncio.Task] = set()


# Excel -----------------------------------------------------------------------------------------------

# The columns of the list, in its order (header, row key, column width). openpyxl spends about 8 µs
# per cell, so every column is 0.8 s on 100,000 rows: the download holds what the list shows.
EXCEL_COLUMNS: list[tuple[str, str, int]] = [
    (_("Objectnummer"), "object_number", 16),
    (_("Categorie"), "category_name", 24),
    (_("Subcategorie"), "subcategory_name", 30),
    (_("Type"), "type_name", 26),
    (_("Locatie"), "location_name", 30),
    (_("Afdeling"), "department_name", 22),
    (_("Status"), "status_label", 14),
    (_("Eigendom of huur"), "ownership_label", 16),
    (_("Startdatum huur"), "rental_start", 15),
]

# A cell starting with one of these is a formula (or becomes one when edited or saved as CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is stored as text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ExcelWriter:
    """A write-only workbook on disk. Every call runs in a worker thread, one at a time."""

    def __init__(self, path: Path, title: str) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        self.path = path
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title[:31])
        for index, (_label, _key, width) in enumerate(EXCEL_COLUMNS):
            self.sheet.column_dimensions[chr(ord("A") + index)].width = width
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for label, _key, _width in EXCEL_COLUMNS:
            cell = WriteOnlyCell(self.sheet, value=label)
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)
        self.rows = 0

    def append(self, rows: list[dict]) -> None:
        keys = [key for _label, key, _width in EXCEL_COLUMNS]
        append = self.sheet.append
        for row in rows:
            append([neutralise(row[key]) for key in keys])
        self.rows += len(rows)

    def save(self) -> None:
        if self.rows:
            self.sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(EXCEL_COLUMNS) - 1)}{self.rows + 1}"
        self.workbook.save(self.path)


async def build_excel(scope: Scope, filters: assets.FleetFilters, directory: Path) -> Path:
    """The whole filtered and sorted list as .xlsx in a temporary file (the caller removes it).
    Fetching the next batch overlaps with writing the previous one."""
    directory.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=directory, prefix="hulpmiddelen-", suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    try:
        writer = await anyio.to_thread.run_sync(ExcelWriter, path, _("Hulpmiddelen"))
        writing: asyncio.Future | None = None
        async for batch in assets.iterate_fleet(scope, filters, EXCEL_BATCH):
            if writing is not None:
                await writing
            writing = asyncio.ensure_future(anyio.to_thread.run_sync(writer.append, batch))
        if writing is not None:
            await writing
        await anyio.to_thread.run_sync(writer.save)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def download_name(kind: str, today: date | None = None) -> str:
    today = today or datetime.now(timezone.utc).date()
    stem = {"xlsx": "hulpmiddelen", "pdf": "hulpmiddelen", "labels": "etiketten"}[kind]
    return f"{stem}-{today.isoformat()}.{'xlsx' if kind == 'xlsx' else 'pdf'}"


# PDF -------------------------------------------------------------------------------------------------

ROWS_PER_TABLE = 40  # xhtml2pdf is much faster on many short tables than on one long one


def _chunks(rows: list[dict], size: int) -> list[list[dict]]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


@dataclass
class PdfHeader:
    title: str
    organisation: str
    account: str
    made_at: str
    filters: list[tuple[str, str]]
    total: int


def render_pdf(html: str) -> bytes:
    """xhtml2pdf in the calling (worker) thread."""
    from xhtml2pdf import pisa

    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


def list_html(env: Environment, header: PdfHeader, rows: list[dict], part: int = 0) -> str:
    return env.get_template("exports/fleet.html").render(
        header=header, tables=_chunks(rows, ROWS_PER_TABLE), part=part, day=format_day)


def labels_html(env: Environment, header: PdfHeader, rows: list[dict], base_url: str) -> str:
    labels = [{**row, "qr": qr_png_data_uri(base_url, row["object_number"])} for row in rows]
    pages = [_chunks(page, 3) for page in _chunks(labels, LABELS_PER_PAGE)]
    return env.get_template("exports/labels.html").render(header=header, pages=pages)


async def _collect(scope: Scope, filters: assets.FleetFilters, limit: int | None = None) -> list[dict]:
    rows: list[dict] = []
    async for batch in assets.iterate_fleet(scope, filters, EXCEL_BATCH):
        rows.extend(batch)
        if limit is not None and len(rows) >= limit:
            return rows[:limit]
    return rows


async def pdf_header(account: Account, scope: Scope, filters: assets.FleetFilters, title: str, total: int) -> PdfHeader:
    from portal.tables import Organisation

    organisation = await Organisation.select(Organisation.name).where(Organisation.id == scope.organisation_id).first()
    names = await assets.filter_names(filters)
    return PdfHeader(
        title=title,
        organisation=organisation["name"] if organisation else "",
        account=account.name,
        made_at=format_moment(datetime.now(timezone.utc)),
        filters=assets.describe_filters(filters, names),
        total=total,
    )


async def build_pdf_now(env: Environment, account: Account, scope: Scope, filters: assets.FleetFilters,
                        kind: str, base_url: str) -> bytes:
    """A PDF small enough to build while the user waits (the caller checked the count)."""
    rows = await _collect(scope, filters)
    header = await pdf_header(account, scope, filters, _title(kind), len(rows))
    html = labels_html(env, header, rows, base_url) if kind == "labels" else list_html(env, header, rows)
    return await anyio.to_thread.run_sync(render_pdf, html)


def _title(kind: str) -> str:
    return _("Etiketten van hulpmiddelen") if kind == "labels" else _("Mijn hulpmiddelen")


def sync_limit(kind: str) -> int:
    return SYNC_LABELS if kind == "labels" else SYNC_PDF_ROWS


# Background jobs -------------------------------------------------------------------------------------


@dataclass
class JobView:
    """A job as the Downloads list shows it."""

    token: str
    kind_label: str
    status: str  # queued | running | done | failed
    status_label: str
    done: int
    total: int
    created_at: datetime
    file_name: str
    query: str
    error: str

    @property
    def busy(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


JOB_STATUS_LABELS = {
    "queued": _("In de wachtrij"),
    "running": _("Wordt gemaakt"),
    "done": _("Klaar"),
    "failed": _("Mislukt"),
}


def _view(job: dict) -> JobView:
    status = job["status"]
    error = job["error"]
    if status in ("queued", "running") and job["updated_at"] < datetime.now(timezone.utc) - STALE_AFTER:
        status, error = "failed", _("Het maken is onderbroken. Vraag de download opnieuw aan.")
    return JobView(
        token=job["token"], kind_label=KIND_LABELS.get(job["kind"], job["kind"]), status=status,
        status_label=JOB_STATUS_LABELS[status], done=job["done"], total=job["total"],
        created_at=job["created_at"], file_name=job["file_name"], query=job["query"], error=error,
    )


async def account_jobs(account: Account | int) -> list[JobView]:
    account_id = account if isinstance(account, int) else account.id
    rows = await ExportJob.select().where(
        (ExportJob.account == account_id) & (ExportJob.created_at > datetime.now(timezone.utc) - KEEP_JOBS)
    ).order_by(ExportJob.created_at, ascending=False).limit(10)
    return [_view(row) for row in rows]


async def find_job(account: Account, token: str) -> JobView | None:
    """Only the account's own jobs: a download holds the list as that account may see it."""
    row = await ExportJob.select().where((ExportJob.token == token[:40]) & (ExportJob.account == account.id)).first()
    return _view(row) if row is not None else None


async def job_file(account: Account, token: str) -> tuple[Path, str] | None:
    row = await ExportJob.select(ExportJob.file_path, ExportJob.file_name, ExportJob.status).where(
        (ExportJob.token == token[:40]) & (ExportJob.account == account.id)).first()
    if row is None or row["status"] != "done" or not row["file_path"] or not Path(row["file_path"]).exists():
        return None
    return Path(row["file_path"]), row["file_name"]


async def start_job(env: Environment, account: Account, scope: Scope, filters: assets.FleetFilters, kind: str,
                    total: int, directory: Path, base_url: str) -> tuple[str, bool]:
    """Queue a background PDF; returns (token, started). An account with a job still in the making
    gets that one back instead of a second (started = False)."""
    await _forget_old_jobs(account)
    for job in await account_jobs(account):
        if job.busy:
            return job.token, False
    now = datetime.now(timezone.utc)
    job = ExportJob(
        token=secrets.token_urlsafe(24), account=account.id, organisation=scope.organisation_id, kind=kind,
        query=urlencode(filters.query()), status="queued", total=total, done=0,
        file_name=download_name("labels" if kind == "labels" else "pdf"), created_at=now, updated_at=now,
    )
    await job.save()
    task = asyncio.create_task(_run_job(job.id, env, account, scope, filters, kind, directory, base_url))
    _running.add(task)
    task.add_done_callback(_running.discard)
    return job.token, True


async def wait_for_jobs() -> None:
    """For tests and shutdown: until every job of this process has finished."""
    while _running:
        await asyncio.gather(*list(_running), return_exceptions=True)


async def _update(job_id: int, **values: Any) -> None:
    values["updated_at"] = datetime.now(timezone.utc)
    await ExportJob.update({getattr(ExportJob, key): value for key, value in values.items()}).where(
        ExportJob.id == job_id)


async def _run_job(job_id: int, env: Environment, account: Account, scope: Scope, filters: assets.FleetFilters,
                   kind: str, directory: Path, base_url: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    try:
        async with _pdf_slot:
            await _update(job_id, status="running")
            total = await assets.count_fleet(scope, filters, cap=10_000_000)
            header = await pdf_header(account, scope, filters, _title(kind), total)
            await _update(job_id, total=total)
            done = 0
            part_size = LABELS_PER_PAGE * 10 if kind == "labels" else PART_ROWS
            pending: list[dict] = []

            async def flush(rows: list[dict]) -> None:
                nonlocal done
                html = (labels_html(env, header, rows, base_url) if kind == "labels"
                        else list_html(env, header, rows, part=len(parts)))
                data = await anyio.to_thread.run_sync(render_pdf, html)
                part = directory / f"job-{job_id}-{len(parts):05d}.pdf"
                await anyio.to_thread.run_sync(part.write_bytes, data)
                parts.append(part)
                done += len(rows)
                await _update(job_id, done=done)

            async for batch in assets.iterate_fleet(scope, filters, EXCEL_BATCH):
                pending.extend(batch)
                while len(pending) >= part_size:
                    await flush(pending[:part_size])
                    pending = pending[part_size:]
            if pending or not parts:
                await flush(pending)
            target = directory / f"{secrets.token_hex(16)}.pdf"
            await anyio.to_thread.run_sync(_merge, parts, target)
            await _update(job_id, status="done", done=done, file_path=str(target),
                          finished_at=datetime.now(timezone.utc))
    except Exception as error:  # the job says it failed; the user may ask again
        log.exception("export job %s failed", job_id)
        try:
            await _update(job_id, status="failed", error=_("Het maken van de PDF is mislukt. Probeer het opnieuw."),
                          finished_at=datetime.now(timezone.utc))
        except Exception:  # the database itself may be what failed
            log.exception("could not mark export job %s as failed", job_id)
        del error
    finally:
        for part in parts:
            part.unlink(missing_ok=True)


def _merge(parts: list[Path], target: Path) -> None:
    if len(parts) == 1:
        parts[0].replace(target)
        return
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with target.open("wb") as out:
        writer.write(out)


async def _forget_old_jobs(account: Account) -> None:
    old = await ExportJob.select(ExportJob.id, ExportJob.file_path).where(
        (ExportJob.account == account.id) & (ExportJob.created_at < datetime.now(timezone.utc) - KEEP_JOBS))
    for row in old:
        if row["file_path"]:
            Path(row["file_path"]).unlink(missing_ok=True)
    if old:
        await ExportJob.delete().where(ExportJob.id.is_in([row["id"] for row in old]))

