"""The basket pages (SHOP-3, SHOP-4): "In winkelwagen", Herberekenen, Verwijderen, Leegmaken, each with
and without HX-Request; the header count; bad quantities kept with the message; prices and accounts sent
in the form ignored; a foreign line 404; roles without the shop refused."""

import json
import re
from decimal import Decimal

import pytest

from portal.domain.shop import basket
from portal.tables import BasketLine
from tests import factories, shop_factories
from tests.helpers import csrf_token, login

HX = {"HX-Request": "true"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def _me(client, role="2"):
    org = await factories.organisation()
    loc = await factories.location(org)
    me = await factories.account(org, role=role, locations=[loc])
    await login(client, me.email)
    return org, me


async def _post(client, path, data, headers=None):
    token = await csrf_token(client, "/winkelwagen")
    return await client.post(path, data={"_csrf_token": token, **data}, headers=headers or {})


async def _lines(account):
    return [(line.article_number, line.quantity) for line in (await basket.contents(account)).lines]


async def test_adding_without_script_goes_back_with_a_message_and_adds_up(client):
    _org, me = await _me(client)
    bed = await shop_factories.product(name="Hoog-laagbed", article_number="100200")
    first = await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": "2",
                                                           "terug": "/alle-producten/product/100200"})
    shown = await client.get(first.headers["location"])
    await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": "3"})

    assert first.status_code == 303 and first.headers["location"] == "/alle-producten/product/100200"
    assert "2 × Hoog-laagbed in de winkelwagen (nu 2)." in shown.text
    assert await _lines(me) == [("100200", 5)]


async def test_adding_with_htmx_answers_the_form_and_the_header_count_out_of_band(client):
    _org, me = await _me(client)
    bed = await shop_factories.product(name="Hoog-laagbed", article_number="100200")
    response = await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": "4", "plek": "zoek"}, HX)

    assert response.status_code == 200 and "<html" not in response.text
    assert f'id="add-zoek-{bed.id}"' in response.text
    assert 'id="basket-link"' in response.text and 'hx-swap-oob="true"' in response.text
    assert re.search(r'<span class="badge"[^>]*>4</span>', response.text)
    assert "basket-changed" in json.loads(response.headers["HX-Trigger"])
    assert await _lines(me) == [("100200", 4)]


async def test_the_header_count_loads_with_htmx_and_counts_only_products_still_sold(client):
    _org, me = await _me(client)
    bed = await shop_factories.product()
    gone = await shop_factories.product()
    await basket.add(me, [(bed.id, 2), (gone.id, 5)])
    await gone.update_self({"active": False})

    page = await client.get("/hulpmiddelen")
    count = await client.get("/winkelwagen/aantal", headers=HX)
    without_script = await client.get("/winkelwagen/aantal")

    assert 'id="basket-link"' in page.text and 'hx-get="/winkelwagen/aantal"' in page.text
    assert re.search(r'<span class="badge"[^>]*>2</span>', count.text)
    assert without_script.status_code == 302 and without_script.headers["location"] == "/winkelwagen"


@pytest.mark.parametrize("typed", ["0", "-1", "1,5", "2.5", "1000000000", "twee", "", " ", "1e3", "٣"])
async def test_a_bad_quantity_is_refused_next_to_the_field_and_kept(client, typed):
    _org, me = await _me(client)
    bed = await shop_factories.product(name="Hoog-laagbed")
    plain = await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": typed})
    partial = await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": typed, "plek": "lijst"}, HX)

    for response in (plain, partial):
        assert response.status_code == 200
        assert "Vul een heel aantal van 1 tot en met 9.999 in." in response.text
        assert 'aria-invalid="true"' in response.text
        assert f'value="{typed.strip()}"' in response.text
    assert "<html" in plain.text and "<html" not in partial.text
    assert "HX-Trigger" not in partial.headers
    assert await _lines(me) == []


async def test_an_unknown_or_unsold_product_is_refused_with_a_message(client):
    _org, me = await _me(client)
    gone = await shop_factories.product(active=False)
    for product in (str(gone.id), "999999", "abc", "-1", ""):
        plain = await _post(client, "/winkelwagen/toevoegen", {"product": product, "aantal": "1"})
        assert plain.status_code == 303
        assert "bestaat niet of wordt niet meer verkocht" in (await client.get(plain.headers["location"])).text
        partial = await _post(client, "/winkelwagen/toevoegen", {"product": product, "aantal": "1"}, HX)
        assert partial.status_code == 200 and "bestaat niet of wordt niet meer verkocht" in partial.text
    assert await _lines(me) == []


async def test_a_price_or_account_sent_along_is_ignored(client):
    org, me = await _me(client)
    colleague = await factories.account(org, role="2")
    bed = await shop_factories.product(list_price="1000.00")
    await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": "1", "price": "0.01",
                                                   "prijs": "0.01", "account": colleague.id, "account_id": colleague.id})
    page = _text((await client.get("/winkelwagen")).text)
    assert await _lines(colleague) == [] and len(await _lines(me)) == 1
    assert "€ 1.000,00" in page and "0,01" not in page


async def test_the_basket_shows_lines_contract_prices_and_totals_per_vat_rate(client):
    org, me = await _me(client)
    bed = await shop_factories.product(name="Hoog-laagbed", list_price="1000.00", vat_rate="21.00")
    chair = await shop_factories.product(name="Rolstoel", list_price="300.00", vat_rate="9.00")
    gone = await shop_factories.product(name="Oude tillift", list_price="700.00")
    await shop_factories.contract_price(org, chair, "250.00")
    await basket.add(me, [(bed.id, 2), (chair.id, 3), (gone.id, 1)])
    await gone.update_self({"purchasable": False})

    text = _text((await client.get("/winkelwagen")).text)

    assert "Hoog-laagbed" in text and "€ 2.000,00" in text
    assert "Rolstoel" in text and "€ 250,00" in text and "€ 750,00" in text
    assert "Oude tillift" in text and "Niet meer leverbaar; telt niet mee" in text
    assert "Totaal excl. btw € 2.750,00" in text
    assert "Btw 9% € 67,50" in text and "Btw 21% € 420,00" in text
    assert "Totaal incl. btw € 3.237,50" in text
    assert "Herberekenen" in text and "Winkelwagen leegmaken" in text


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
async def test_herberekenen_saves_the_quantities(client, headers):
    _org, me = await _me(client)
    bed = await shop_factories.product(article_number="100200", list_price="10.00")
    await basket.add(me, [(bed.id, 1)])
    line = (await basket.contents(me)).lines[0]

    response = await _post(client, "/winkelwagen/herberekenen", {f"aantal-{line.id}": "7"}, headers)

    assert await _lines(me) == [("100200", 7)]
    if headers:
        assert response.status_code == 200 and "<html" not in response.text and 'id="basket"' in response.text
        assert "€ 70,00" in _text(response.text) and 'hx-swap-oob="true"' in response.text
    else:
        assert response.status_code == 303 and response.headers["location"] == "/winkelwagen"


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
async def test_herberekenen_keeps_a_bad_quantity_with_its_message_and_saves_the_rest(client, headers):
    _org, me = await _me(client)
    bed = await shop_factories.product(article_number="100200")
    chair = await shop_factories.product(article_number="300400")
    await basket.add(me, [(bed.id, 1), (chair.id, 1)])
    bed_line, chair_line = (await basket.contents(me)).lines

    response = await _post(client, "/winkelwagen/herberekenen",
                           {f"aantal-{bed_line.id}": "0", f"aantal-{chair_line.id}": "3"}, headers)

    assert response.status_code == 200
    assert "Vul een heel aantal van 1 tot en met 9.999 in." in response.text
    assert f'id="aantal-{bed_line.id}" name="aantal-{bed_line.id}" type="text" inputmode="numeric" autocomplete="off" maxlength="20" value="0" aria-invalid="true"' in response.text
    assert await _lines(me) == [("100200", 1), ("300400", 3)]


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
async def test_verwijderen_takes_one_line_out(client, headers):
    _org, me = await _me(client)
    bed = await shop_factories.product(article_number="100200")
    chair = await shop_factories.product(article_number="300400")
    await basket.add(me, [(bed.id, 1), (chair.id, 2)])
    bed_line = (await basket.contents(me)).lines[0]

    response = await _post(client, "/winkelwagen/verwijderen", {"regel": bed_line.id}, headers)

    assert await _lines(me) == [("300400", 2)]
    assert response.status_code == (200 if headers else 303)
    if headers:
        assert re.search(r'<span class="badge"[^>]*>2</span>', response.text)


async def test_a_line_of_another_basket_answers_404_and_stays(client):
    org, _me_account = await _me(client)
    colleague = await factories.account(org, role="2")
    bed = await shop_factories.product()
    await basket.add(colleague, [(bed.id, 1)])
    line = (await basket.contents(colleague)).lines[0]

    for data in ({"regel": line.id}, {"regel": "abc"}, {"regel": ""}, {}):
        for headers in ({}, HX):
            response = await _post(client, "/winkelwagen/verwijderen", data, headers)
            assert response.status_code == 404, (data, headers)
    # Quantities of lines that are not the account's are passed over, never changed.
    await _post(client, "/winkelwagen/herberekenen", {f"aantal-{line.id}": "9"})
    assert await BasketLine.select(BasketLine.quantity).where(BasketLine.id == line.id).first() == {"quantity": 1}


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
async def test_leegmaken_empties_the_basket(client, headers):
    _org, me = await _me(client)
    await basket.add(me, [((await shop_factories.product()).id, 3)])
    response = await _post(client, "/winkelwagen/leegmaken", {}, headers)
    assert await _lines(me) == []
    assert response.status_code == (200 if headers else 303)
    page = await client.get("/winkelwagen")
    assert "Uw winkelwagen is leeg" in page.text


async def test_the_basket_follows_the_account_to_another_device(client, make_client):
    _org, me = await _me(client)
    bed = await shop_factories.product(name="Hoog-laagbed")
    await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": "2"})
    phone = make_client()
    await login(phone, me.email)
    assert "Hoog-laagbed" in (await phone.get("/winkelwagen")).text


async def test_roles_4_and_6_cannot_add_or_change_a_basket(client):
    bed = await shop_factories.product()
    for role in ("4", "6"):
        _org, me = await _me(client, role=role)
        token = await csrf_token(client, "/hulpmiddelen")
        for path, data in (("/winkelwagen/toevoegen", {"product": bed.id, "aantal": "1"}),
                           ("/winkelwagen/leegmaken", {}), ("/winkelwagen/snel-bestellen", {"regels": "1"})):
            response = await client.post(path, data={"_csrf_token": token, **data})
            assert response.status_code == 403, (role, path)
        assert await _lines(me) == []
        await client.post("/uitloggen", data={"_csrf_token": token})


async def test_quantities_are_capped_at_the_maximum_with_a_message(client):
    _org, me = await _me(client)
    bed = await shop_factories.product()
    await basket.add(me, [(bed.id, 9990)])
    response = await _post(client, "/winkelwagen/toevoegen", {"product": bed.id, "aantal": "20"}, HX)
    assert "het aantal is 9999" in response.text
    assert (await basket.contents(me)).lines[0].quantity == 9999
    assert (await basket.contents(me)).totals.excl == Decimal("999900.00")
