"""Huren (RENT-1): the rental assortment per category, the fixed daily rent, the manual's note that a
comparable item is delivered, related products for rent or to buy; who may open it."""

from __future__ import annotations

from tests import factories
from tests.rental.conftest import shown, signed_in


async def test_the_rental_catalogue_shows_only_categories_with_products_for_rent(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    page = shown((await bram.get("/huur")).text)

    assert "<h1>Huren</h1>" in page
    assert "Bedden" in page and "Tilliften en tilbanden" in page
    assert "Getoonde teksten en foto's zijn voorbeelden" in page or "Getoonde teksten en foto&#39;s zijn voorbeelden" in page
    assert "/huur/" + rental.beds.slug in page


async def test_a_category_lists_its_products_for_rent_with_the_daily_rent_and_meer_informatie(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    page = shown((await bram.get(f"/huur/{rental.hoists.slug}")).text)

    assert "Passieve tillift Huur" in page and "Tilband maat M" in page
    assert "Rollator Koop" not in page  # only to buy
    assert "€ 12,00" in page and "per dag" in page and "Meer informatie" in page
    assert "/huur/product/700200" in page
    assert "In winkelwagen" not in page


async def test_a_category_page_answers_htmx_with_the_cards_alone(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    fragment = await bram.get(f"/huur/{rental.hoists.slug}", headers={"HX-Request": "true"})

    assert fragment.status_code == 200 and "<html" not in fragment.text and "Passieve tillift Huur" in fragment.text
    assert fragment.headers["Vary"] == "HX-Request"


async def test_the_product_page_shows_the_daily_rent_the_note_and_related_products_for_rent_and_to_buy(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    page = shown((await bram.get("/huur/product/700200")).text)

    assert "Passieve tillift Huur" in page and "€ 12,00" in page and "Vaste huurprijs per dag" in page
    assert "vergelijkbaar product" in page
    assert "Passieve tillift voor transfers vanuit bed." in page and "<dt>Hefvermogen</dt><dd>175 kg</dd>" in page
    assert "Huuraanvraag" in page and 'action="/huur/product/700200/aanvraag"' in page
    # Related: the sling for rent (its rental page), the walker to buy (the shop's page).
    assert "/huur/product/700300" in page and "/alle-producten/product/700400" in page


async def test_a_product_only_to_buy_and_an_unknown_category_are_not_in_the_rental_catalogue(make_client, rental):
    bram = await signed_in(make_client(), rental.buyer)

    assert (await bram.get("/huur/product/700400")).status_code == 404
    assert (await bram.get("/huur/geen-categorie")).status_code == 404


async def test_a_product_no_longer_for_rent_answers_404(make_client, rental):
    from portal.tables import Product

    await Product.update({Product.rentable: False}).where(Product.id == rental.bed.id)
    bram = await signed_in(make_client(), rental.buyer)

    assert (await bram.get("/huur/product/700100")).status_code == 404


async def test_role_4_may_not_rent_and_a_colleague_of_another_organisation_sees_the_same_catalogue(make_client, rental):
    viewer = await factories.account(rental.org, "4", email="kijker@delinde.nl", locations=[rental.linde])
    kijker = await signed_in(make_client(), viewer)
    other = await signed_in(make_client(), rental.other_admin)

    denied = await kijker.get("/huur")
    assert denied.status_code == 403 and "Geen toegang" in denied.text
    assert (await kijker.get("/shop/rentalbasket")).status_code == 403
    # The assortment is HartingBank's, the same for every customer.
    assert (await other.get("/huur/product/700200")).status_code == 200


async def test_signed_out_the_rental_pages_ask_to_sign_in(make_client, rental):
    anonymous = make_client()

    response = await anonymous.get("/huur")

    assert response.status_code in (302, 303) and "/inloggen" in response.headers["location"]
