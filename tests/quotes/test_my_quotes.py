"""Mijn offertes and "Bekijk details" (SHOP-9): filters quote number and period, rows with what was entered,
all articles and the status; only roles admin, 1, 2 and 3; a quote out of scope or of another organisation
answers 404."""

from __future__ import annotations

import pytest

from tests import factories
from tests.quotes.conftest import quote
from tests.shop.conftest import shown, signed_in


async def test_my_quotes_lists_ones_own_quotes_with_what_was_entered(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), department=shop.west, reference="Kamer 3.01")
    colleague = await quote(shop.leader, shop.linde, (shop.gloves, 5, "7.00"), reference="Van Tom")
    nina = await signed_in(make_client(), shop.nurse)

    page = shown((await nina.get("/profile/quotes/")).text)

    assert "Mijn offertes" in page and "1 offerte gevonden" in page
    assert mine.number in page and "Kamer 3.01" in page and "Offerte ontvangen" in page and "Bekijk details" in page
    assert colleague.number not in page and "Van Tom" not in page


async def test_the_administrator_sees_every_quote_of_the_organisation_but_not_another_ones(make_client, shop):
    await quote(shop.nurse, shop.linde, (shop.bed, 1, "850.00"), reference="Van Nina")
    await quote(shop.leader, shop.baken, (shop.gloves, 5, "7.00"), reference="Van Tom")
    foreign = await quote(shop.other_admin, shop.other_location, (shop.gloves, 1, "7.00"), reference="Van Noord")
    anja = await signed_in(make_client(), shop.admin)

    page = (await anja.get("/profile/quotes/")).text

    assert "Van Nina" in page and "Van Tom" in page and "Van Noord" not in page and foreign.number not in page


async def test_the_filters_narrow_by_quote_number_and_period(make_client, shop):
    old = await quote(shop.nurse, shop.linde, (shop.bed, 1, "850.00"), reference="Oude", created_days_ago=40)
    new = await quote(shop.nurse, shop.linde, (shop.gloves, 1, "7.00"), reference="Nieuwe")
    nina = await signed_in(make_client(), shop.nurse)

    by_number = (await nina.get("/profile/quotes/", params={"offertenummer": old.number.lower()})).text
    recent = (await nina.get("/profile/quotes/", params={"van": (new.created_at.date()).isoformat()})).text

    assert "Oude" in by_number and "Nieuwe" not in by_number
    assert "Nieuwe" in recent and "Oude" not in recent


async def test_the_list_answers_htmx_with_its_results_only(make_client, shop):
    await quote(shop.nurse, shop.linde, (shop.bed, 1, "850.00"), reference="Kamer 7")
    nina = await signed_in(make_client(), shop.nurse)

    full = await nina.get("/profile/quotes/")
    partial = await nina.get("/profile/quotes/", headers={"HX-Request": "true"})

    assert "<html" in full.text and "Zoekfilters" in full.text
    assert "<html" not in partial.text and "Kamer 7" in partial.text and "Zoekfilters" not in partial.text
    assert partial.headers["vary"] == "HX-Request"


async def test_bad_filters_are_left_out_with_a_message_not_an_error(make_client, shop):
    nina = await signed_in(make_client(), shop.nurse)

    response = await nina.get("/profile/quotes/", params={"van": "gisteren", "sorteer": "x'--", "pagina": "-3"})

    assert response.status_code == 200 and "Mijn offertes" in response.text


async def test_details_show_all_articles_the_status_and_the_answer(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), (shop.gloves, 10, "6.50"), department=shop.west)
    nina = await signed_in(make_client(), shop.nurse)

    page = shown((await nina.get(f"/profile/quotes/{mine.number}")).text)

    assert f"Offerte {mine.number}" in page and "Offerte ontvangen" in page
    assert "Hoog-laagbed Sentida" in page and "100200" in page and "€ 850,00" in page
    assert "Handschoenen nitril" in page and "€ 6,50" in page and "Bestellen" in page


async def test_an_expired_quote_says_so_and_offers_to_request_it_again(make_client, shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 2, "850.00"), valid_days=-1)
    nina = await signed_in(make_client(), shop.nurse)

    page = (await nina.get(f"/profile/quotes/{mine.number}")).text
    listed = (await nina.get("/profile/quotes/")).text

    assert "Verlopen" in page and "verlopen op" in page and "Opnieuw aanvragen" in page
    assert ">Bestellen<" not in page
    assert "Verlopen" in listed


@pytest.mark.parametrize("role", ["admin", "1", "2", "3"])
async def test_roles_admin_1_2_and_3_may_open_their_quotes(make_client, shop, role):
    account = await factories.account(shop.org, role, locations=[shop.linde])
    mine = await quote(account, shop.linde, (shop.bed, 1, "850.00"))
    client = await signed_in(make_client(), account)

    assert (await client.get("/profile/quotes/")).status_code == 200
    assert (await client.get(f"/profile/quotes/{mine.number}")).status_code == 200


@pytest.mark.parametrize("role", ["4", "5", "6", "7"])
async def test_roles_4_to_7_neither_see_nor_request_quotes(make_client, shop, role):
    account = await factories.account(shop.org, role, locations=[shop.linde])
    theirs = await quote(account, shop.linde, (shop.bed, 1, "850.00"))
    client = await signed_in(make_client(), account)

    for path in ("/profile/quotes/", f"/profile/quotes/{theirs.number}", "/offerte-aanvragen"):
        response = await client.get(path)
        assert response.status_code == 403 and "Geen toegang" in response.text, path
    menu = (await client.get("/hulpmiddelen")).text
    assert "Mijn offertes" not in menu


async def test_a_colleagues_quote_and_another_organisations_answer_404(make_client, shop):
    colleague = await quote(shop.leader, shop.linde, (shop.bed, 1, "850.00"))
    nina = await signed_in(make_client(), shop.nurse)
    other = await signed_in(make_client(), shop.other_admin)

    assert (await nina.get(f"/profile/quotes/{colleague.number}")).status_code == 404
    assert (await other.get(f"/profile/quotes/{colleague.number}")).status_code == 404
    assert (await nina.get("/profile/quotes/OFF-9999-999999")).status_code == 404


async def test_a_quote_at_a_location_no_longer_assigned_answers_404(make_client, shop):
    moved = await quote(shop.nurse, shop.baken, (shop.bed, 1, "850.00"))
    nina = await signed_in(make_client(), shop.nurse)

    assert (await nina.get(f"/profile/quotes/{moved.number}")).status_code == 404
