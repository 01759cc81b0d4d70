"""The filters of Mijn hulpmiddelen (AST-2): each alone, combined, the dependent lists, and bad input
that gives the normal page with a message instead of an error."""

from __future__ import annotations

import base64

import pytest

from tests.assets.conftest import messages, object_numbers, options, selected
from tests.helpers import login


@pytest.fixture
async def admin(client, fleet):
    await login(client, "admin@noord.nl")
    return client


async def numbers(client, query: str) -> list[str]:
    response = await client.get(f"/hulpmiddelen?{query}")
    assert response.status_code == 200
    return object_numbers(response.text)


async def test_location_filter(admin, fleet):
    assert await numbers(admin, f"locatie={fleet.south.id}") == ["HB3001", "HB3002", "HB3003", "XY0001"]


async def test_department_filter(admin, fleet):
    assert await numbers(admin, f"locatie={fleet.north.id}&afdeling={fleet.ward_a.id}") == ["HB1001", "HB1003"]


async def test_a_department_alone_implies_its_location(admin, fleet):
    response = await admin.get(f"/hulpmiddelen?afdeling={fleet.ward_s.id}")
    assert object_numbers(response.text) == ["HB3001", "HB3002", "XY0001"]
    assert selected(response.text, "f-locatie") == str(fleet.south.id)


@pytest.mark.parametrize("status, expected", [
    ("depot", ["HB1002"]), ("in_use", ["HB1001", "HB1003", "HB3002", "HB3003", "XY0001"]),
    ("transport", ["HB3001"]), ("cleaning", ["HB2001"]),
])
async def test_status_filter(admin, fleet, status, expected):
    assert await numbers(admin, f"status={status}") == expected


@pytest.mark.parametrize("typed, expected", [
    ("HB1002", ["HB1002"]),  # exact
    ("HB10", ["HB1001", "HB1002", "HB1003"]),  # start of it
    ("hb 3", ["HB3001", "HB3002", "HB3003"]),  # any case, stray spaces
    ("XY", ["XY0001"]),
    ("1001", []),  # the middle of a number is not the start of it
    ("ZZ", []),
])
async def test_object_number_filter_matches_the_number_or_its_start(admin, fleet, typed, expected):
    assert await numbers(admin, f"objectnummer={typed}") == expected


async def test_category_subcategory_and_type_filters(admin, fleet):
    cat = fleet.cat
    assert await numbers(admin, f"categorie={cat['hoists'].id}") == ["HB1003", "HB3002"]
    assert await numbers(admin, f"categorie={cat['beds'].id}&subcategorie={cat['bed_low'].id}") == ["HB2001", "XY0001"]
    assert await numbers(
        admin, f"categorie={cat['beds'].id}&subcategorie={cat['bed_electric'].id}&type={cat['alpha'].id}"
    ) == ["HB1002", "HB3003"]


async def test_owned_or_rented_filter(admin, fleet):
    assert await numbers(admin, "eigendom=rented") == ["HB1003", "HB2001", "HB3002"]
    assert await numbers(admin, "eigendom=owned") == ["HB1001", "HB1002", "HB3001", "HB3003", "XY0001"]


async def test_rental_start_from_and_to(admin, fleet):
    assert await numbers(admin, "huur_van=2026-01-01") == ["HB1003", "HB2001"]
    assert await numbers(admin, "huur_tot=2026-01-15") == ["HB2001", "HB3002"]
    assert await numbers(admin, "huur_van=2026-01-15&huur_tot=2026-01-15") == ["HB2001"]
    assert await numbers(admin, "huur_van=1-12-2025&huur_tot=31-1-2026") == ["HB2001"]  # typed the Dutch way


async def test_filters_combine(admin, fleet):
    query = f"locatie={fleet.south.id}&eigendom=owned&categorie={fleet.cat['beds'].id}&status=in_use"
    assert await numbers(admin, query) == ["HB3003", "XY0001"]


async def test_no_filter_is_everything_the_account_may_see(admin, fleet):
    query = "locatie=&afdeling=&status=&objectnummer=&categorie=&subcategorie=&type=&eigendom=&huur_van=&huur_tot="
    assert len(await numbers(admin, query)) == 8


async def test_the_form_shows_the_chosen_filters_again(admin, fleet):
    html = (await admin.get(f"/hulpmiddelen?locatie={fleet.north.id}&status=depot&objectnummer=hb1&huur_van=2026-02-01")).text
    assert selected(html, "f-locatie") == str(fleet.north.id)
    assert selected(html, "f-status") == "depot"
    assert 'name="objectnummer" type="search" value="HB1"' in html
    assert 'name="huur_van" type="date" value="2026-02-01"' in html


# The filter options ---------------------------------------------------------------------------------


async def test_location_options_are_the_accounts_locations(client, fleet):
    await login(client, "noord@noord.nl")
    html = (await client.get("/hulpmiddelen")).text
    assert [text for _value, text in options(html, "f-locatie")] == ["Huize Noord (Groningen)"]
    # With one location the department list shows its departments at once.
    assert [text for _value, text in options(html, "f-afdeling")] == ["Afdeling A", "Afdeling B"]


async def test_department_options_follow_the_chosen_location(admin, fleet):
    html = (await admin.get("/hulpmiddelen")).text
    assert options(html, "f-afdeling") == []
    assert "Kies eerst een locatie." in html
    html = (await admin.get(f"/hulpmiddelen?locatie={fleet.south.id}")).text
    assert [text for _v, text in options(html, "f-afdeling")] == ["Afdeling Zon"]


async def test_subcategory_and_type_options_follow_the_choice_above(admin, fleet):
    cat = fleet.cat
    html = (await admin.get("/hulpmiddelen")).text
    assert [text for _v, text in options(html, "f-categorie")] == ["Bedden", "Tilliften"]
    assert options(html, "f-subcategorie") == [] and options(html, "f-type") == []
    html = (await admin.get(f"/hulpmiddelen?categorie={cat['beds'].id}")).text
    assert [text for _v, text in options(html, "f-subcategorie")] == ["Bed hoog/laag elektrisch", "Laagbed"]
    html = (await admin.get(f"/hulpmiddelen?categorie={cat['beds'].id}&subcategorie={cat['bed_electric'].id}")).text
    assert [text for _v, text in options(html, "f-type")] == ["Alpha Kinetic (Hermann)", "SB755 (Invacare)"]


async def test_the_filter_fragment_refreshes_the_dependent_lists(admin, fleet):
    cat = fleet.cat
    headers = {"HX-Request": "true", "HX-Trigger-Name": "categorie"}
    # A new category: the old subcategory and type are cleared, the new subcategories offered.
    query = f"categorie={cat['hoists'].id}&subcategorie={cat['bed_electric'].id}&type={cat['sb755'].id}&status=depot"
    response = await admin.get(f"/hulpmiddelen/filters?{query}", headers=headers)
    assert response.status_code == 200
    assert response.text.lstrip().startswith("{#") is False and "<html" not in response.text
    assert [text for _v, text in options(response.text, "f-subcategorie")] == ["Tillift mobiel"]
    assert selected(response.text, "f-subcategorie") == "" and options(response.text, "f-type") == []
    assert selected(response.text, "f-status") == "depot"  # other choices stay
    headers["HX-Trigger-Name"] = "locatie"
    response = await admin.get(f"/hulpmiddelen/filters?locatie={fleet.south.id}&afdeling={fleet.ward_a.id}", headers=headers)
    assert [text for _v, text in options(response.text, "f-afdeling")] == ["Afdeling Zon"]
    assert selected(response.text, "f-afdeling") == ""


async def test_the_filter_fragment_without_htmx_is_the_list(admin, fleet):
    response = await admin.get(f"/hulpmiddelen/filters?status=depot")
    assert response.status_code == 302 and response.headers["location"] == "/hulpmiddelen?status=depot"


# Bad input: the normal page with a message, or the nearest valid result -------------------------------


async def test_a_date_that_is_not_a_date_gives_a_message_and_keeps_the_other_filters(admin, fleet):
    for headers in ({}, {"HX-Request": "true"}):
        response = await admin.get("/hulpmiddelen?huur_van=31-02-2026&eigendom=rented", headers=headers)
        assert response.status_code == 200
        assert object_numbers(response.text) == ["HB1003", "HB2001", "HB3002"]
        assert "'31-02-2026' is geen datum." in messages(response.text)[0]
    html = (await admin.get("/hulpmiddelen?huur_tot=morgen")).text
    assert 'value="morgen"' in html and 'aria-invalid="true"' in html


async def test_dates_the_wrong_way_round_are_swapped(admin, fleet):
    response = await admin.get("/hulpmiddelen?huur_van=2026-01-31&huur_tot=2025-12-01")
    assert object_numbers(response.text) == ["HB2001"]
    assert messages(response.text) == ["De begindatum lag na de einddatum; de twee zijn omgewisseld."]


async def test_a_department_of_another_location_is_ignored_with_a_message(admin, fleet):
    response = await admin.get(f"/hulpmiddelen?locatie={fleet.north.id}&afdeling={fleet.ward_s.id}")
    assert response.status_code == 200
    assert object_numbers(response.text) == ["HB1001", "HB1002", "HB1003", "HB2001"]
    assert messages(response.text) == [
        "De gekozen afdeling hoort niet bij de gekozen locatie; er is niet op afdeling gefilterd."]


async def test_a_location_outside_the_accounts_scope_is_ignored_with_a_message(client, fleet):
    await login(client, "noord@noord.nl")
    for location in (fleet.south.id, 999999, "abc", "-1"):
        response = await client.get(f"/hulpmiddelen?locatie={location}")
        assert response.status_code == 200
        assert object_numbers(response.text) == ["HB1001", "HB1002", "HB1003", "HB2001"]
        assert "De gekozen locatie hoort niet bij uw locaties" in messages(response.text)[0]


def _token(json_text: str) -> str:
    """A cursor as the list writes them (urlsafe base64 of JSON), holding whatever JSON we like."""
    return base64.urlsafe_b64encode(json_text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("query, message", [
    ("status=kapot", "Onbekende status"),
    ("categorie=999999", "Onbekende categorie"),
    ("subcategorie=x", "Onbekende subcategorie"),
    ("type=999999", "Onbekend type"),
    ("eigendom=geleend", "Kies bij eigendom of huur"),
    ("sorteren=prijs", "Op 'prijs' kan niet worden gesorteerd"),
    ("pagina=9999", "Deze pagina bestaat niet"),
    ("na=nonsense", "Deze pagina bestaat niet meer"),
    ("voor=eyJ4IjoxfQ", "Deze pagina bestaat niet meer"),
    # Cursors that used to end in a 500 (OverflowError, UnicodeEncodeError, RecursionError):
    ("sorteren=categorie&na=WzEsIFsxMDAwMDAwMDAwMDAwMDAwMDAwMDBdXQ", "Deze pagina bestaat niet meer"),
    ("na=" + _token('["all", ["\\ud800"]]'), "Deze pagina bestaat niet meer"),
    ("na=" + _token("[" * 5000 + "]" * 5000), "Deze pagina bestaat niet meer"),
    ("sorteren=datum&voor=" + _token('["dated", ["2026-01-01", 99999999999999999999999]]'), "Deze pagina bestaat niet meer"),
    ("na=" + _token('["all", [1.5e308]]'), "Deze pagina bestaat niet meer"),
    ("na=" + _token('[true, [1]]'), "Deze pagina bestaat niet meer"),
])
async def test_unknown_values_give_the_whole_list_with_a_message(admin, fleet, query, message):
    for headers in ({}, {"HX-Request": "true"}):
        response = await admin.get(f"/hulpmiddelen?{query}", headers=headers)
        assert response.status_code == 200, query
        assert len(object_numbers(response.text)) == 8
        assert any(m.startswith(message) for m in messages(response.text)), messages(response.text)


async def test_a_subcategory_of_another_category_is_dropped_with_a_message(admin, fleet):
    cat = fleet.cat
    response = await admin.get(f"/hulpmiddelen?categorie={cat['hoists'].id}&subcategorie={cat['bed_low'].id}")
    assert object_numbers(response.text) == ["HB1003", "HB3002"]
    assert "De gekozen subcategorie hoort niet bij de gekozen categorie" in messages(response.text)[0]


async def test_a_type_alone_implies_its_subcategory_and_category(admin, fleet):
    cat = fleet.cat
    response = await admin.get(f"/hulpmiddelen?type={cat['birdie'].id}")
    assert object_numbers(response.text) == ["HB1003", "HB3002"]
    assert selected(response.text, "f-categorie") == str(cat["hoists"].id)
    assert selected(response.text, "f-subcategorie") == str(cat["hoist_mobile"].id)


async def test_overlong_and_odd_text_never_breaks_the_page(admin, fleet):
    for query in ("objectnummer=" + "9" * 500, "objectnummer=%00%27%22<>", "locatie=99999999999999999999",
                  "huur_van=" + "1" * 300, "sorteren=-", "sorteren=--type"):
        response = await admin.get(f"/hulpmiddelen?{query}")
        assert response.status_code == 200, query
