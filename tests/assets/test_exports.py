"""Downloads of Mijn hulpmiddelen (AST-4, AST-5): Excel and PDF of the whole filtered and sorted list,
label sheets with QR codes, and large PDFs built in the background."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.domain import assets as fleet_domain
from portal.domain import exports
from tests import asset_factories as af
from tests import factories
from tests.assets.conftest import all_pages
from tests.helpers import login, post_form


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("query", [
    "", "sorteren=-type", "status=in_use&sorteren=locatie", "eigendom=rented&sorteren=-datum", "objectnummer=HB1",
])
async def test_the_excel_download_holds_exactly_the_rows_of_the_filtered_list(client, fleet, monkeypatch, query):
    monkeypatch.setattr(fleet_domain, "PAGE_SIZE", 3)  # the list over several pages, the download in one go
    await login(client, "admin@noord.nl")
    listed = await all_pages(client, f"/hulpmiddelen?{query}")
    rows = _sheet(await client.get(f"/hulpmiddelen/download.xlsx?{query}"))
    assert rows[0][:3] == ["Objectnummer", "Categorie", "Subcategorie"]
    assert [row[0] for row in rows[1:]] == listed


async def test_the_excel_rows_carry_the_columns(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/download.xlsx?objectnummer=HB1003")
    assert response.headers["content-disposition"].startswith('attachment; filename="hulpmiddelen-')
    header, row = _sheet(response)
    # The list's declared export columns, every one of them (one declaration: a new column needs no copy).
    assert header == [column.label for column in fleet_domain.FLEET_LISTING.export_columns]
    assert dict(zip(header, row)) == {
        "Objectnummer": "HB1003", "Categorie": "Tilliften", "Subcategorie": "Tillift mobiel", "Type": "Birdie Evo",
        "Locatie": "Huize Noord", "Afdeling": "Afdeling A", "Status": "In gebruik", "Eigendom of huur": "Huur",
        "Startdatum huur": row[8],
    }
    assert row[8].date() == date(2026, 3, 1)  # a real date cell, so Excel sorts and filters it as one


async def test_text_that_would_be_a_formula_is_neutralised(client, fleet):
    await login(client, "admin@noord.nl")
    evil = await factories.location(fleet.org, '=HYPERLINK("http://evil.example","Klik")')
    for name in ("+31 6 1234", "-2+3", "@SUM(A1)"):
        await factories.department(evil, name)
    from portal.tables import Department

    departments = await Department.objects().where(Department.location == evil.id)
    for n, department in enumerate(departments):
        await af.asset(fleet.org, evil, fleet.cat["sb755"], department=department, object_number=f"EV{n}")
    response = await client.get(f"/hulpmiddelen/download.xlsx?locatie={evil.id}")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [row for row in workbook.active.iter_rows(min_row=2)]
    assert {row[4].value for row in cells} == {"'" + '=HYPERLINK("http://evil.example","Klik")'}  # Locatie
    assert {row[5].value for row in cells} == {"'+31 6 1234", "'-2+3", "'@SUM(A1)"}  # Afdeling
    assert all(cell.data_type == "s" for row in cells for cell in row[4:6])


def test_neutralise_leaves_ordinary_values_alone():
    assert exports.neutralise("Huize Noord") == "Huize Noord"
    assert exports.neutralise(42) == 42 and exports.neutralise(None) is None
    assert exports.neutralise("=1+1") == "'=1+1"
    assert exports.neutralise("\t=1") == "'\t=1"


async def test_the_pdf_holds_the_filtered_and_sorted_list(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get(f"/hulpmiddelen/download.pdf?locatie={fleet.south.id}&sorteren=-type")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('attachment; filename="hulpmiddelen-')
    text = _pdf_text(response.content)
    assert "Mijn hulpmiddelen" in text and "Zorggroep Noord" in text and "Huize Zuid" in text
    found = re.findall(r"\b(?:HB|XY|OO)\d{4}\b", text)
    assert found == ["HB3001", "XY0001", "HB3002", "HB3003"]  # SB755, Floorbed 2, Birdie Evo, Alpha Kinetic


async def test_the_label_sheet_has_a_label_per_aid_of_the_selection(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get(f"/hulpmiddelen/etiketten.pdf?locatie={fleet.north.id}")
    assert response.status_code == 200 and response.headers["content-disposition"].startswith(
        'attachment; filename="etiketten-')
    text = _pdf_text(response.content)
    assert sorted(re.findall(r"\bHB\d{4}\b", text)) == ["HB1001", "HB1002", "HB1003", "HB2001"]
    reader = PdfReader(io.BytesIO(response.content))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 4  # one QR code per label


async def test_a_large_pdf_is_offered_for_the_background_and_built_there(client, fleet, monkeypatch, settings):
    monkeypatch.setattr(exports.limits, "SYNC_PDF_ROWS", 3)
    monkeypatch.setattr(exports.limits, "PART_ROWS", 3)  # several parts, merged at the end
    await login(client, "admin@noord.nl")
    offer = await client.get("/hulpmiddelen/download.pdf?sorteren=locatie")
    assert offer.status_code == 200
    assert "meer dan 3 hulpmiddelen" in offer.text and 'action="/hulpmiddelen/downloads"' in offer.text
    response = await post_form(client, "/hulpmiddelen/downloads", {"soort": "pdf", "sorteren": "locatie"},
                               token_from="/hulpmiddelen/download.pdf?sorteren=locatie")
    assert response.status_code == 303
    job_url = response.headers["location"]
    assert job_url.startswith("/hulpmiddelen/downloads/")
    await exports.wait_for_jobs()
    page = await client.get(job_url)
    link = re.search(r'href="(/hulpmiddelen/downloads/[^"]+/bestand)"', page.text)
    assert link, page.text
    pdf = await client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "8 hulpmiddelen" in page.text
    listed = await all_pages(client, "/hulpmiddelen?sorteren=locatie")
    assert re.findall(r"\b(?:HB|XY)\d{4}\b", _pdf_text(pdf.content)) == listed
    # The user can leave and find it again, on the list page too.
    assert link.group(1) in (await client.get("/hulpmiddelen/downloads")).text
    assert link.group(1) in (await client.get("/hulpmiddelen")).text


async def test_the_progress_of_a_job_is_shown_while_it_is_made(client, fleet, monkeypatch):
    monkeypatch.setattr(exports.limits, "SYNC_PDF_ROWS", 3)
    await login(client, "admin@noord.nl")
    from datetime import datetime, timezone

    from portal.tables import Account, ExportJob

    admin = await Account.objects().where(Account.email == "admin@noord.nl").first()
    now = datetime.now(timezone.utc)
    await ExportJob(token="lopend-123", account=admin.id, organisation=fleet.org.id, kind="pdf", status="running",
                    total=2000, done=500, created_at=now, updated_at=now).save()
    html = (await client.get("/hulpmiddelen/downloads/lopend-123")).text
    assert '<progress id="progress-lopend-123" value="500" max="2000">' in html
    assert 'hx-trigger="every 2s"' in html
    fragment = await client.get("/hulpmiddelen/downloads/lopend-123", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "500 van 2.000" in fragment.text
    # A second request while this one is being made gives this one back.
    response = await post_form(client, "/hulpmiddelen/downloads", {"soort": "pdf"}, token_from="/hulpmiddelen/download.pdf")
    assert response.headers["location"] == "/hulpmiddelen/downloads/lopend-123"


async def test_a_job_that_stopped_moving_is_shown_as_failed(client, fleet):
    await login(client, "admin@noord.nl")
    from datetime import datetime, timedelta, timezone

    from portal.tables import Account, ExportJob

    admin = await Account.objects().where(Account.email == "admin@noord.nl").first()
    old = datetime.now(timezone.utc) - timedelta(minutes=30)
    await ExportJob(token="dood-1", account=admin.id, organisation=fleet.org.id, kind="pdf", status="running",
                    total=2000, done=500, created_at=old, updated_at=old).save()
    html = (await client.get("/hulpmiddelen/downloads/dood-1")).text
    assert "Het maken is onderbroken" in html and "every 2s" not in html


async def test_another_accounts_download_is_not_found(client, fleet, monkeypatch, make_client):
    monkeypatch.setattr(exports.limits, "SYNC_PDF_ROWS", 3)
    await login(client, "admin@noord.nl")
    response = await post_form(client, "/hulpmiddelen/downloads", {"soort": "pdf"}, token_from="/hulpmiddelen/download.pdf")
    job_url = response.headers["location"]
    await exports.wait_for_jobs()
    colleague = make_client()
    await login(colleague, "noord@noord.nl")
    for url in (job_url, job_url + "/bestand"):
        response = await colleague.get(url)
        assert response.status_code == 303 and response.headers["location"] == "/hulpmiddelen/downloads"
    page = await colleague.get("/hulpmiddelen/downloads")
    assert "Deze download bestaat niet (meer)." in page.text
    assert job_url not in page.text


async def test_a_small_selection_posted_for_the_background_is_built_at_once(client, fleet):
    await login(client, "admin@noord.nl")
    response = await post_form(client, "/hulpmiddelen/downloads", {"soort": "labels", "status": "depot"},
                               token_from="/hulpmiddelen")
    assert response.status_code == 303
    assert response.headers["location"] == "/hulpmiddelen/etiketten.pdf?status=depot"


async def test_downloads_follow_the_filters_of_the_page(client, fleet):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen?status=depot&sorteren=-type")).text
    assert 'href="/hulpmiddelen/download.xlsx?status=depot&amp;sorteren=-type"' in html
    assert 'href="/hulpmiddelen/download.pdf?status=depot&amp;sorteren=-type"' in html
    assert 'href="/hulpmiddelen/etiketten.pdf?status=depot&amp;sorteren=-type"' in html
