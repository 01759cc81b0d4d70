"""Mijn acties (PLN-2, /acties): every request and action of the locations in scope, whatever its status,
newest first; filters location, department, status (depot, bought, rented aids), object number,
category, subcategory, type; sorts category, subcategory, type, location, department, kind, request date;
the order number opens the request, the object number the aid; scope on every row and option."""

from __future__ import annotations

from portal.domain.scope import scope_for
from portal.domain.service_requests import listing
from tests import factories
from tests.service_requests.conftest import listed_numbers, made_request, options_of, signed_in

HX = {"HX-Request": "true"}
ALL_NEWEST_FIRST = ("to_depot_submitted", "pickup_waiting", "repair_planned", "inspection_planned", "repair_rejected",
                    "cleaning_done", "relocation_done")


async def test_every_request_of_the_organisation_newest_first(client, work):
    await signed_in(client, work.care.admin)
    response = await client.get("/acties")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Mijn acties</h1>" in html
    assert listed_numbers(html) == work.numbers(*ALL_NEWEST_FIRST)
    for label in ("Ordernummer", "Objectnummer", "Soort actie", "Status", "Aanvraagdatum", "Uitvoerdatum",
                  "Categorie", "Subcategorie", "Type hulpmiddel", "Locatie", "Afdeling", "Bestemd voor"):
        assert f'data-label="{label}"' in html
    assert "Wacht op autorisatie" in html and "Afgewezen" in html and "Mevrouw Jansen" in html
    assert work.other_planned.number not in html


async def test_the_order_number_opens_the_request_and_the_object_number_the_aid(client, work):
    await signed_in(client, work.care.admin)
    html = (await client.get("/acties")).text
    assert f'<a href="/acties/{work.repair_planned.number}">' in html
    assert '<a href="/hulpmiddelen/HB5001">HB5001</a>' in html
    request_page = await client.get(f"/acties/{work.repair_planned.number}")
    assert request_page.status_code == 200 and work.repair_planned.number in request_page.text
    assert (await client.get("/hulpmiddelen/HB5001")).status_code == 200


async def test_htmx_gets_the_results_alone_a_browser_the_page(client, work):
    care = work.care
    await signed_in(client, care.admin)
    query = f"locatie={care.linde.id}&status=huur&objectnummer=&sorteren=-soort"
    fragment = await client.get(f"/acties?{query}", headers=HX)
    assert "<html" not in fragment.text and 'id="actions-results"' in fragment.text
    assert listed_numbers(fragment.text) == work.numbers("repair_rejected", "pickup_waiting")
    assert fragment.headers["hx-push-url"] == f"/acties?locatie={care.linde.id}&status=huur&sorteren=-soort"
    assert "HX-Request" in fragment.headers["vary"]
    page = await client.get(f"/acties?{query}")
    assert "<html" in page.text and 'id="actions-filters"' in page.text
    assert listed_numbers(page.text) == listed_numbers(fragment.text)


async def test_filter_by_location_and_department(client, work):
    care = work.care
    await signed_in(client, care.admin)
    html = (await client.get(f"/acties?locatie={care.baken.id}")).text
    assert listed_numbers(html) == [work.inspection_planned.number]
    html = (await client.get(f"/acties?locatie={care.linde.id}&afdeling={care.oost.id}")).text
    assert listed_numbers(html) == work.numbers("pickup_waiting", "repair_rejected")


async def test_filter_by_status_of_the_aid(client, work):
    await signed_in(client, work.care.admin)
    html = (await client.get("/acties?status=depot")).text
    assert listed_numbers(html) == [work.cleaning_done.number]
    assert options_of(html, "f-status") == ["Hulpmiddelen in depot", "Aangeschafte hulpmiddelen", "Huurobjecten"]
    html = (await client.get("/acties?status=huur")).text
    assert listed_numbers(html) == work.numbers("pickup_waiting", "repair_rejected")
    html = (await client.get("/acties?status=eigendom")).text
    assert listed_numbers(html) == work.numbers("to_depot_submitted", "repair_planned", "inspection_planned",
                                                "cleaning_done", "relocation_done")


async def test_filter_by_object_number_exact_or_its_start(client, work):
    await signed_in(client, work.care.admin)
    html = (await client.get("/acties?objectnummer=hb5001")).text
    assert listed_numbers(html) == work.numbers("to_depot_submitted", "repair_planned", "relocation_done")
    html = (await client.get("/acties?objectnummer=HB500")).text
    assert len(listed_numbers(html)) == 7
    html = (await client.get("/acties?objectnummer=ZN0001")).text  # another organisation's aid
    assert listed_numbers(html) == []


async def test_filter_by_category_subcategory_and_type(client, work):
    care = work.care
    await signed_in(client, care.admin)
    beds = await _id("category", "Bedden")
    html = (await client.get(f"/acties?categorie={beds}")).text
    assert listed_numbers(html) == work.numbers("to_depot_submitted", "repair_planned", "inspection_planned",
                                                "cleaning_done", "relocation_done")
    low = await _id("subcategory", "Laagbed")
    html = (await client.get(f"/acties?subcategorie={low}")).text
    assert listed_numbers(html) == [work.inspection_planned.number]
    assert options_of(html, "f-subcategorie") == ["Bed hoog/laag elektrisch", "Laagbed"]
    alpha = await _id("product_type", "Alpha Kinetic")
    html = (await client.get(f"/acties?type={alpha}")).text
    assert listed_numbers(html) == [work.cleaning_done.number]
    # A type of another subcategory than the one chosen is dropped with a message.
    html = (await client.get(f"/acties?subcategorie={low}&type={alpha}")).text
    assert "hoort niet bij de gekozen subcategorie" in html
    assert listed_numbers(html) == [work.inspection_planned.number]


async def test_each_sort_both_ways(client, work):
    await signed_in(client, work.care.admin)
    expected = {
        "aanvraagdatum": list(reversed(ALL_NEWEST_FIRST)),
        # Bedden before Tilliften, inside each by request (oldest first), whichever aid
        "categorie": ["relocation_done", "cleaning_done", "inspection_planned", "repair_planned",
                      "to_depot_submitted", "repair_rejected", "pickup_waiting"],
        # Bed hoog/laag elektrisch, Laagbed, Tillift mobiel
        "subcategorie": ["relocation_done", "cleaning_done", "repair_planned", "to_depot_submitted",
                         "inspection_planned", "repair_rejected", "pickup_waiting"],
        # Alpha Kinetic, Birdie Evo, Floorbed 2, SB755
        "type": ["cleaning_done", "repair_rejected", "pickup_waiting", "inspection_planned", "relocation_done",
                 "repair_planned", "to_depot_submitted"],
        "locatie": ["relocation_done", "cleaning_done", "repair_rejected", "repair_planned", "pickup_waiting",
                    "to_depot_submitted", "inspection_planned"],
        # Oost, West, Zonnehof, then no department
        "afdeling": ["repair_rejected", "pickup_waiting", "relocation_done", "repair_planned", "to_depot_submitted",
                     "inspection_planned", "cleaning_done"],
        # Huurmiddel laten ophalen, Keuring, Naar depot brengen, Reiniging, Reparatie ×2, Verplaatsing
        "soort": ["pickup_waiting", "inspection_planned", "to_depot_submitted", "cleaning_done", "repair_rejected",
                  "repair_planned", "relocation_done"],
    }
    for key, names in expected.items():
        ascending = listed_numbers((await client.get(f"/acties?sorteren={key}")).text)
        assert ascending == work.numbers(*names), key
        descending = listed_numbers((await client.get(f"/acties?sorteren=-{key}", headers=HX)).text)
        if key == "afdeling":
            assert descending == list(reversed(ascending[:-1])) + ascending[-1:], key
        else:
            assert descending == list(reversed(ascending)), key


async def test_bad_input_gives_a_dutch_message_and_the_list(client, work):
    await signed_in(client, work.care.admin)
    for query, message in (
        ("sorteren=-prijs", "kan niet worden gesorteerd"),
        ("status=kapot", "Onbekende status"),
        ("categorie=0", "Onbekende categorie"),
        ("type=12abc", "Onbekend type"),
        ("subcategorie=-1", "Onbekende subcategorie"),
        ("na=" + "A" * 600, "bestaat niet meer"),
        ("na=WyJhbGwiLFsxLDIsM11d", "bestaat niet meer"),
        ("voor=WzEsWyJ4Il1d", "bestaat niet meer"),
        ("objectnummer=%00%27%3B--", ""),
    ):
        response = await client.get(f"/acties?{query}", headers=HX)
        assert response.status_code == 200, query
        assert message in response.text, query


async def test_paging_both_ways_and_a_cursor_of_another_sort(work):
    scope = await scope_for(work.care.admin)
    for sort in ("aanvraagdatum", "-categorie", "type", "-afdeling", "soort", "locatie"):
        page = await listing.actions_page(scope, {"sorteren": sort}, page_size=3)
        seen = [row["number"] for row in page.rows]
        pages = [page]
        while page.pager.next is not None:
            page = await listing.actions_page(scope, {"sorteren": sort, **page.pager.next}, page_size=3)
            pages.append(page)
            seen += [row["number"] for row in page.rows]
        whole = await listing.actions_page(scope, {"sorteren": sort})
        assert seen == [row["number"] for row in whole.rows], sort
        back = await listing.actions_page(scope, {"sorteren": sort, **pages[-1].pager.previous}, page_size=3)
        assert [row["number"] for row in back.rows] == [row["number"] for row in pages[-2].rows], sort
        last = await listing.actions_page(scope, {"sorteren": sort, "pagina": "laatste"}, page_size=3)
        assert [row["number"] for row in last.rows] == seen[-3:], sort
    # A cursor made for the request-date sort does not fit the kind sort: the first page, with a message.
    cursor = (await listing.actions_page(scope, {"sorteren": "aanvraagdatum"}, page_size=3)).pager.next
    odd = await listing.actions_page(scope, {"sorteren": "soort", **cursor}, page_size=3)
    assert any("bestaat niet meer" in m for m in odd.messages)


async def test_scope_role_4_sees_its_own_locations_only(client, work):
    care = work.care
    await signed_in(client, care.nurse)
    for headers in ({}, HX):
        html = (await client.get("/acties", headers=headers)).text
        assert work.inspection_planned.number not in html and work.other_planned.number not in html
        assert len(listed_numbers(html)) == 6
    html = (await client.get("/acties")).text
    assert options_of(html, "f-locatie") == ["De Linde (Utrecht)"]
    for query in (f"locatie={care.baken.id}", f"afdeling={care.zon.id}", "objectnummer=HB5004",
                  "objectnummer=ZN", "sorteren=-locatie"):
        html = (await client.get(f"/acties?{query}")).text
        assert work.inspection_planned.number not in html and work.other_planned.number not in html, query
    # Nor does the request's own page open.
    assert (await client.get(f"/acties/{work.inspection_planned.number}")).status_code == 404
    assert (await client.get(f"/acties/{work.other_planned.number}")).status_code == 404


async def test_another_organisation_sees_only_its_own(client, work):
    await signed_in(client, work.care.other_admin)
    html = (await client.get("/acties?sorteren=categorie")).text
    assert listed_numbers(html) == [work.other_planned.number]
    assert "De Linde" not in html and "Het Baken" not in html
    assert (await client.get(f"/acties/{work.repair_planned.number}")).status_code == 404


async def test_department_scope(client, work):
    care = work.care
    west_only = await factories.account(care.org, "3", locations=[care.linde], departments=[care.west])
    await signed_in(client, west_only)
    html = (await client.get("/acties")).text
    assert listed_numbers(html) == work.numbers("to_depot_submitted", "repair_planned", "cleaning_done",
                                                "relocation_done")
    html = (await client.get(f"/acties?afdeling={care.oost.id}&sorteren=afdeling", headers=HX)).text
    assert "hoort niet bij uw locaties" in html and work.pickup_waiting.number not in html
    form = (await client.get(f"/acties/filters?locatie={care.linde.id}", headers=HX)).text
    assert options_of(form, "f-afdeling") == ["West"]


async def test_the_filter_form_follows_category_and_subcategory(client, work):
    await signed_in(client, work.care.admin)
    beds, low = await _id("category", "Bedden"), await _id("subcategory", "Laagbed")
    form = await client.get(f"/acties/filters?categorie={beds}&subcategorie={low}", headers={**HX, "HX-Trigger-Name": "categorie"})
    assert 'id="actions-filters"' in form.text
    assert options_of(form.text, "f-subcategorie") == ["Bed hoog/laag elektrisch", "Laagbed"]
    assert options_of(form.text, "f-type") == []  # the new category emptied the subcategory's types
    form = await client.get(f"/acties/filters?categorie={beds}&subcategorie={low}", headers={**HX, "HX-Trigger-Name": "subcategorie"})
    assert options_of(form.text, "f-type") == ["Floorbed 2 (Wissner)"]


async def test_a_new_request_is_in_mijn_acties_at_once(client, work):
    care = work.care
    made = await made_request(care.in_use, "repair", "submitted", days_ago=0, requester=care.nurse)
    await signed_in(client, care.nurse)
    html = (await client.get("/acties")).text
    assert listed_numbers(html)[0] == made.number


async def _id(table: str, name: str) -> int:
    from portal.tables import Category, ProductType, Subcategory

    model = {"category": Category, "subcategory": Subcategory, "product_type": ProductType}[table]
    return (await model.select(model.id).where(model.name == name).first())["id"]
