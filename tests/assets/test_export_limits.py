"""Downloads never stall other users (issue 8, items 1 and 3): the CPU work runs in worker processes,
the number at once is capped per account and per process, a download has a maximum size, large Excel
lists are made in the background, and the parts of a background PDF are joined one at a time."""

from __future__ import annotations

import gc
import io
import os
import re
import weakref

import pytest
import segno
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.domain import exports
from portal.domain.exports import limits, merge, pool, work
from portal.tables import ExportJob
from tests.assets.conftest import all_pages
from tests.helpers import login, post_form


def _in_this_process_is_forbidden(*_args, **_kwargs):
    raise AssertionError("export CPU work ran in the process that answers requests")


@pytest.fixture
def cpu_work_forbidden_here(monkeypatch):
    """What an export spends its CPU on (openpyxl, Jinja, QR codes, xhtml2pdf, joining PDFs) fails in
    this process, the one that answers requests; the worker processes have their own, untouched copies.
    A download that still works did its CPU work elsewhere."""
    import openpyxl
    from xhtml2pdf import pisa

    monkeypatch.setattr(openpyxl, "Workbook", _in_this_process_is_forbidden)
    monkeypatch.setattr(pisa, "CreatePDF", _in_this_process_is_forbidden)
    monkeypatch.setattr(segno, "make", _in_this_process_is_forbidden)
    monkeypatch.setattr(work, "environment", _in_this_process_is_forbidden)
    monkeypatch.setattr(merge, "StreamingPdfMerger", _in_this_process_is_forbidden)


async def test_the_worker_is_another_process():
    assert await pool.run(work.worker_pid) != os.getpid()


async def test_excel_pdf_and_labels_are_made_outside_the_event_loops_process(client, fleet, cpu_work_forbidden_here):
    await login(client, "admin@noord.nl")
    for path, media_type in (("/hulpmiddelen/download.xlsx", exports.MEDIA_TYPES["xlsx"]),
                             ("/hulpmiddelen/download.pdf", "application/pdf"),
                             ("/hulpmiddelen/etiketten.pdf", "application/pdf")):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert response.headers["content-type"].startswith(media_type)


async def test_a_background_pdf_is_rendered_and_joined_outside_the_event_loops_process(
        client, fleet, monkeypatch, cpu_work_forbidden_here):
    monkeypatch.setattr(limits, "SYNC_LABELS", 3)
    monkeypatch.setattr(limits, "PART_LABELS", 3)  # three parts, joined at the end
    await login(client, "admin@noord.nl")
    response = await post_form(client, "/hulpmiddelen/downloads", {"soort": "labels"}, token_from="/hulpmiddelen")
    await exports.wait_for_jobs()
    job = await ExportJob.select().first()
    assert job["status"] == "done", job["error"]
    page = await client.get(response.headers["location"])
    pdf = await client.get(re.search(r'href="([^"]+/bestand)"', page.text).group(1))
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 3  # 8 labels in parts of 3: a page each


async def test_a_third_download_of_one_account_at_once_gets_a_dutch_message(client, fleet):
    await login(client, "admin@noord.nl")
    async with limits.sync_slots.hold(fleet.admin.id), limits.sync_slots.hold(fleet.admin.id):
        response = await client.get("/hulpmiddelen/download.pdf")
        assert response.status_code == 429
        assert "text/html" in response.headers["content-type"]
        assert "U heeft al een download in voorbereiding" in response.text
        assert (await client.get("/hulpmiddelen/download.xlsx")).status_code == 429  # every kind counts
    assert (await client.get("/hulpmiddelen/download.pdf")).headers["content-type"] == "application/pdf"


async def test_a_busy_process_says_so_instead_of_queueing_without_end(client, fleet, monkeypatch):
    monkeypatch.setattr(limits, "SYNC_PER_PROCESS", 1)
    await login(client, "admin@noord.nl")
    async with limits.sync_slots.hold(fleet.north_user.id):
        response = await client.get("/hulpmiddelen/etiketten.pdf")
        assert response.status_code == 429
        assert "Er worden nu veel downloads tegelijk gemaakt. Probeer het over een minuut opnieuw." in response.text
    assert limits.sync_slots.total == 0


@pytest.mark.parametrize("kind,path,limit_name", [
    ("labels", "/hulpmiddelen/etiketten.pdf", "MAX_LABELS"),
    ("pdf", "/hulpmiddelen/download.pdf", "MAX_PDF_ROWS"),
])
async def test_a_pdf_past_its_maximum_says_how_to_narrow_the_filter(client, fleet, monkeypatch, kind, path, limit_name):
    monkeypatch.setattr(limits, "SYNC_LABELS", 2)
    monkeypatch.setattr(limits, "SYNC_PDF_ROWS", 2)
    monkeypatch.setattr(limits, limit_name, 5)
    await login(client, "admin@noord.nl")
    page = await client.get(path)
    assert page.status_code == 200
    assert "hoogstens 5 hulpmiddelen" in page.text and "deze selectie bevat er meer" in page.text
    assert "Kies een locatie, afdeling, categorie of status om de selectie kleiner te maken" in page.text
    assert 'name="soort"' not in page.text  # nothing to start
    posted = await post_form(client, "/hulpmiddelen/downloads", {"soort": kind}, token_from="/hulpmiddelen")
    assert posted.status_code == 200 and "hoogstens 5" in posted.text
    assert await ExportJob.count() == 0
    # Narrowed to one location it can be made.
    narrowed = await client.get(f"{path}?locatie={fleet.north.id}")
    assert "hoogstens" not in narrowed.text and 'name="soort"' in narrowed.text


async def test_a_large_excel_list_is_made_in_the_background_with_progress(client, fleet, monkeypatch):
    monkeypatch.setattr(limits, "SYNC_EXCEL_ROWS", 3)
    await login(client, "admin@noord.nl")
    offer = await client.get("/hulpmiddelen/download.xlsx?sorteren=-type")
    assert offer.status_code == 200 and "meer dan 3 hulpmiddelen" in offer.text
    assert 'name="soort" value="xlsx"' in offer.text
    response = await post_form(client, "/hulpmiddelen/downloads", {"soort": "xlsx", "sorteren": "-type"},
                               token_from="/hulpmiddelen")
    assert response.status_code == 303
    await exports.wait_for_jobs()
    page = await client.get(response.headers["location"])
    assert "Excel-lijst" in page.text and "8 hulpmiddelen" in page.text
    link = re.search(r'href="([^"]+/bestand)"', page.text).group(1)
    download = await client.get(link)
    assert download.headers["content-type"] == exports.MEDIA_TYPES["xlsx"]
    assert download.headers["content-disposition"].startswith('attachment; filename="hulpmiddelen-')
    sheet = load_workbook(io.BytesIO(download.content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[0] for row in rows[1:]] == await all_pages(client, "/hulpmiddelen?sorteren=-type")
    job = await ExportJob.select().first()
    assert (job["kind"], job["done"], job["total"]) == ("xlsx", 8, 8)


def test_the_parts_of_a_pdf_are_joined_one_at_a_time(tmp_path, monkeypatch):
    header = work.PdfHeader("Lijst", "Zorggroep Noord", "Beheerder", "1-12-2026 10:00", [], 6, "hulpmiddelen")
    columns = [work.ExportColumn("Objectnummer", "object_number", "object_number", 16)]
    parts = []
    for n in range(3):
        part = tmp_path / f"part-{n}.pdf"
        work.write_pdf("pdf", header, columns, [{"object_number": f"HB{n}00{i}"} for i in (1, 2)], part, n)
        parts.append(part)
    opened: list[weakref.ref] = []

    class WatchedReader(PdfReader):
        def __init__(self, *args, **kwargs):
            gc.collect()
            assert all(ref() is None for ref in opened), "an earlier part is still held in memory"
            super().__init__(*args, **kwargs)
            opened.append(weakref.ref(self))

    monkeypatch.setattr(merge, "PdfReader", WatchedReader)
    target = tmp_path / "all.pdf"
    assert merge.merge_pdfs(parts, target) == 3
    text = "\n".join(page.extract_text() for page in PdfReader(str(target)).pages)
    assert re.findall(r"HB\d{4}", text) == ["HB0001", "HB0002", "HB1001", "HB1002", "HB2001", "HB2002"]
    assert len(opened) == 3
