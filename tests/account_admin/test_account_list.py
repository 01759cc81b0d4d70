"""Accountbeheer: the administrator's list of accounts with the filters name, location and role,
"Zoeken", sorting and paging; htmx swaps only the table (ADM-1, ADM-3)."""

import re

from portal.domain.account_admin import PAGE_SIZE
from tests import factories
from tests.helpers import login

HTMX = {"HX-Request": "true"}


def names_in(html: str) -> list[str]:
    """The account names in the table, in order."""
    return re.findall(r'<th scope="row" data-label="Naam"><a href="/accountbeheer/\d+/bewerken">([^<]+)</a></th>', html)


async def organisation_with_people():
    org = await factories.organisation()
    utrecht = await factories.location(org, name="Zorgcentrum De Linde", city="Utrecht")
    zeist = await factories.location(org, name="Verpleeghuis Het Baken", city="Zeist")
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@zorggroep.nl")
    await factories.account(org, "1", name="Bert Bakker", email="bert@zorggroep.nl", locations=[utrecht, zeist])
    await factories.account(org, "2", name="Carla de Jong", email="carla@zorggroep.nl", locations=[utrecht])
    await factories.account(org, "4", name="Dirk Jansen", email="d.jansen@zorggroep.nl", locations=[zeist], active=False)
    return org, admin, utrecht, zeist


async def test_without_filters_the_administrator_sees_every_account_of_the_organisation(client):
    org, admin, *_ = await organisation_with_people()
    other = await factories.organisation()
    await factories.account(other, "admin", name="Els Elders")
    await login(client, admin.email)

    page = await client.get("/accountbeheer")

    assert page.status_code == 200
    assert names_in(page.text) == ["Anja Administrator", "Bert Bakker", "Carla de Jong", "Dirk Jansen"]
    assert "Els Elders" not in page.text
    assert "Inactief" in page.text  # Dirk's status
    assert 'href="/accountbeheer/nieuw"' in page.text and "Nieuw account maken" in page.text
    for label in ("Naam", "Locatie", "Rol", "Zoeken"):
        assert label in page.text


async def test_name_filter_ignores_case_and_also_finds_the_email_address(client):
    org, admin, *_ = await organisation_with_people()
    await login(client, admin.email)

    assert names_in((await client.get("/accountbeheer?naam=JONG")).text) == ["Carla de Jong"]
    assert names_in((await client.get("/accountbeheer?naam=d.jansen")).text) == ["Dirk Jansen"]
    assert names_in((await client.get("/accountbeheer?naam=  bert  ")).text) == ["Bert Bakker"]


async def test_name_filter_takes_percent_and_underscore_literally(client):
    org = await factories.organisation()
    admin = await factories.account(org, "admin", name="Anja Administrator")
    loc = await factories.location(org)
    await factories.account(org, "2", name="Jan_Smit", locations=[loc])
    await factories.account(org, "2", name="Janus Smit", locations=[loc])
    await login(client, admin.email)

    assert names_in((await client.get("/accountbeheer?naam=jan_")).text) == ["Jan_Smit"]
    assert names_in((await client.get("/accountbeheer?naam=%25")).text) == []


async def test_location_and_role_filters_narrow_the_list_and_combine(client):
    org, admin, utrecht, zeist = await organisation_with_people()
    await login(client, admin.email)

    assert names_in((await client.get(f"/accountbeheer?locatie={zeist.id}")).text) == ["Bert Bakker", "Dirk Jansen"]
    assert names_in((await client.get("/accountbeheer?rol=2")).text) == ["Carla de Jong"]
    assert names_in((await client.get(f"/accountbeheer?locatie={utrecht.id}&rol=1")).text) == ["Bert Bakker"]
    nobody = await client.get(f"/accountbeheer?locatie={zeist.id}&rol=2")
    assert names_in(nobody.text) == [] and "Geen accounts gevonden." in nobody.text


async def test_the_filters_stay_filled_in_after_zoeken(client):
    org, admin, utrecht, _ = await organisation_with_people()
    await login(client, admin.email)

    page = await client.get(f"/accountbeheer?naam=Carla&locatie={utrecht.id}&rol=2")

    assert 'name="naam" value="Carla"' in page.text
    assert f'<option value="{utrecht.id}" selected>' in page.text
    assert '<option value="2" selected>' in page.text


async def test_sorting_by_email_descending_and_back(client):
    org, admin, *_ = await organisation_with_people()
    await login(client, admin.email)

    descending = await client.get("/accountbeheer?sorteer=-email")
    assert names_in(descending.text) == ["Dirk Jansen", "Carla de Jong", "Bert Bakker", "Anja Administrator"]
    assert 'aria-sort="descending"' in descending.text
    # The header of the sorted column turns the order round; the others start ascending.
    assert 'href="/accountbeheer?sorteer=email"' in descending.text
    ascending = await client.get("/accountbeheer?sorteer=email")
    assert names_in(ascending.text) == ["Anja Administrator", "Bert Bakker", "Carla de Jong", "Dirk Jansen"]


async def test_paging_keeps_the_filters_in_its_links(client):
    org = await factories.organisation()
    loc = await factories.location(org)
    admin = await factories.account(org, "admin", name="Anja Administrator")
    for n in range(PAGE_SIZE + 3):
        await factories.account(org, "4", name=f"Verzorgende {n:02d}", locations=[loc])
    await login(client, admin.email)

    first = await client.get("/accountbeheer?naam=verzorgende")
    assert len(names_in(first.text)) == PAGE_SIZE
    assert "Pagina 1 van 2" in first.text
    assert 'href="/accountbeheer?naam=verzorgende&amp;pagina=2"' in first.text

    second = await client.get("/accountbeheer?naam=verzorgende&pagina=2")
    assert names_in(second.text) == ["Verzorgende 25", "Verzorgende 26", "Verzorgende 27"]
    assert "Accounts 26–28 van 28" in second.text

    beyond = await client.get("/accountbeheer?naam=verzorgende&pagina=99")
    assert names_in(beyond.text) == names_in(second.text)  # the last page, not an empty one


async def test_htmx_gets_only_the_table_and_the_browser_the_whole_page(client):
    org, admin, *_ = await organisation_with_people()
    await login(client, admin.email)

    partial = await client.get("/accountbeheer?rol=2", headers=HTMX)
    assert partial.status_code == 200
    assert '<div id="accounts-table"' in partial.text
    assert "<html" not in partial.text and 'name="naam"' not in partial.text
    assert names_in(partial.text) == ["Carla de Jong"]
    assert partial.headers["vary"] == "HX-Request"

    full = await client.get("/accountbeheer?rol=2")
    assert "<html" in full.text and '<div id="accounts-table"' in full.text
    # The URL keeps the filters: htmx pushes the address of what the partial shows.
    assert partial.headers["hx-push-url"] == "/accountbeheer?rol=2"
    # A history restore (Back after the cache is gone) gets the whole page.
    restore = await client.get("/accountbeheer?rol=2", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


async def test_nonsense_in_the_address_bar_shows_the_list_not_an_error(client):
    org, admin, *_ = await organisation_with_people()
    await login(client, admin.email)

    for query in (
        "pagina=abc", "pagina=-3", "pagina=99999999999999999999", "rol=9", "rol=", "locatie=x",
        "locatie=99999999999999999999", "sorteer=password_hash", "sorteer=--naam", "naam=" + "x" * 5000,
        "naam=%00", "locatie=", "pagina=",
    ):
        response = await client.get(f"/accountbeheer?{query}")
        assert response.status_code == 200, query


async def test_a_location_of_another_organisation_filters_nothing_and_leaks_nothing(client):
    org, admin, *_ = await organisation_with_people()
    other = await factories.organisation()
    foreign = await factories.location(other, name="Elders Zorg")
    await factories.account(other, "2", locations=[foreign], name="Els Elders")
    await login(client, admin.email)

    page = await client.get(f"/accountbeheer?locatie={foreign.id}")

    assert page.status_code == 200
    assert "Els Elders" not in page.text and "Elders Zorg" not in page.text
    assert len(names_in(page.text)) == 4  # the filter is ignored


async def test_the_pencil_opens_account_bewerken(client):
    org, admin, *_ = await organisation_with_people()
    carla = await factories.account(org, "2", name="Carla Tweede", locations=[await factories.location(org)])
    await login(client, admin.email)

    page = await client.get("/accountbeheer?naam=tweede")
    assert f'href="/accountbeheer/{carla.id}/bewerken" class="icon-link" aria-label="Account bewerken: Carla Tweede"' in page.text
    edit = await client.get(f"/accountbeheer/{carla.id}/bewerken")
    assert edit.status_code == 200 and "<h1>Account bewerken</h1>" in edit.text


async def test_only_the_administrator_may_open_accountbeheer(make_client):
    org, admin, utrecht, _ = await organisation_with_people()
    manager = await factories.account(org, "1", locations=[utrecht])
    other_org = await factories.organisation()
    other_admin = await factories.account(other_org, "admin", name="Els Elders")

    as_admin, as_manager, as_other = make_client(), make_client(), make_client()
    await login(as_admin, admin.email)
    await login(as_manager, manager.email)
    await login(as_other, other_admin.email)

    assert (await as_admin.get("/accountbeheer")).status_code == 200
    assert (await as_manager.get("/accountbeheer")).status_code == 403
    assert (await as_manager.get("/accountbeheer/nieuw")).status_code == 403
    # Another organisation's administrator has an Accountbeheer, but with none of these people.
    theirs = await as_other.get("/accountbeheer")
    assert names_in(theirs.text) == ["Els Elders"]
    signed_out = await make_client().get("/accountbeheer")
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/inloggen")


async def test_the_locations_column_names_three_and_counts_the_rest(client):
    org = await factories.organisation()
    admin = await factories.account(org, "admin")
    locations = [await factories.location(org, name=f"Locatie {letter}") for letter in "ABCDE"]
    await factories.account(org, "2", name="Overal Werkzaam", locations=locations)
    await login(client, admin.email)

    table = await client.get("/accountbeheer?naam=overal", headers=HTMX)

    assert "Locatie A<br>Locatie B<br>Locatie C" in table.text and "Locatie D" not in table.text
    assert "en nog 2" in table.text
