"""Scope of Mijn hulpmiddelen (AST-6 item, ROLE): only the aids of the account's assigned locations (the
administrator: the whole organisation) in the list, the filter options, the downloads and the object
page; another organisation's object number is not found."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests import asset_factories as af
from tests.assets.conftest import object_numbers, options
from tests.helpers import login

OBJECT_PATHS = ["/hulpmiddelen/{n}", "/hulpmiddelen/{n}/historie", "/hulpmiddelen/{n}/qr.svg",
                "/hulpmiddelen/{n}/historie/SRV-2026-000001", "/hulpmiddelen/{n}/aanvragen?actie=repair"]


@pytest.fixture
async def requests(fleet):
    await af.service_request(fleet.aids["s1"], number="SRV-2026-000001")
    await af.service_request(fleet.other_aid, number="SRV-2026-000002")


async def test_the_administrator_opens_every_aid_of_the_organisation(client, fleet, requests):
    await login(client, "admin@noord.nl")
    for path in OBJECT_PATHS:
        response = await client.get(path.format(n="HB3001"))
        assert response.status_code == 200, path


async def test_a_colleague_of_another_location_gets_not_found(client, fleet, requests):
    await login(client, "noord@noord.nl")
    for path in OBJECT_PATHS:
        response = await client.get(path.format(n="HB3001"))
        assert response.status_code == 404, path
        assert "Pagina niet gevonden" in response.text


async def test_another_organisations_object_number_is_not_found(client, fleet, requests):
    await login(client, "admin@oost.nl")
    assert (await client.get("/hulpmiddelen/OO9001")).status_code == 200  # their own
    for path in OBJECT_PATHS:
        response = await client.get(path.format(n="HB3001"))
        assert response.status_code == 404, path
    assert (await client.get("/hulpmiddelen/OO9001/historie/SRV-2026-000002")).status_code == 200


async def test_the_list_and_its_filter_options_keep_to_the_scope(client, fleet):
    await login(client, "noord@noord.nl")
    html = (await client.get("/hulpmiddelen")).text
    assert object_numbers(html) == ["HB1001", "HB1002", "HB1003", "HB2001"]
    assert [v for v, _t in options(html, "f-locatie")] == [str(fleet.north.id)]
    assert "Afdeling Zon" not in html
    # Asking for the other location's department or the other organisation's number finds nothing more.
    html = (await client.get(f"/hulpmiddelen?afdeling={fleet.ward_s.id}")).text
    assert object_numbers(html) == ["HB1001", "HB1002", "HB1003", "HB2001"]
    assert object_numbers((await client.get("/hulpmiddelen?objectnummer=OO9001")).text) == []
    assert object_numbers((await client.get("/hulpmiddelen?objectnummer=HB3")).text) == []


async def test_the_filter_fragment_keeps_to_the_scope(client, fleet):
    await login(client, "noord@noord.nl")
    response = await client.get(f"/hulpmiddelen/filters?locatie={fleet.south.id}",
                                headers={"HX-Request": "true", "HX-Trigger-Name": "locatie"})
    assert "Afdeling Zon" not in response.text and "Huize Zuid" not in response.text


async def test_other_organisations_see_none_of_the_first(client, fleet):
    await login(client, "admin@oost.nl")
    html = (await client.get("/hulpmiddelen")).text
    assert object_numbers(html) == ["OO9001"]
    assert "Huize Noord" not in html
    html = (await client.get(f"/hulpmiddelen?locatie={fleet.north.id}")).text
    assert object_numbers(html) == ["OO9001"]


async def test_the_downloads_keep_to_the_scope(client, fleet):
    await login(client, "noord@noord.nl")
    workbook = load_workbook(io.BytesIO((await client.get("/hulpmiddelen/download.xlsx")).content), read_only=True)
    numbers = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert numbers == ["HB1001", "HB1002", "HB1003", "HB2001"]
    response = await client.get(f"/hulpmiddelen/download.xlsx?locatie={fleet.south.id}")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len([row for row in workbook.active.iter_rows(min_row=2, values_only=True)]) == 4  # filter dropped
    from pypdf import PdfReader

    for path in ("/hulpmiddelen/download.pdf", "/hulpmiddelen/etiketten.pdf"):
        content = (await client.get(path)).content
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert sorted(set(re.findall(r"\b(?:HB|XY|OO)\d{4}\b", text))) == ["HB1001", "HB1002", "HB1003", "HB2001"], path
