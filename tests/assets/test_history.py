"""Historie inzien (AST-6): one timeline of every kind of action on the aid, filtered by period and kind;
each row with order number, status, request date and kind, linking to the request."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from tests import asset_factories as af
from tests.helpers import login


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
async def history(fleet):
    aid = fleet.aids["n1"]
    made = [
        await af.service_request(aid, "repair", "done", number="SRV-2025-000101", created_at=_utc(2025, 4, 2, 9)),
        await af.service_request(aid, "cleaning", "done", number="SRV-2025-000150", created_at=_utc(2025, 9, 14, 12)),
        await af.service_request(aid, "relocation", "planned", number="SRV-2026-000007", created_at=_utc(2026, 1, 8, 15)),
        await af.service_request(aid, "to_depot", "submitted", number="SRV-2026-000031", created_at=_utc(2026, 2, 20, 10)),
        await af.service_request(aid, "inspection", "done", number="SRV-2026-000040", created_at=_utc(2026, 3, 1, 23, 30)),
        await af.service_request(aid, "maintenance", "awaiting_authorisation", number="SRV-2026-000052",
                                 created_at=_utc(2026, 3, 5, 8)),
        await af.service_request(aid, "from_depot", "rejected", number="SRV-2026-000060", created_at=_utc(2026, 4, 1, 8)),
    ]
    # Another aid's history stays on that aid.
    await af.service_request(fleet.aids["n2"], "repair", "done", number="SRV-2026-000099", created_at=_utc(2026, 2, 1))
    return made


def _numbers(html: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Ordernummer"[^>]*><a href="/hulpmiddelen/HB1001/historie/([^"]+)">', html)


async def test_the_timeline_shows_every_kind_newest_first(client, fleet, history):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/HB1001/historie")
    assert response.status_code == 200
    assert _numbers(response.text) == [
        "SRV-2026-000060", "SRV-2026-000052", "SRV-2026-000040", "SRV-2026-000031", "SRV-2026-000007",
        "SRV-2025-000150", "SRV-2025-000101",
    ]
    html = response.text
    for text in ("Reparatie", "Reiniging", "Verplaatsing", "Naar depot brengen", "Keuring", "Onderhoud",
                 "Uit depot ophalen", "Uitgevoerd", "Ingepland", "Aangevraagd", "Wacht op autorisatie", "Afgewezen"):
        assert text in html, text
    row = html[html.index("SRV-2026-000040</a>"):]
    assert "Keuring" in row[:300] and "2-3-2026" in row[:400]  # 23:30 UTC is 2 March in the Netherlands
    assert "SRV-2026-000099" not in html


async def test_the_object_page_offers_historie_inzien(client, fleet, history):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen/HB1001")).text
    assert 'href="/hulpmiddelen/HB1001/historie"' in html and "Historie inzien" in html
    assert _numbers(html) == []  # opened on request


async def test_htmx_gets_the_history_fragment(client, fleet, history):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/HB1001/historie?soort=repair", headers={"HX-Request": "true"})
    assert "<html" not in response.text and 'id="history-body"' in response.text
    assert _numbers(response.text) == ["SRV-2025-000101"]
    full = await client.get("/hulpmiddelen/HB1001/historie?soort=repair")
    assert "<html" in full.text and _numbers(full.text) == ["SRV-2025-000101"]


async def test_filter_by_kind(client, fleet, history):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen/HB1001/historie?soort=cleaning")).text
    assert _numbers(html) == ["SRV-2025-000150"]


async def test_filter_by_period_of_request(client, fleet, history):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen/HB1001/historie?van=2026-01-01&tot=2026-03-02")).text
    assert _numbers(html) == ["SRV-2026-000040", "SRV-2026-000031", "SRV-2026-000007"]
    # Whole days in the Netherlands: 1 March 23:30 UTC was already 2 March.
    html = (await client.get("/hulpmiddelen/HB1001/historie?van=2026-01-01&tot=2026-03-01")).text
    assert _numbers(html) == ["SRV-2026-000031", "SRV-2026-000007"]
    html = (await client.get("/hulpmiddelen/HB1001/historie?van=2026-03-02&soort=maintenance")).text
    assert _numbers(html) == ["SRV-2026-000052"]


async def test_bad_history_filters_give_a_message(client, fleet, history):
    await login(client, "admin@noord.nl")
    response = await client.get("/hulpmiddelen/HB1001/historie?van=gisteren&soort=sloop&pagina=99")
    assert response.status_code == 200
    assert len(_numbers(response.text)) == 7
    for text in ("&#39;gisteren&#39; is geen datum", "Onbekende soort actie", "Deze pagina bestaat niet"):
        assert text in response.text, text


async def test_an_aid_without_history_says_so(client, fleet):
    await login(client, "admin@noord.nl")
    html = (await client.get("/hulpmiddelen/HB3003/historie")).text
    assert "Er zijn nog geen acties voor dit hulpmiddel." in html


async def test_the_order_number_opens_the_request(client, fleet, history):
    await login(client, "noord@noord.nl")
    response = await client.get("/hulpmiddelen/HB1001/historie/SRV-2026-000007")
    assert response.status_code == 200
    for text in ("Verplaatsing SRV-2026-000007", "Ingepland", "8-1-2026", "Statusverloop", "HartingBank", "Huize Noord"):
        assert text in response.text, text


async def test_a_request_of_another_aid_is_not_found_under_this_one(client, fleet, history):
    await login(client, "admin@noord.nl")
    assert (await client.get("/hulpmiddelen/HB1001/historie/SRV-2026-000099")).status_code == 404
    assert (await client.get("/hulpmiddelen/HB1002/historie/SRV-2026-000099")).status_code == 200
    assert (await client.get("/hulpmiddelen/HB1001/historie/SRV-0000")).status_code == 404


async def test_long_histories_are_paged(client, fleet, monkeypatch):
    from portal.domain import assets

    monkeypatch.setattr(assets.history, "HISTORY_PAGE_SIZE", 3)
    for day in range(1, 8):
        await af.service_request(fleet.aids["s1"], "inspection", "done", created_at=_utc(2026, 1, day))
    await login(client, "admin@noord.nl")
    first = (await client.get("/hulpmiddelen/HB3001/historie")).text
    assert first.count('data-label="Ordernummer"') == 3 and 'rel="next"' in first and ">Oudere</a>" in first
    third = (await client.get("/hulpmiddelen/HB3001/historie?pagina=3")).text
    assert third.count('data-label="Ordernummer"') == 1 and 'rel="prev"' in third and 'rel="next"' not in third
