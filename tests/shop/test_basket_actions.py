"""The basket page's order actions (SHOP-5, SHOP-7): to checkout, "Opslaan als template" with its name form
("Verzenden"), "Template laden" (also with an empty basket) and "Winkelwagen leegmaken", by route name."""

from __future__ import annotations

from tests.shop.conftest import fill, signed_in


async def test_a_filled_basket_leads_to_checkout_save_and_load(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 2))
    bram = await signed_in(make_client(), shop.buyer)

    html = (await bram.get("/winkelwagen")).text

    assert 'href="/bestellen"' in html and "Order plaatsen" in html
    assert 'action="/profile/ordertemplates"' in html and 'name="name"' in html and "Verzenden" in html
    assert 'href="/profile/ordertemplates"' in html and "Template laden" in html
    assert "Winkelwagen leegmaken" in html


async def test_an_empty_basket_offers_only_loading_a_template(make_client, shop):
    bram = await signed_in(make_client(), shop.buyer)

    html = (await bram.get("/winkelwagen")).text

    assert "Uw winkelwagen is leeg" in html and 'href="/profile/ordertemplates"' in html
    assert 'href="/bestellen"' not in html and "Opslaan als template" not in html
