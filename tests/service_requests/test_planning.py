"""Planning (PLN-1, /profile/planning): the work HartingBank has in hand for the organisation — to be
planned, planned, carried out — by execution date; filters kind, location, department and period; sorts
date, kind, location, department; keyset pages both ways; scope on every row and option."""

from __future__ import annotations

from datetime import timedelta

from portal.domain.scope import scope_for
from portal.domain.service_requests import listing
from portal.i18n import local_today
from tests import factories
from tests.service_requests.conftest import listed_numbers, made_request, options_of, signed_in

HX = {"HX-Request": "true"}


async def test_planning_shows_the_work_with_hartingbank_by_execution_date(client, work):
    await signed_in(client, work.care.admin)
    response = await client.get("/profile/planning")
    assert response.status_code == 200
    # Latest execution date first; the request still to be planned after the dated ones.
    assert listed_numbers(response.text) == work.numbers(
        "inspection_planned", "repair_planned", "cleaning_done", "relocation_done", "to_depot_submitted")
    html = response.text
    assert "<h1>Planning</h1>" in html
    for label in ("Ordernummer", "Uitvoerdatum", "Soort actie", "Objectnummer", "Hulpmiddel", "Locatie", "Afdeling",
                  "Aangevraagd door", "Aanvraagdatum"):
        assert f'data-label="{label}"' in html
    assert "Nog in te plannen" in html
    assert "Nina Verpleegkundige" in html and "HartingBank" in html  # the requester, or staff for a cleaning
    planned = (local_today() + timedelta(days=5))
    assert f"{planned.day}-{planned.month}-{planned.year}" in html
    # The order number opens the request, the object number the aid.
    assert f'href="/acties/{work.repair_planned.number}"' in html and 'href="/hulpmiddelen/HB5001"' in html
    # Waiting for authorisation, rejected and cancelled work is not HartingBank's (yet): Mijn acties has it.
    assert work.pickup_waiting.number not in html and work.repair_rejected.number not in html
    assert work.other_planned.number not in html


async def test_planning_is_in_the_menu_of_every_role(client, work):
    await signed_in(client, work.care.nurse)
    page = (await client.get("/hulpmiddelen")).text
    assert 'href="/profile/planning"' in page and 'href="/acties"' in page


async def test_an_htmx_search_answers_the_results_alone_with_the_url_pushed(client, work):
    await signed_in(client, work.care.admin)
    response = await client.get("/profile/planning?soort=repair&locatie=&van=", headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="planning-results"' in response.text
    assert 'id="planning-filters"' not in response.text
    assert listed_numbers(response.text) == [work.repair_planned.number]
    assert response.headers["hx-push-url"] == "/profile/planning?soort=repair"
    assert "HX-Request" in response.headers["vary"]
    full = await client.get("/profile/planning?soort=repair")
    assert "<html" in full.text and 'id="planning-filters"' in full.text
    assert listed_numbers(full.text) == [work.repair_planned.number]
    # A boosted request or a history restore gets the whole page.
    restore = await client.get("/profile/planning?soort=repair", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


async def test_filter_by_kind(client, work):
    await signed_in(client, work.care.admin)
    html = (await client.get("/profile/planning?soort=cleaning")).text
    assert listed_numbers(html) == [work.cleaning_done.number]
    assert "Reiniging" in options_of(html, "f-soort")


async def test_filter_by_location_and_department(client, work):
    care = work.care
    await signed_in(client, care.admin)
    html = (await client.get(f"/profile/planning?locatie={care.baken.id}")).text
    assert listed_numbers(html) == [work.inspection_planned.number]
    html = (await client.get(f"/profile/planning?locatie={care.linde.id}&afdeling={care.west.id}")).text
    assert listed_numbers(html) == work.numbers("repair_planned", "relocation_done", "to_depot_submitted")
    assert options_of(html, "f-afdeling") == ["Oost", "West"]
    # A department alone implies its location.
    html = (await client.get(f"/profile/planning?afdeling={care.zon.id}")).text
    assert listed_numbers(html) == [work.inspection_planned.number]


async def test_filter_by_period_of_execution(client, work):
    await signed_in(client, work.care.admin)
    today = local_today()
    html = (await client.get(f"/profile/planning?van={today.isoformat()}&tot={(today + timedelta(days=10)).isoformat()}")).text
    assert listed_numbers(html) == [work.repair_planned.number]
    # Typed the Dutch way, and the wrong way round: turned round with a message.
    start, end = today - timedelta(days=11), today - timedelta(days=2)
    html = (await client.get(f"/profile/planning?van={end.day}-{end.month}-{end.year}&tot={start.isoformat()}")).text
    assert listed_numbers(html) == work.numbers("cleaning_done", "relocation_done")
    assert "omgewisseld" in html


async def test_each_sort_both_ways(client, work):
    await signed_in(client, work.care.admin)
    expected = {
        "datum": ["relocation_done", "cleaning_done", "repair_planned", "inspection_planned", "to_depot_submitted"],
        # Keuring, Naar depot brengen, Reiniging, Reparatie, Verplaatsing (by label)
        "soort": ["inspection_planned", "to_depot_submitted", "cleaning_done", "repair_planned", "relocation_done"],
        # De Linde before Het Baken; inside a location by request date
        "locatie": ["relocation_done", "cleaning_done", "repair_planned", "to_depot_submitted", "inspection_planned"],
        # Oost (none), West, Zonnehof, then the requests without a department
        "afdeling": ["relocation_done", "repair_planned", "to_depot_submitted", "inspection_planned", "cleaning_done"],
    }
    for key, names in expected.items():
        ascending = listed_numbers((await client.get(f"/profile/planning?sorteren={key}")).text)
        assert ascending == work.numbers(*names), key
        descending = listed_numbers((await client.get(f"/profile/planning?sorteren=-{key}")).text)
        if key in ("datum", "afdeling"):  # what has no date or department stays last both ways
            tail = 1
            assert descending == list(reversed(ascending[:-tail])) + ascending[-tail:], key
        else:
            assert descending == list(reversed(ascending)), key


async def test_bad_sort_filter_and_cursor_give_a_dutch_message_not_an_error(client, work):
    await signed_in(client, work.care.admin)
    for query, message in (
        ("sorteren=prijs", "kan niet worden gesorteerd"),
        ("soort=verven", "Onbekende soort actie"),
        ("locatie=abc", "hoort niet bij uw locaties"),
        ("afdeling=99999999999", "hoort niet bij uw locaties"),
        ("van=gisteren", "is geen datum"),
        ("na=bm90LWEtY3Vyc29y", "bestaat niet meer"),
        ("voor=%5B%5D", "bestaat niet meer"),
        ("na=WyJhbGwiLFsieCJdXQ", "bestaat niet meer"),  # a cursor of another sort
        ("pagina=7", "bestaat niet"),
    ):
        response = await client.get(f"/profile/planning?{query}")
        assert response.status_code == 200, query
        assert message in response.text, query
        assert len(listed_numbers(response.text)) == 5, query


async def test_paging_forward_and_back_at_50_rows(client, work):
    care = work.care
    rows = [await made_request(care.in_use, "maintenance", "planned", days_ago=200 - i, planned_in=30 + i)
            for i in range(52)]
    await signed_in(client, care.admin)
    first = await client.get("/profile/planning")
    numbers = listed_numbers(first.text)
    assert len(numbers) == 50 and numbers[0] == rows[-1].number
    assert "Meer dan" not in first.text and "57 acties gevonden" in first.text
    next_url = _link(first.text, "next")
    second = await client.get(next_url, headers=HX)
    rest = listed_numbers(second.text)
    assert len(rest) == 7 and not set(rest) & set(numbers)
    assert rest[-1] == work.to_depot_submitted.number  # the undated one last
    assert second.headers["hx-push-url"] == next_url
    back = await client.get(_link(second.text, "prev"))
    assert listed_numbers(back.text) == numbers
    last = await client.get("/profile/planning?pagina=laatste")
    assert listed_numbers(last.text) == numbers[7:] + rest  # the last 50
    assert _link(last.text, "next") is None and _link(last.text, "prev")


async def test_domain_pages_both_ways_with_a_small_page(work):
    scope = await scope_for(work.care.admin)
    seen: list[str] = []
    page = await listing.planning_page(scope, {}, page_size=2)
    pages = [page]
    while page.pager.next is not None:
        page = await listing.planning_page(scope, page.pager.next, page_size=2)
        pages.append(page)
    for p in pages:
        seen += [row["number"] for row in p.rows]
    assert seen == work.numbers("inspection_planned", "repair_planned", "cleaning_done", "relocation_done",
                                "to_depot_submitted")
    back = await listing.planning_page(scope, pages[-1].pager.previous, page_size=2)
    assert [row["number"] for row in back.rows] == [row["number"] for row in pages[-2].rows]


async def test_scope_another_locations_requests_never_appear_nor_in_the_options(client, work):
    care = work.care
    await signed_in(client, care.nurse)  # role 4, De Linde only
    html = (await client.get("/profile/planning")).text
    assert work.inspection_planned.number not in html and work.other_planned.number not in html
    assert listed_numbers(html) == work.numbers("repair_planned", "cleaning_done", "relocation_done",
                                                "to_depot_submitted")
    assert [o for o in options_of(html, "f-locatie")] == ["De Linde (Utrecht)"]
    # Asking for Het Baken, or another organisation's location, filters nothing open.
    for location in (care.baken.id, (await _other_location(care)).id):
        html = (await client.get(f"/profile/planning?locatie={location}")).text
        assert "hoort niet bij uw locaties" in html
        assert work.inspection_planned.number not in html and work.other_planned.number not in html
    html = (await client.get(f"/profile/planning?afdeling={care.zon.id}", headers=HX)).text
    assert "hoort niet bij uw locaties" in html and work.inspection_planned.number not in html


async def test_another_organisation_sees_none_of_it(client, work):
    await signed_in(client, work.care.other_admin)
    for headers in ({}, HX):
        html = (await client.get("/profile/planning", headers=headers)).text
        assert listed_numbers(html) == [work.other_planned.number]
        assert "De Linde" not in html


async def test_department_scope(client, work):
    care = work.care
    west_only = await factories.account(care.org, "2", locations=[care.linde], departments=[care.west])
    await signed_in(client, west_only)
    html = (await client.get("/profile/planning")).text
    # West, and De Linde's aids without a department; not Het Baken.
    assert listed_numbers(html) == work.numbers("repair_planned", "cleaning_done", "relocation_done",
                                                "to_depot_submitted")
    oost = await made_request(care.rented, "maintenance", "planned", days_ago=1, planned_in=2)
    html = (await client.get(f"/profile/planning?locatie={care.linde.id}", headers=HX)).text
    assert oost.number not in html
    options = (await client.get(f"/profile/planning/filters?locatie={care.linde.id}", headers=HX)).text
    assert options_of(options, "f-afdeling") == ["West"]
    html = (await client.get(f"/profile/planning?afdeling={care.oost.id}")).text
    assert "hoort niet bij uw locaties" in html and oost.number not in html


async def test_the_filter_form_follows_the_location(client, work):
    care = work.care
    await signed_in(client, care.admin)
    form = await client.get(f"/profile/planning/filters?locatie={care.baken.id}&afdeling={care.west.id}",
                            headers={**HX, "HX-Trigger-Name": "locatie"})
    assert 'id="planning-filters"' in form.text and "<html" not in form.text
    assert options_of(form.text, "f-afdeling") == ["Zonnehof"]
    plain = await client.get(f"/profile/planning/filters?locatie={care.baken.id}", follow_redirects=False)
    assert plain.status_code == 302 and plain.headers["location"] == f"/profile/planning?locatie={care.baken.id}"


async def _other_location(care):
    from portal.tables import Location

    return await Location.objects().where(Location.organisation != care.org.id).first()


def _link(html: str, rel: str) -> str:
    import re
    from html import unescape

    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None
