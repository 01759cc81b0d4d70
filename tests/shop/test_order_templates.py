"""Order templates (SHOP-7): "Opslaan als template" from the basket with a name ("Verzenden"), "Mijn
ordertemplates" lists, renames and deletes them and shows their lines; "Template laden" adds the ticked
templates' products to the basket (quantities added up; a product no longer sold is listed back)."""

from __future__ import annotations

from portal.tables import OrderTemplate, OrderTemplateLine, Product
from tests import order_factories
from tests.helpers import csrf_token
from tests.shop.conftest import fill, signed_in
from tests.shop.test_checkout import basket_lines


async def post(client, path: str, data: dict):
    token = await csrf_token(client, "/profile/ordertemplates/nieuw")
    return await client.post(path, data={"_csrf_token": token, **data})


async def test_the_basket_is_saved_as_a_template_under_its_name(make_client, shop):
    await fill(shop.buyer, (shop.bed, 2), (shop.gloves, 5))
    bram = await signed_in(make_client(), shop.buyer)
    form = (await bram.get("/profile/ordertemplates/nieuw")).text
    assert "Opslaan als template" in form and "Verzenden" in form

    answer = await post(bram, "/profile/ordertemplates", {"name": "  Weekbestelling West  "})

    assert answer.status_code == 303 and answer.headers["location"] == "/profile/ordertemplates"
    template = await OrderTemplate.objects().get(OrderTemplate.account == shop.buyer.id)
    assert template.name == "Weekbestelling West"
    lines = await OrderTemplateLine.select(OrderTemplateLine.product, OrderTemplateLine.quantity).where(
        OrderTemplateLine.template == template.id).order_by(OrderTemplateLine.id)
    assert [(line["product"], line["quantity"]) for line in lines] == [(shop.bed.id, 2), (shop.gloves.id, 5)]
    page = (await bram.get("/profile/ordertemplates/")).text
    assert "Weekbestelling West" in page and "2 producten" in page and "Hoog-laagbed Sentida" in page
    assert "De template &#39;Weekbestelling West&#39; is opgeslagen." in page


async def test_an_empty_or_too_long_name_is_answered_next_to_the_field_and_kept(make_client, shop):
    await fill(shop.buyer, (shop.gloves, 1))
    bram = await signed_in(make_client(), shop.buyer)
    for name, message in (("   ", "Geef de template een naam"), ("x" * 151, "ten hoogste 150 tekens")):
        answer = await post(bram, "/profile/ordertemplates", {"name": name})
        assert answer.status_code == 200 and message in answer.text and 'aria-invalid="true"' in answer.text
        assert f'value="{name.strip()}"' in answer.text or name.strip() == ""
    assert await OrderTemplate.count() == 0


async def test_an_empty_basket_cannot_become_a_template(make_client, shop):
    bram = await signed_in(make_client(), shop.buyer)
    answer = await post(bram, "/profile/ordertemplates", {"name": "Leeg"})
    assert answer.status_code == 200 and "Uw winkelwagen is leeg" in answer.text
    assert await OrderTemplate.count() == 0


async def test_loading_ticked_templates_adds_up_quantities_and_lists_back_what_is_no_longer_sold(make_client, shop):
    one = await order_factories.template(shop.buyer, "Week", [(shop.gloves, 5), (shop.old, 1)])
    two = await order_factories.template(shop.buyer, "Maand", [(shop.gloves, 2), (shop.bed, 1)])
    await order_factories.template(shop.buyer, "Niet aangevinkt", [(shop.bed, 9)])
    await Product.update({Product.active: False}).where(Product.id == shop.old.id)
    await fill(shop.buyer, (shop.gloves, 1))
    bram = await signed_in(make_client(), shop.buyer)

    token = await csrf_token(bram, "/profile/ordertemplates/")
    answer = await bram.post("/profile/ordertemplates/laden",
                             data={"_csrf_token": token, "template": [str(one.id), str(two.id)]})

    assert answer.status_code == 303 and answer.headers["location"] == "/winkelwagen"
    assert sorted(await basket_lines(shop.buyer)) == sorted([(shop.gloves.id, 8), (shop.bed.id, 1)])
    flashes = (await bram.get("/winkelwagen")).text
    assert "Niet toegevoegd: Oude rollator: Dit product wordt niet meer verkocht." in flashes


async def test_loading_nothing_ticked_says_so(make_client, shop):
    await order_factories.template(shop.buyer, "Week", [(shop.gloves, 5)])
    bram = await signed_in(make_client(), shop.buyer)
    answer = await post(bram, "/profile/ordertemplates/laden", {})
    assert answer.status_code == 200 and "Vink ten minste één template aan." in answer.text


async def test_rename_and_delete(make_client, shop):
    template = await order_factories.template(shop.buyer, "Week", [(shop.gloves, 5)])
    bram = await signed_in(make_client(), shop.buyer)

    bad = await post(bram, f"/profile/ordertemplates/{template.id}/naam", {"name": ""})
    assert bad.status_code == 200 and "Geef de template een naam" in bad.text
    assert (await post(bram, f"/profile/ordertemplates/{template.id}/naam", {"name": "Weekbestelling"})).status_code == 303
    assert (await OrderTemplate.objects().get(OrderTemplate.id == template.id)).name == "Weekbestelling"
    assert (await post(bram, f"/profile/ordertemplates/{template.id}/verwijderen", {})).status_code == 303
    assert await OrderTemplate.count() == 0 and await OrderTemplateLine.count() == 0


async def test_a_template_of_someone_else_or_another_organisation_is_not_found(make_client, shop):
    colleague = await order_factories.template(shop.nurse, "Van Nina", [(shop.gloves, 5)])
    bram = await signed_in(make_client(), shop.buyer)

    assert "Van Nina" not in (await bram.get("/profile/ordertemplates/")).text
    for path, data in ((f"/profile/ordertemplates/{colleague.id}/naam", {"name": "Van Bram"}),
                       (f"/profile/ordertemplates/{colleague.id}/verwijderen", {}),
                       ("/profile/ordertemplates/laden", {"template": str(colleague.id)})):
        assert (await post(bram, path, data)).status_code == 404, path
    assert (await OrderTemplate.objects().get(OrderTemplate.id == colleague.id)).name == "Van Nina"
    assert await basket_lines(shop.buyer) == []


async def test_roles_4_and_6_never_reach_the_templates(make_client, shop):
    from tests import factories

    for role in ("4", "6"):
        person = await factories.account(shop.org, role, locations=[shop.linde])
        client = await signed_in(make_client(), person)
        assert (await client.get("/profile/ordertemplates/")).status_code == 403
        assert (await client.get("/bestellen")).status_code == 403
