"""Quick order (issue 10 item 3): lines of "artikelnummer aantal" (space, tab or semicolon; no quantity
means 1) go to the basket; unknown and unsold articles and bad quantities come back with a Dutch message,
and only those lines stay in the field."""

import re

import pytest

from portal.domain.shop import basket
from portal.domain.shop.quick_order import parse_lines
from tests import factories, shop_factories
from tests.helpers import csrf_token, login

HX = {"HX-Request": "true"}


async def _me(client):
    org = await factories.organisation()
    me = await factories.account(org, role="2", locations=[await factories.location(org)])
    await login(client, me.email)
    return me


async def _post(client, text, headers=None):
    token = await csrf_token(client, "/winkelwagen")
    return await client.post("/winkelwagen/snel-bestellen", data={"_csrf_token": token, "regels": text},
                             headers=headers or {})


async def _lines(account):
    return sorted((line.article_number, line.quantity) for line in (await basket.contents(account)).lines)


def _field(html: str) -> str:
    return re.search(r'<textarea id="f-regels"[^>]*>(.*?)</textarea>', html, re.S).group(1)


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
async def test_known_articles_go_to_the_basket_with_every_separator(client, headers):
    me = await _me(client)
    for number in ("000123", "000124", "000125", "000126"):
        await shop_factories.product(article_number=number)

    response = await _post(client, "000123 4\n000124\t2\n000125;3\n  000126  \n\n", headers)

    assert await _lines(me) == [("000123", 4), ("000124", 2), ("000125", 3), ("000126", 1)]
    if headers:
        assert response.status_code == 200 and "<html" not in response.text
        assert "Toegevoegd aan de winkelwagen" in response.text and _field(response.text) == ""
        assert re.search(r'<span class="badge"[^>]*>10</span>', response.text)  # the header's count, out of band
    else:
        assert response.status_code == 303 and response.headers["location"] == "/winkelwagen"
        assert "4 artikelen toegevoegd aan de winkelwagen." in (await client.get("/winkelwagen")).text


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
async def test_unknown_unsold_and_bad_lines_come_back_with_why_and_stay_in_the_field(client, headers):
    me = await _me(client)
    await shop_factories.product(article_number="000123")
    await shop_factories.product(article_number="000200", active=False)
    await shop_factories.product(article_number="000300", purchasable=False, rentable=True)

    text = "000123 2\n999999 1\n000200 1\n000300\n000123 0\n000123 1,5\n000123 twee\n000123 1000000000\n000123 1 2"
    response = await _post(client, text, headers)

    assert response.status_code == 200
    page = response.text
    assert "Artikelnummer 999999 bestaat niet." in page
    assert "Artikel 000200 wordt niet meer verkocht." in page
    assert "Artikel 000300 wordt niet meer verkocht." in page
    assert page.count("Vul een heel aantal van 1 tot en met 9.999 in.") == 4
    assert "Zet per regel één artikelnummer en één aantal" in page
    assert _field(page) == "\n".join(text.splitlines()[1:])  # all but the line that was added, in order
    assert await _lines(me) == [("000123", 2)]


async def test_an_empty_field_adds_nothing_and_says_so(client):
    me = await _me(client)
    response = await _post(client, "   \n  ")
    assert response.status_code == 303
    assert "Er is niets toegevoegd" in (await client.get("/winkelwagen")).text
    assert await _lines(me) == []


def test_the_lines_are_read_as_article_number_and_quantity():
    items, problems = parse_lines("000123 4\r\n000124;;2\n000125\t 7\n\x00000126\n000127 1,5")
    assert [(article, quantity) for _line, article, quantity in items] == [
        ("000123", 4), ("000124", 2), ("000125", 7), ("000126", 1)]
    assert [problem.line for problem in problems] == ["000127 1,5"]
