"""The CPU work of a download, done in a worker process (see pool): writing the Excel file, rendering
list and label HTML with the QR codes, xhtml2pdf, joining the parts of a background PDF.

Everything here is a plain function of plain values (rows as dicts, columns as tuples, paths), so it can
be sent to another process and tested alone. Nothing here touches the database or the event loop.
"""

from __future__ import annotations

import io
import os
import pickle
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from portal.settings import ROOT

ROWS_PER_TABLE = 40  # xhtml2pdf is much faster on many short tables than on one long one
LABELS_PER_PAGE = 21
PROGRESS_EVERY = 1000  # Excel rows between two progress notes

# A cell starting with one of these is a formula (or becomes one when edited or saved as CSV).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class ExportColumn:
    """A column as a download writes it: the list's header, the row key for PDF text, the row key for
    Excel (a real date rather than its text) and the Excel width."""

    label: str
    key: str
    export_key: str
    width: int


@dataclass
class PdfHeader:
    title: str
    organisation: str
    account: str
    made_at: str
    filters: list[tuple[str, str]]
    total: int
    unit: str  # what the rows are, in the plural ("hulpmiddelen")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is stored as text with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def worker_started(parent: int) -> None:
    """Pool initializer: a worker gives way to the process that answers requests (2 cores, shared), and
    ends when that process has gone (killed, it cannot tell its workers; they would wait for ever)."""
    try:
        os.nice(10)
    except OSError:  # not allowed here: the pool's bound still holds
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="parent watch", daemon=True).start()


def worker_pid() -> int:
    return os.getpid()


# Excel -----------------------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_spool(spool: Path) -> Iterator[list[dict]]:
    """The batches of rows the event loop wrote to `spool`, one pickle per batch."""
    with spool.open("rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


def write_excel(spool: Path, target: Path, columns: list[ExportColumn], title: str,
                progress: Path | None = None) -> int:
    """The rows of `spool` as a write-only workbook at `target` (memory stays flat); returns the row
    count. Every PROGRESS_EVERY rows the count so far goes to `progress` for the progress bar."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns):
        sheet.column_dimensions[_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    keys = [column.export_key for column in columns]
    rows = noted = 0
    for batch in read_spool(spool):
        for row in batch:
            sheet.append([neutralise(row[key]) for key in keys])
        rows += len(batch)
        if progress is not None and rows - noted >= PROGRESS_EVERY:
            progress.write_text(str(rows))
            noted = rows
    if rows:
        sheet.auto_filter.ref = f"A1:{_column_letter(len(columns) - 1)}{rows + 1}"
    workbook.save(target)
    if progress is not None:
        progress.write_text(str(rows))
    return rows


# PDF -------------------------------------------------------------------------------------------------


def _chunks(rows: list, size: int) -> list[list]:
    return [rows[i:i + size] for i in range(0, len(rows), size)]


@lru_cache(maxsize=1)
def environment():
    """The export templates with the portal's translations and filters, once per worker process."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from portal import i18n

    def gettext(message: str, **variables: object) -> str:
        text = i18n.gettext(message)
        return text % variables if variables else text

    env = Environment(loader=FileSystemLoader(ROOT / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=gettext, gettext=gettext)
    env.filters.update(number=i18n.format_number, day=i18n.format_day)
    return env


def list_html(header: PdfHeader, columns: list[ExportColumn], rows: list[dict], part: int = 0) -> str:
    widths = [column.width for column in columns]
    percents = [round(100 * width / sum(widths)) for width in widths]
    return environment().get_template("exports/list.html").render(
        header=header, columns=list(zip(columns, percents)), tables=_chunks(rows, ROWS_PER_TABLE), part=part)


def labels_html(header: PdfHeader, rows: list[dict]) -> str:
    """Labels of rows that carry their object page's full link in "link" (a QR code per label)."""
    import segno

    labels = [{**row, "qr": segno.make(row["link"], error="m").png_data_uri(scale=4, border=1)} for row in rows]
    pages = [_chunks(page, 3) for page in _chunks(labels, LABELS_PER_PAGE)]
    return environment().get_template("exports/labels.html").render(header=header, pages=pages)


def render_pdf(html: str) -> bytes:
    from xhtml2pdf import pisa

    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"xhtml2pdf reported {result.err} error(s)")
    return out.getvalue()


def write_pdf(kind: str, header: PdfHeader, columns: list[ExportColumn], rows: list[dict], target: Path,
              part: int = 0) -> int:
    """A list ("pdf") or a label sheet ("labels") of `rows` as a PDF at `target`; returns its size."""
    html = labels_html(header, rows) if kind == "labels" else list_html(header, columns, rows, part)
    data = render_pdf(html)
    target.write_bytes(data)
    return len(data)


def join_parts(parts: list[Path], target: Path) -> int:
    """The parts of a background PDF as one file, streamed (see merge); the parts are removed."""
    if len(parts) == 1:
        parts[0].replace(target)
        return 1
    # Imported here: the app process imports this module for its plain helpers, and pypdf alone is about
    # 20 MB of its memory; only the worker processes join PDFs.
    from portal.domain.exports.merge import merge_pdfs

    pages = merge_pdfs(parts, target)
    for part in parts:
        part.unlink(missing_ok=True)
    return pages
