"""The catalogue (SHOP-1): core assortment first, categories and subcategories paged, product pages with
description, photos, specifications and related products, prices contract-before-list excl. and incl. VAT,
and search pages with and without script. Roles 4 and 6 never reach it."""

import re

from portal.domain.shop.catalogue import PAGE_SIZE
from tests import asset_factories, factories, shop_factories
from tests.helpers import login


async def _shop(client, role="2"):
    org = await factories.organisation()
    loc = await factories.location(org)
    me = await factories.account(org, role=role, locations=[loc])
    await login(client, me.email)
    return org, me


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_the_core_assortment_comes_first_then_the_categories(client):
    org, _me = await _shop(client)
    beds = await asset_factories.category("Bedden")
    chairs = await asset_factories.category("Rolstoelen")
    sling = await shop_factories.product(beds, name="Tilband Comfort")
    await shop_factories.product(chairs, name="Rolstoel Breezy")
    await shop_factories.core(org, sling)
    other_org = await factories.organisation()
    foreign = await shop_factories.product(chairs, name="Rolstoel van een ander")
    await shop_factories.core(other_org, foreign)

    page = await client.get("/alle-producten/")

    assert page.status_code == 200
    text = _text(page.text)
    assert text.index("Uw kernassortiment") < text.index("Tilband Comfort") < text.index("Alle producten")
    assert "Rolstoel van een ander" not in text.split("Alle producten")[0]
    assert 'href="/alle-producten/' + beds.slug + '"' in page.text
    assert 'href="/alle-producten/' + chairs.slug + '"' in page.text


async def test_a_category_pages_its_products_and_narrows_to_a_subcategory(client):
    await _shop(client)
    beds = await asset_factories.category("Bedden")
    low = await asset_factories.subcategory(beds, "Laagbed")
    high = await asset_factories.subcategory(beds, "Hoog-laagbed")
    low_type, high_type = await asset_factories.product_type(low), await asset_factories.product_type(high)
    for n in range(PAGE_SIZE + 2):
        await shop_factories.product(beds, name=f"Hoog-laagbed {n:02d}", product_type=high_type)
    await shop_factories.product(beds, name="Laagbed Dali", product_type=low_type)

    first = await client.get(f"/alle-producten/{beds.slug}")
    second = await client.get(f"/alle-producten/{beds.slug}?pagina=2")
    only_low = await client.get(f"/alle-producten/{beds.slug}?subcategorie={low.id}")
    partial = await client.get(f"/alle-producten/{beds.slug}?pagina=2", headers={"HX-Request": "true"})

    assert f"{PAGE_SIZE + 3} producten" in _text(first.text)
    assert "Pagina 1 van 2" in first.text and 'rel="next"' in first.text
    assert "Hoog-laagbed 00" in first.text and "Laagbed Dali" not in first.text  # sorted by name
    assert "Laagbed Dali" in second.text and "Hoog-laagbed 00" not in second.text
    assert "Laagbed Dali" in only_low.text and "Hoog-laagbed" not in _text(only_low.text).split("Laagbed Dali")[1]
    assert "1 product" in _text(only_low.text)
    assert partial.status_code == 200 and "<html" not in partial.text and "Laagbed Dali" in partial.text
    assert partial.headers["HX-Push-Url"] == f"/alle-producten/{beds.slug}?pagina=2"


async def test_unknown_categories_pages_and_subcategories_answer_plainly(client):
    await _shop(client)
    beds = await asset_factories.category("Bedden")
    await shop_factories.product(beds)
    assert (await client.get("/alle-producten/bestaat-niet")).status_code == 404
    wrong_page = await client.get(f"/alle-producten/{beds.slug}?pagina=abc")
    wrong_sub = await client.get(f"/alle-producten/{beds.slug}?subcategorie=99999")
    assert wrong_page.status_code == 200 and "Die pagina bestaat niet" in wrong_page.text
    assert wrong_sub.status_code == 200 and "Die subcategorie bestaat niet" in wrong_sub.text


async def test_the_product_page_shows_description_photos_specifications_related_and_both_prices(client):
    org, _me = await _shop(client)
    chairs = await asset_factories.category("Rolstoelen")
    chair = await shop_factories.product(chairs, name="Rolstoel Breezy", article_number="300400", list_price="500.00",
                                         vat_rate="9.00", description="Lichte opvouwbare rolstoel.",
                                         specifications={"Zitbreedte": "45 cm", "Gewicht": "13 kg"},
                                         images=["rolstoelen.svg"])
    cushion = await shop_factories.product(chairs, name="Zitkussen Vicair", list_price="100.00")
    await shop_factories.related(chair, cushion)
    await shop_factories.contract_price(org, chair, "450.00")

    page = await client.get("/alle-producten/product/300400")

    text = _text(page.text)
    assert page.status_code == 200
    assert "Lichte opvouwbare rolstoel." in text
    assert "Zitbreedte 45 cm" in text and "Gewicht 13 kg" in text
    assert 'src="/static/catalogue/rolstoelen.svg"' in page.text
    assert "Gerelateerde producten" in text and "Zitkussen Vicair" in text
    # The contract price, not the list price: € 450,00 excl., € 490,50 incl. 9 % VAT.
    assert "€ 450,00 excl. btw" in text and "€ 490,50 incl. 9% btw" in text and "€ 500,00" not in text
    # The related product at its list price with 21 %: € 100,00 and € 121,00.
    assert "€ 100,00 excl. btw" in text and "€ 121,00 incl. 21% btw" in text
    assert "In winkelwagen" in text


async def test_a_product_no_longer_sold_has_no_page(client):
    await _shop(client)
    await shop_factories.product(article_number="400500", active=False)
    await shop_factories.product(article_number="400501", purchasable=False, rentable=True)
    assert (await client.get("/alle-producten/product/400500")).status_code == 404
    assert (await client.get("/alle-producten/product/400501")).status_code == 404
    assert (await client.get("/alle-producten/product/bestaat-niet")).status_code == 404


async def test_a_product_without_photos_shows_its_categorys_picture(client):
    await _shop(client)
    beds = await asset_factories.category("Bedden")
    await beds.update_self({"slug": "bedden"})
    await shop_factories.product(beds, article_number="100100")
    page = await client.get("/alle-producten/product/100100")
    assert 'src="/static/catalogue/bedden.svg"' in page.text
    assert (await client.get("/static/catalogue/bedden.svg")).status_code == 200


async def test_search_without_script_shows_a_results_page_and_while_typing_the_results_alone(client):
    await _shop(client)
    await shop_factories.product(name="Passieve tillift Atlas", article_number="200300")
    await shop_factories.product(name="Rolstoel Breezy", article_number="300400")

    page = await client.get("/alle-producten/zoeken?q=tilliften")
    typing = await client.get("/alle-producten/zoeken?q=2003", headers={"HX-Request": "true"})
    nothing = await client.get("/alle-producten/zoeken?q=xyzxyz")

    assert page.status_code == 200 and "<html" in page.text
    assert "Passieve tillift Atlas" in page.text and "Rolstoel Breezy" not in page.text
    assert 'value="tilliften"' in page.text  # what was typed stays in the field
    assert "<html" not in typing.text and "Passieve tillift Atlas" in typing.text and "In winkelwagen" in typing.text
    assert typing.headers["Vary"] == "HX-Request"
    assert "Niets gevonden" in nothing.text


async def test_every_shop_page_has_the_search_box_with_a_zoeken_button(client):
    await _shop(client)
    beds = await asset_factories.category("Bedden")
    await shop_factories.product(beds, article_number="100100")
    for path in ("/alle-producten/", f"/alle-producten/{beds.slug}", "/alle-producten/product/100100",
                 "/alle-producten/zoeken", "/winkelwagen"):
        page = await client.get(path)
        assert 'action="/alle-producten/zoeken"' in page.text, path
        assert 'hx-trigger="input changed delay:300ms, search"' in page.text, path
        assert ">Zoeken</button>" in page.text, path


async def test_roles_4_and_6_cannot_open_the_shop_and_signed_out_visitors_sign_in(client, make_client):
    for role in ("4", "6"):
        other = make_client()
        org = await factories.organisation()
        account = await factories.account(org, role=role, locations=[await factories.location(org)])
        await login(other, account.email)
        for path in ("/alle-producten/", "/alle-producten/zoeken?q=bed", "/winkelwagen"):
            response = await other.get(path)
            assert response.status_code == 403 and "Geen toegang" in response.text, (role, path)
        home = await other.get("/hulpmiddelen")
        assert 'id="basket-link"' not in home.text
    signed_out = await client.get("/alle-producten/")
    assert signed_out.status_code in (302, 303) and "/inloggen" in signed_out.headers["location"]


def test_every_category_picture_is_an_image_a_browser_draws():
    """A malformed SVG (a duplicate attribute) is shown as an empty box: each must parse as XML."""
    from xml.dom.minidom import parse

    from portal.domain.shop.catalogue import IMAGE_DIR

    pictures = sorted(IMAGE_DIR.glob("*.svg"))
    assert len(pictures) >= 9
    for picture in pictures:
        assert parse(str(picture)).documentElement.tagName == "svg", picture.name
