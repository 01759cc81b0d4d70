"""Shared set-up for the fleet tests: an organisation with two locations, a catalogue and aids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest

from tests import asset_factories as af
from tests import factories


@dataclass
class Fleet:
    org: object
    north: object
    south: object
    ward_a: object
    ward_b: object
    ward_s: object
    cat: dict
    admin: object
    north_user: object
    other_admin: object
    other_aid: object
    aids: dict


@pytest.fixture
async def fleet() -> Fleet:
    """Zorggroep Noord: locations Noord (wards A, B) and Zuid (ward S), eight aids; a role-4 account for
    Noord only; and another organisation with one aid of its own."""
    org = await factories.organisation("Zorggroep Noord")
    north = await factories.location(org, "Huize Noord", city="Groningen")
    south = await factories.location(org, "Huize Zuid", city="Assen")
    ward_a = await factories.department(north, "Afdeling A")
    ward_b = await factories.department(north, "Afdeling B")
    ward_s = await factories.department(south, "Afdeling Zon")
    cat = await af.catalogue()
    aids = {
        "n1": await af.asset(org, north, cat["sb755"], department=ward_a, object_number="HB1001"),
        "n2": await af.asset(org, north, cat["alpha"], department=ward_b, object_number="HB1002", status="depot"),
        "n3": await af.asset(org, north, cat["birdie"], department=ward_a, object_number="HB1003",
                             ownership="rented", rental_start=date(2026, 3, 1)),
        "n4": await af.asset(org, north, cat["lowbed"], object_number="HB2001", status="cleaning",
                             ownership="rented", rental_start=date(2026, 1, 15)),
        "s1": await af.asset(org, south, cat["sb755"], department=ward_s, object_number="HB3001", status="transport"),
        "s2": await af.asset(org, south, cat["birdie"], department=ward_s, object_number="HB3002",
                             ownership="rented", rental_start=date(2025, 11, 20)),
        "s3": await af.asset(org, south, cat["alpha"], object_number="HB3003"),
        "s4": await af.asset(org, south, cat["lowbed"], department=ward_s, object_number="XY0001"),
    }
    admin = await factories.account(org, "admin", email="admin@noord.nl")
    north_user = await factories.account(org, "4", locations=[north], email="noord@noord.nl")
    other = await factories.organisation("Zorggroep Oost")
    other_location = await factories.location(other, "Huize Oost")
    other_admin = await factories.account(other, "admin", email="admin@oost.nl")
    other_aid = await af.asset(other, other_location, cat["sb755"], object_number="OO9001")
    return Fleet(org, north, south, ward_a, ward_b, ward_s, cat, admin, north_user, other_admin, other_aid, aids)


# Reading the fleet pages ---------------------------------------------------------------------------------

ROW_LINK = re.compile(r'<th scope="row" data-label="Objectnummer"><a href="/hulpmiddelen/([^"/]+)">')
PAGER_LINK = re.compile(r'<a href="([^"]+)" rel="(first|prev|next|last)"')
MESSAGE = re.compile(r'<p class="flash flash-info" role="status">([^<]+)</p>')


def object_numbers(html: str) -> list[str]:
    """The object numbers of the list's rows, in order."""
    return ROW_LINK.findall(html)


def pager(html: str) -> dict[str, str]:
    return {rel: unescape(url) for url, rel in PAGER_LINK.findall(html)}


def messages(html: str) -> list[str]:
    return [unescape(m) for m in MESSAGE.findall(html)]


def options(html: str, select_id: str) -> list[tuple[str, str]]:
    """(value, text) of a select's options, the empty "all" option left out."""
    match = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {select_id}"
    return [(value, unescape(text).strip())
            for value, text in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', match.group(1)) if value]


def selected(html: str, select_id: str) -> str:
    match = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {select_id}"
    found = re.search(r'<option value="([^"]*)" selected', match.group(1))
    return found.group(1) if found else ""


async def all_pages(client, url: str, headers: dict | None = None) -> list[str]:
    """Follows "Volgende" from `url` to the end: every object number of the list, in order."""
    numbers: list[str] = []
    seen = 0
    while url:
        response = await client.get(url, headers=headers or {})
        assert response.status_code == 200, url
        numbers += object_numbers(response.text)
        url = pager(response.text).get("next")
        seen += 1
        assert seen < 500, "the pager does not end"
    return numbers
