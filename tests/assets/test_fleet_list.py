"""Mijn hulpmiddelen, the list (AST-1): who sees which aids, full page and htmx fragment, no script needed."""

from __future__ import annotations

from tests.assets.conftest import object_numbers
from tests.helpers import login

ALL_OF_NOORD = ["HB1001", "HB1002", "HB1003", "HB2001", "HB3001", "HB3002", "HB3003", "XY0001"]


async def test_administrator_sees_every_aid_of_the_organisation_and_no_other(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen")
    assert response.status_code == 200
    assert object_numbers(response.text) == ALL_OF_NOORD
    assert "8 hulpmiddelen gevonden" in response.text
    assert "OO9001" not in response.text


async def test_role_4_sees_only_the_aids_of_its_assigned_location(client, fleet):
    await login(client, "noord@noord.nl")
    response = await client.get("/hulpmiddelen")
    assert object_numbers(response.text) == ["HB1001", "HB1002", "HB1003", "HB2001"]
    assert "Huize Zuid" not in response.text


async def test_an_account_without_locations_sees_an_empty_list(client, fleet):
    from tests import factories

    await factories.account(fleet.org, "2", email="nergens@noord.nl")
    await login(client, "nergens@noord.nl")
    response = await client.get("/hulpmiddelen")
    assert response.status_code == 200
    assert object_numbers(response.text) == []
    assert "Er zijn geen hulpmiddelen die aan deze filters voldoen." in response.text


async def test_each_row_shows_the_columns_of_the_manual(client, fleet):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen?objectnummer=HB1003")).text
    row = html[html.index('href="/hulpmiddelen/HB1003"'):]
    row = row[:row.index("</tr>")]
    for text in ("Tilliften", "Tillift mobiel", "Birdie Evo", "Huize Noord", "Afdeling A", "In gebruik", "Huur", "1-3-2026"):
        assert text in row


async def test_htmx_gets_the_results_fragment_with_a_clean_url_to_push(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen?locatie=&status=depot&objectnummer=", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="fleet-filters"' not in response.text
    assert object_numbers(response.text) == ["HB1002"]
    assert response.headers["hx-push-url"] == "/hulpmiddelen?status=depot"
    assert "HX-Request" in response.headers["vary"]


async def test_the_full_page_and_the_fragment_show_the_same_rows(client, fleet):
    await login(client, "admin@noord.nl")
    page = await client.get("/hulpmiddelen?sorteren=-locatie")
    fragment = await client.get("/hulpmiddelen?sorteren=-locatie", headers={"HX-Request": "true"})
    assert object_numbers(page.text) == object_numbers(fragment.text)
    assert 'id="fleet-filters"' in page.text and "<html" in page.text


async def test_a_history_restore_gets_the_full_page(client, fleet):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen?status=depot",
                                headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.text


async def test_the_list_works_without_script_through_links_and_a_get_form(client, fleet):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen")).text
    assert '<form id="fleet-filters" class="filter-form" method="get" action="/hulpmiddelen"' in html
    assert 'href="/hulpmiddelen?sorteren=categorie"' in html  # sort headers are real links
    assert 'href="/hulpmiddelen/download.xlsx"' in html and 'href="/hulpmiddelen/download.pdf"' in html
    assert 'href="/hulpmiddelen/HB1001"' in html


async def test_the_menu_leads_to_the_list(client, fleet):
    await login(client, "noord@noord.nl")
    html = (await client.get("/mijn-account")).text
    assert 'href="/hulpmiddelen"' in html
    page = await client.get("/hulpmiddelen")
    assert "<h1>Mijn hulpmiddelen</h1>" in page.text


async def test_signed_out_visitors_are_sent_to_sign_in(client, fleet):
    response = await client.get("/hulpmiddelen?status=depot")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/inloggen?volgende=")
