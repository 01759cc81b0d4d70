"""Sorting (AST-3) and paging of Mijn hulpmiddelen: every sort both ways, stable on ties, and pages that
add up to the whole list forwards and backwards, also from the last page."""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta

import pytest

from portal.domain.assets import fleet, keyset
from portal.domain.assets.keyset import NAME_SORTS
from tests import asset_factories as af
from tests import factories
from tests.assets.conftest import all_pages, messages, object_numbers, pager
from tests.helpers import login

SORTS = ["objectnummer", "categorie", "subcategorie", "type", "locatie", "afdeling", "datum"]


def _key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


@pytest.fixture
async def big_fleet(monkeypatch):
    """40 aids over three locations, five types and departments with equal names, so every sort has
    ties; pages of 7 rows."""
    monkeypatch.setattr(fleet, "PAGE_SIZE", 7)
    rng = random.Random(7)
    org = await factories.organisation()
    locations = [await factories.location(org, name) for name in ("Zorgcentrum Één", "Akkerhof", "ééndracht")]
    departments = {loc.id: [await factories.department(loc, "Afdeling 1"), await factories.department(loc, "Begane grond")]
                   for loc in locations}
    cat = await af.catalogue()
    extra = await af.product_type(await af.subcategory(cat["hoists"], "Actieve tillift"), "Alpha Kinetic", "Other")
    types = [cat["sb755"], cat["alpha"], cat["lowbed"], cat["birdie"], extra]
    rows = []
    for n in range(40):
        loc = rng.choice(locations)
        dept = rng.choice(departments[loc.id] + [None])
        rented = rng.random() < 0.5
        start = date(2025, 1, 1) + timedelta(days=rng.choice([0, 10, 10, 40])) if rented else None
        aid = await af.asset(org, loc, rng.choice(types), department=dept, object_number=f"A{rng.randrange(10**6):06d}-{n}",
                             ownership="rented" if rented else "owned", rental_start=start)
        rows.append(aid)
    await factories.account(org, "admin", email="beheer@groot.nl")
    names = {}
    for table_rows, key in ((locations, "location"), ([d for ds in departments.values() for d in ds], "department")):
        names[key] = {row.id: row.name for row in table_rows}
    from portal.tables import Category, ProductType, Subcategory

    names["category"] = {r["id"]: r["name"] for r in await Category.select()}
    names["subcategory"] = {r["id"]: r["name"] for r in await Subcategory.select()}
    names["product_type"] = {r["id"]: r["name"] for r in await ProductType.select()}
    return rows, names


def expected(rows, names, sort: str, descending: bool) -> list[str]:
    column = NAME_SORTS.get(sort)
    if sort == "objectnummer":
        ordered = sorted(rows, key=lambda a: a.object_number.encode(), reverse=descending)
        return [a.object_number for a in ordered]
    if sort == "datum":
        dated = sorted([a for a in rows if a.rental_start], key=lambda a: (a.rental_start, a.id), reverse=descending)
        undated = sorted([a for a in rows if not a.rental_start], key=lambda a: a.id, reverse=descending)
        return [a.object_number for a in dated + undated]
    with_value = [a for a in rows if getattr(a, column) is not None]
    without = [a for a in rows if getattr(a, column) is None]
    key = lambda a: (_key(names[column][getattr(a, column)]), getattr(a, column), a.id)  # noqa: E731
    ordered = sorted(with_value, key=key, reverse=descending) + sorted(without, key=lambda a: a.id, reverse=descending)
    return [a.object_number for a in ordered]


@pytest.mark.parametrize("descending", [False, True], ids=["oplopend", "aflopend"])
@pytest.mark.parametrize("sort", SORTS)
async def test_every_sort_orders_the_whole_list_over_all_pages(client, big_fleet, sort, descending):
    rows, names = big_fleet
    await login(client, "beheer@groot.nl")
    sort_param = ("-" if descending else "") + sort
    assert await all_pages(client, f"/hulpmiddelen?sorteren={sort_param}") == expected(rows, names, sort, descending)


@pytest.mark.parametrize("sort", ["objectnummer", "type", "afdeling", "-datum"])
async def test_walking_back_from_the_last_page_gives_the_same_list(client, big_fleet, sort):
    rows, names = big_fleet
    await login(client, "beheer@groot.nl")
    forwards = await all_pages(client, f"/hulpmiddelen?sorteren={sort}")
    response = await client.get(f"/hulpmiddelen?sorteren={sort}&pagina=laatste")
    assert "next" not in pager(response.text) and "last" not in pager(response.text)
    pages = [object_numbers(response.text)]
    while "prev" in pager(response.text):
        response = await client.get(pager(response.text)["prev"])
        pages.insert(0, object_numbers(response.text))
    assert "first" not in pager(response.text)  # back on the first page, which is always a full one
    assert all(len(page) == 7 for page in pages)
    assert pages[0] == forwards[:7]
    rest = [n for page in pages[1:] for n in page]
    assert rest == forwards[-len(rest):]  # each page continues exactly where the one before it began
    assert len(rest) + 7 >= len(forwards)  # nothing skipped


async def test_the_last_page_holds_the_last_rows(client, big_fleet):
    rows, names = big_fleet
    await login(client, "beheer@groot.nl")
    response = await client.get("/hulpmiddelen?sorteren=-locatie&pagina=laatste")
    assert object_numbers(response.text) == expected(rows, names, "locatie", True)[-7:]
    links = pager(response.text)
    assert set(links) == {"first", "prev"}


async def test_the_pager_keeps_the_filters_and_the_sort(client, big_fleet):
    await login(client, "beheer@groot.nl")
    response = await client.get("/hulpmiddelen?eigendom=owned&sorteren=-type")
    next_url = pager(response.text)["next"]
    assert "eigendom=owned" in next_url and "sorteren=-type" in next_url and "na=" in next_url
    second = await client.get(next_url, headers={"HX-Request": "true"})
    assert second.headers["hx-push-url"] == next_url


async def test_a_cursor_past_the_end_shows_the_last_page_with_a_message(client, big_fleet):
    rows, names = big_fleet
    await login(client, "beheer@groot.nl")
    last = max(rows, key=lambda a: a.object_number)
    cursor = keyset.Cursor("all", (last.object_number + "Z",)).encode()
    response = await client.get(f"/hulpmiddelen?na={cursor}")
    assert response.status_code == 200
    assert object_numbers(response.text) == expected(rows, names, "objectnummer", False)[-7:]
    assert messages(response.text) == ["U was voorbij de laatste pagina; u ziet de laatste pagina."]


async def test_a_cursor_of_another_sort_starts_at_the_first_page(client, big_fleet):
    rows, names = big_fleet
    await login(client, "beheer@groot.nl")
    response = await client.get("/hulpmiddelen?sorteren=type")
    next_url = pager(response.text)["next"]
    other = next_url.replace("sorteren=type", "sorteren=datum")
    response = await client.get(other)
    assert response.status_code == 200
    assert object_numbers(response.text) == expected(rows, names, "datum", False)[:7]
    assert messages(response.text) == ["Deze pagina bestaat niet meer; u ziet de eerste pagina."]


async def test_sort_headers_toggle_the_direction_and_say_which_is_active(client, big_fleet):
    await login(client, "beheer@groot.nl")
    html = (await client.get("/hulpmiddelen?sorteren=categorie")).text
    assert 'aria-sort="ascending"' in html
    assert 'href="/hulpmiddelen?sorteren=-categorie"' in html
    assert 'href="/hulpmiddelen?sorteren=locatie"' in html
    html = (await client.get("/hulpmiddelen?sorteren=-categorie")).text
    assert 'aria-sort="descending"' in html
    assert 'href="/hulpmiddelen"' in html  # objectnummer ascending is the default


async def test_the_count_stops_at_the_cap(client, big_fleet, monkeypatch):
    rows, _names = big_fleet
    monkeypatch.setattr(fleet, "COUNT_CAP", 30)
    await login(client, "beheer@groot.nl")
    html = (await client.get("/hulpmiddelen")).text
    assert "Meer dan 30 hulpmiddelen gevonden" in html
    owned = len([a for a in rows if a.ownership == "owned"])
    assert owned <= 30
    html = (await client.get("/hulpmiddelen?eigendom=owned")).text
    assert f"{owned} hulpmiddelen gevonden" in html and "Meer dan" not in html
