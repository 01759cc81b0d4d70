"""Departments limit what an account sees (manual, "Toegewezen locaties": "de locaties en afdelingen
waarvoor u de rechten heeft om informatie in te zien"): a location ticked with some of its departments
means those departments plus that location's aids without a department; a location ticked without
departments means all of it. One rule in Scope, for the list, its options, the downloads, the object
page and Mijn account."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from portal.domain.scope import scope_for
from tests import factories
from tests.assets.conftest import messages, object_numbers, options
from tests.helpers import login

# Huize Noord with only Afdeling A ticked (HB1002 stands in Afdeling B), Huize Zuid whole.
SEES = ["HB1001", "HB1003", "HB2001", "HB3001", "HB3002", "HB3003", "XY0001"]
HIDDEN = "HB1002"


@pytest.fixture
async def ward_a_nurse(client, fleet):
    nurse = await factories.account(fleet.org, "4", locations=[fleet.north, fleet.south], departments=[fleet.ward_a],
                                    email="afdeling-a@noord.nl")
    await login(client, nurse.email)
    return nurse


async def test_the_scope_narrows_a_location_to_its_ticked_departments(fleet, ward_a_nurse):
    scope = await scope_for(ward_a_nurse)
    assert scope.locations == {fleet.north.id: frozenset({fleet.ward_a.id}), fleet.south.id: None}
    assert scope.allows(fleet.north.id, fleet.ward_a.id) and scope.allows(fleet.north.id, None)
    assert not scope.allows(fleet.north.id, fleet.ward_b.id)
    assert scope.allows(fleet.south.id, fleet.ward_s.id)


async def test_the_list_shows_the_ticked_departments_and_the_aids_without_one(client, fleet, ward_a_nurse):
    html = (await client.get("/hulpmiddelen")).text
    assert object_numbers(html) == SEES
    html = (await client.get(f"/hulpmiddelen?locatie={fleet.north.id}")).text
    assert object_numbers(html) == ["HB1001", "HB1003", "HB2001"]
    assert [text for _value, text in options(html, "f-afdeling")] == ["Afdeling A"]
    # Sorted by department, the aids without one still come last, and nothing of Afdeling B shows.
    assert object_numbers((await client.get("/hulpmiddelen?sorteren=afdeling")).text) == [
        "HB1001", "HB1003", "HB3001", "HB3002", "XY0001", "HB2001", "HB3003"]


async def test_an_unticked_department_cannot_be_chosen(client, fleet, ward_a_nurse):
    html = (await client.get(f"/hulpmiddelen?afdeling={fleet.ward_b.id}")).text
    assert object_numbers(html) == SEES
    assert "De gekozen afdeling hoort niet bij uw locaties; er is niet op afdeling gefilterd." in messages(html)
    fragment = await client.get(f"/hulpmiddelen/filters?locatie={fleet.north.id}",
                                headers={"HX-Request": "true", "HX-Trigger-Name": "locatie"})
    assert "Afdeling A" in fragment.text and "Afdeling B" not in fragment.text


async def test_an_aid_of_an_unticked_department_is_not_found(client, fleet, ward_a_nurse):
    for path in ("/hulpmiddelen/{n}", "/hulpmiddelen/{n}/historie", "/hulpmiddelen/{n}/qr.svg"):
        assert (await client.get(path.format(n=HIDDEN))).status_code == 404, path
        assert (await client.get(path.format(n="HB2001"))).status_code == 200, path  # no department: visible


async def test_the_downloads_hold_the_same_rows(client, fleet, ward_a_nurse):
    workbook = load_workbook(io.BytesIO((await client.get("/hulpmiddelen/download.xlsx")).content), read_only=True)
    assert [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)] == SEES
    from pypdf import PdfReader

    content = (await client.get("/hulpmiddelen/etiketten.pdf")).content
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert sorted(set(re.findall(r"\b(?:HB|XY)\d{4}\b", text))) == SEES


async def test_mijn_account_shows_the_ticked_departments(client, fleet, ward_a_nurse):
    html = (await client.get("/mijn-account?tab=locaties")).text
    north = html[html.index("Huize Noord"):html.index("Huize Zuid")]
    assert "Afdeling A" in north and "Afdeling B" not in north
    assert "Afdeling Zon" in html[html.index("Huize Zuid"):]
