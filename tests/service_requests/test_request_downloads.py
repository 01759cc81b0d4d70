"""Downloads of Planning and Mijn acties (PLN-1, PLN-2): Excel and PDF of the whole filtered and sorted
list, within the account's scope, with the fleet's caps and background jobs."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.domain import exports
from tests.helpers import post_form
from tests.service_requests.conftest import listed_numbers, signed_in

NUMBER = re.compile(r"SRV-\d{4}-\d{6}")


def _sheet(response) -> list[list]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return [list(row) for row in load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(
        values_only=True)]


def _pdf_numbers(response) -> list[str]:
    assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.text[:300]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return NUMBER.findall(text)


@pytest.mark.parametrize("path", ["/profile/planning", "/acties"])
@pytest.mark.parametrize("query", ["", "sorteren=-locatie", "sorteren=soort"])
async def test_the_excel_holds_the_rows_of_the_list_in_its_order(client, work, path, query):
    await signed_in(client, work.care.admin)
    shown = listed_numbers((await client.get(f"{path}?{query}")).text)
    rows = _sheet(await client.get(f"{path}/download.xlsx?{query}"))
    assert rows[0][0] == "Ordernummer"
    assert [row[0] for row in rows[1:]] == shown and shown


@pytest.mark.parametrize("path", ["/profile/planning", "/acties"])
async def test_the_pdf_holds_the_rows_of_the_list_and_its_filters(client, work, path):
    care = work.care
    await signed_in(client, care.admin)
    query = f"locatie={care.linde.id}&sorteren=-locatie"
    shown = listed_numbers((await client.get(f"{path}?{query}")).text)
    assert _pdf_numbers(await client.get(f"{path}/download.pdf?{query}")) == shown and shown


@pytest.mark.parametrize("path", ["/profile/planning", "/acties"])
async def test_downloads_stay_in_the_scope_of_the_account(client, work, path):
    # Nina has De Linde only: Het Baken's inspection and the other organisation's repair are not hers.
    await signed_in(client, work.care.nurse)
    numbers = [row[0] for row in _sheet(await client.get(f"{path}/download.xlsx"))[1:]]
    assert work.inspection_planned.number not in numbers and work.other_planned.number not in numbers
    assert work.repair_planned.number in numbers
    # A location outside her scope in the address is left out, not obeyed.
    numbers = [row[0] for row in _sheet(await client.get(f"{path}/download.xlsx?locatie={work.care.baken.id}"))[1:]]
    assert work.inspection_planned.number not in numbers
    assert _pdf_numbers(await client.get(f"{path}/download.pdf")) == listed_numbers((await client.get(path)).text)


async def test_the_list_page_links_its_downloads_with_its_filters(client, work):
    await signed_in(client, work.care.admin)
    html = (await client.get("/acties?soort=repair&sorteren=soort")).text
    assert 'href="/acties/download.xlsx?sorteren=soort"' in html  # Mijn acties has no kind filter: dropped
    html = (await client.get("/profile/planning?soort=repair")).text
    assert 'href="/profile/planning/download.xlsx?soort=repair&amp;sorteren=-datum"' in html
    assert 'href="/profile/planning/download.pdf?soort=repair&amp;sorteren=-datum"' in html


async def test_a_large_pdf_of_planning_is_made_in_the_background(client, work, monkeypatch):
    monkeypatch.setattr(exports.limits, "SYNC_PDF_ROWS", 2)
    monkeypatch.setattr(exports.limits, "PART_ROWS", 2)
    await signed_in(client, work.care.admin)
    offer = await client.get("/profile/planning/download.pdf")
    assert offer.status_code == 200
    assert "meer dan 2 acties" in offer.text and 'action="/profile/planning/downloads"' in offer.text
    assert "Terug naar Planning" in offer.text
    response = await post_form(client, "/profile/planning/downloads", {"soort": "pdf"},
                               token_from="/profile/planning/download.pdf")
    assert response.status_code == 303
    await exports.wait_for_jobs()
    page = await client.get(response.headers["location"])
    link = re.search(r'href="(/hulpmiddelen/downloads/[^"]+/bestand)"', page.text)
    assert link, page.text
    assert _pdf_numbers(await client.get(link.group(1))) == listed_numbers((await client.get("/profile/planning")).text)
