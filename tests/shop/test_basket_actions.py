"""The order actions the basket page includes (templates/shop/_basket_actions_orders.html): to checkout,
"Opslaan als template" with its name form ("Verzenden") and "Template laden", all by route name."""

from __future__ import annotations

from types import SimpleNamespace


def test_the_basket_actions_lead_to_checkout_save_and_load(app):
    environment = app.template_engine.engine
    html = environment.get_template("shop/_basket_actions_orders.html").render(
        request=SimpleNamespace(app=app), csrf_token=lambda: "token")

    assert 'href="/bestellen"' in html and "Order plaatsen" in html
    assert 'action="/profile/ordertemplates"' in html and 'name="name"' in html and "Verzenden" in html
    assert 'href="/profile/ordertemplates"' in html and "Template laden" in html
    assert 'name="_csrf_token" value="token"' in html
