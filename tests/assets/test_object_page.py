"""The object page (AST-5): every characteristic, location, status, owned or rented with rental data,
the actions the aid allows, and its QR code."""

from __future__ import annotations

import re
from datetime import date

from portal.tables import Depot, RentalReference
from tests import asset_factories as af
from tests import factories
from tests.helpers import login


async def test_the_object_page_shows_every_detail(client, fleet):
    await login(client, "admin@noord.nl")
    aid = await af.asset(fleet.org, fleet.north, fleet.cat["sb755"], department=fleet.ward_b, object_number="HB7777",
                         characteristics={"Maximale belasting": "185 kg", "Matras": "Traagschuim", "Zijhekken": True},
                         serial_number="INV-123-ABC")
    response = await client.get("/hulpmiddelen/HB7777")
    assert response.status_code == 200
    html = response.text
    for text in ("Hulpmiddel HB7777", "Bedden", "Bed hoog/laag elektrisch", "SB755", "Invacare", "INV-123-ABC", "2020",
                 "Maximale belasting", "185 kg", "Traagschuim", "Zijhekken</dt><dd>Ja", "Huize Noord", "Zorgstraat",
                 "Afdeling B", "In gebruik", "Eigendom"):
        assert text in html, text
    assert "Startdatum huur" not in html  # not rented
    assert aid.id


async def test_a_rented_aid_shows_its_rental_data(client, fleet):
    await login(client, "admin@noord.nl")
    from datetime import datetime, timezone

    reference = RentalReference(organisation=fleet.org.id, location=fleet.north.id, reference="Kamer 12",
                                start_date=date(2026, 3, 1), note="Kostenplaats 4410, goederenlift",
                                created_at=datetime.now(timezone.utc))
    await reference.save()
    aid = fleet.aids["n3"]
    aid.rental_reference = reference.id
    await aid.save()
    html = (await client.get("/hulpmiddelen/HB1003")).text
    for text in ("Huur", "Startdatum huur", "1-3-2026", "Kamer 12", "Kostenplaats 4410"):
        assert text in html, text


async def test_an_aid_in_a_depot_shows_the_depot(client, fleet):
    await login(client, "admin@noord.nl")
    depot = Depot(organisation=None, name="HartingBank depot Zwolle", city="Zwolle")
    await depot.save()
    aid = fleet.aids["n2"]
    aid.depot = depot.id
    await aid.save()
    html = (await client.get("/hulpmiddelen/HB1002")).text
    assert "In depot" in html and "HartingBank depot Zwolle" in html


def _actions(html: str) -> list[str]:
    block = html[html.index('<select id="f-actie"'):]
    return re.findall(r'<option value="([a-z_]+)">', block[:block.index("</select>")])


async def test_the_actions_follow_what_the_aid_allows(client, fleet):
    await login(client, "admin@noord.nl")
    assert _actions((await client.get("/hulpmiddelen/HB1001")).text) == ["repair", "relocation", "to_depot"]
    assert _actions((await client.get("/hulpmiddelen/HB1002")).text) == ["repair", "relocation", "from_depot"]
    assert _actions((await client.get("/hulpmiddelen/HB1003")).text) == ["repair", "relocation", "to_depot", "rental_pickup"]


async def test_kies_actie_opens_the_chosen_action_and_refuses_one_the_aid_does_not_allow(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/HB1001/aanvragen?actie=repair")
    assert response.status_code == 200 and "Reparatie" in response.text
    response = await client.get("/hulpmiddelen/HB1001/aanvragen?actie=rental_pickup")
    assert response.status_code == 303 and response.headers["location"] == "/hulpmiddelen/HB1001#acties"
    page = await client.get("/hulpmiddelen/HB1001")
    assert "Deze actie kunt u voor dit hulpmiddel niet aanvragen." in page.text


async def test_the_object_number_is_found_in_any_case(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/hb1001")
    assert response.status_code == 200 and "Hulpmiddel HB1001" in response.text


async def test_the_list_links_to_the_object_page(client, fleet):
    await login(client, "noord@noord.nl")
    html = (await client.get("/hulpmiddelen?objectnummer=HB1001")).text
    assert 'href="/hulpmiddelen/HB1001"' in html
    assert (await client.get("/hulpmiddelen/HB1001")).status_code == 200


async def test_the_qr_code_opens_the_object_page(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/HB1001/qr.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')  # works as an <img>
    assert "<title>QR-code van HB1001</title>" in response.text
    import segno  # what the code says: the object page on the portal's own address

    expected = segno.make("http://testserver/hulpmiddelen/HB1001", error="m").matrix
    assert _modules(response.text) == [[bool(v) for v in row] for row in expected]
    page = (await client.get("/hulpmiddelen/HB1001")).text
    assert 'src="/hulpmiddelen/HB1001/qr.svg"' in page


async def test_unknown_object_numbers_are_not_found(client, fleet):
    await login(client, "admin@noord.nl")
    for path in ("/hulpmiddelen/HB9999", "/hulpmiddelen/HB9999/qr.svg", "/hulpmiddelen/HB9999/historie",
                 "/hulpmiddelen/%20", "/hulpmiddelen/" + "X" * 200):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert "Pagina niet gevonden" in response.text


async def test_role_7_without_anything_but_the_fleet_still_sees_the_object_page(client, fleet):
    await factories.account(fleet.org, "7", locations=[fleet.south], email="zeven@noord.nl")
    await login(client, "zeven@noord.nl")
    assert (await client.get("/hulpmiddelen/HB3001")).status_code == 200
    assert (await client.get("/hulpmiddelen/HB1001")).status_code == 404  # another location


def _modules(svg: str) -> list[list[bool]]:
    """The dark modules an SVG of segno draws (one path of horizontal runs), as a matrix."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // 4 - 8  # quiet zone of 4 modules each side
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                grid[int(y) - 4][column - 4] = True
            x += float(a)
    return grid
