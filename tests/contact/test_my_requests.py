"""Mijn verzoeken (/profile/verzoeken): one's own contact and appointment requests with status and
HartingBank's reply, filtered by status, sorted, a partial for htmx; a colleague's or another
organisation's request answers 404."""

from __future__ import annotations

from portal.domain.contact import requests
from portal.domain.service_requests.execution import Staff
from tests.contact.conftest import sent_contact, signed_in

LIST = "/profile/verzoeken/"


async def test_the_list_shows_ones_own_requests_with_status_and_reply(client, world):
    mine = await sent_contact(world.nurse, subject="Vraag over facturen")
    answered = await sent_contact(world.nurse, subject="Vraag over de planning")
    await requests.handle(answered.number, "De monteur komt dinsdag.", Staff("staff:bart"))
    await sent_contact(world.colleague, subject="Vraag van Karel")
    await signed_in(client, world.nurse)

    page = await client.get(LIST)
    assert page.status_code == 200
    assert "2 verzoeken gevonden" in page.text
    assert "Vraag over facturen" in page.text and "Vraag over de planning" in page.text
    assert "Vraag van Karel" not in page.text
    assert f'href="/profile/verzoeken/{mine.number}"' in page.text
    assert 'status-badge status-open">Open<' in page.text and 'status-badge status-handled">Afgehandeld<' in page.text
    assert "De monteur komt dinsdag." in page.text
    # The newest first.
    assert page.text.index("Vraag over de planning") < page.text.index("Vraag over facturen")
    assert 'href="/profile/verzoeken" aria-current="page"' in page.text  # the menu item "Mijn verzoeken"


async def test_the_status_filter_and_sort_narrow_the_list_and_htmx_gets_the_results_alone(client, world):
    await sent_contact(world.nurse, subject="Open vraag")
    answered = await sent_contact(world.nurse, subject="Beantwoorde vraag")
    await requests.handle(answered.number, "Geregeld.", Staff("staff:bart"))
    await signed_in(client, world.nurse)

    handled = await client.get(LIST, params={"status": "afgehandeld"})
    assert "1 verzoek gevonden" in handled.text and "Beantwoorde vraag" in handled.text and "Open vraag" not in handled.text
    oldest_first = await client.get(LIST, params={"sorteren": "datum"})
    assert oldest_first.text.index("Open vraag") < oldest_first.text.index("Beantwoorde vraag")

    partial = await client.get(LIST, params={"status": "open"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="requests"') and "<html" not in partial.text
    assert partial.headers["vary"] == "HX-Request" and partial.headers["hx-push-url"] == "/profile/verzoeken?status=open"
    assert "Open vraag" in partial.text and "Beantwoorde vraag" not in partial.text


async def test_a_status_that_makes_no_sense_is_ignored_with_a_message(client, world):
    await sent_contact(world.nurse)
    await signed_in(client, world.nurse)
    page = await client.get(LIST, params={"status": "<x>", "sorteren": "'; DROP"})
    assert page.status_code == 200 and "1 verzoek gevonden" in page.text
    assert "Kies open of afgehandeld; er is niet op status gefilterd." in page.text
    assert "kan niet worden gesorteerd" in page.text


async def test_a_request_page_shows_what_was_sent_and_the_reply(client, world):
    row = await sent_contact(world.nurse, subject="Vraag over de tillift", message="Regel een\nRegel twee",
                             phone="030 123 45 67")
    await signed_in(client, world.nurse)
    page = await client.get(f"/profile/verzoeken/{row.number}")
    assert page.status_code == 200
    assert f"Verzoek {row.number}" in page.text and "Vraag over de tillift" in page.text
    assert "Regel een\nRegel twee" in page.text and "030 123 45 67" in page.text
    assert "Onze online klantenservice neemt contact met u op" in page.text

    await requests.handle(row.number, "Wij bellen u morgen.", Staff("staff:bart"))
    page = await client.get(f"/profile/verzoeken/{row.number.lower()}")
    assert "Antwoord van HartingBank" in page.text and "Wij bellen u morgen." in page.text
    assert "Afgehandeld op" in page.text


async def test_a_colleagues_or_another_organisations_request_answers_404(client, make_client, world):
    colleagues = await sent_contact(world.colleague, subject="Vraag van Karel")
    foreign = await sent_contact(world.other_admin, subject="Vraag van Noord")
    await signed_in(client, world.nurse)
    for number in (colleagues.number, foreign.number, "VRZ-2026-999999", "%00", "1" * 200):
        response = await client.get(f"/profile/verzoeken/{number}")
        assert response.status_code == 404 and "Pagina niet gevonden" in response.text, number
    assert "Vraag van Noord" not in (await client.get(LIST)).text
    other = await signed_in(make_client(), world.other_admin)
    assert (await other.get(f"/profile/verzoeken/{foreign.number}")).status_code == 200
