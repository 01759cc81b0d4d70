"""The demo quotes (portal.seed.demo_quotes): the role-2 demo login gets one quote of each kind the pages
show: requested, answered and valid, expired, and ordered with its order."""

from __future__ import annotations

from datetime import date

from portal.domain.quotes.labels import shown_status
from portal.seed.demo_quotes import add_demo_quotes
from portal.tables import Order, Quote, QuoteLine
from tests import factories, shop_factories


async def test_the_role_2_demo_login_gets_a_quote_of_each_kind():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde")
    fatima = await factories.account(org, "2", email="rol2@delinde.nl", locations=[linde])
    for n in range(12):
        await shop_factories.product(article_number=f"{700000 + n}", list_price="100.00")

    assert await add_demo_quotes() == 4

    quotes = await Quote.objects().where(Quote.account == fatima.id).order_by(Quote.id)
    assert [shown_status(q.status, q.valid_until, date.today()) for q in quotes] == [
        "requested", "sent", "expired", "ordered"]
    assert all(q.number.startswith("OFF-") for q in quotes)
    assert await QuoteLine.count().where(QuoteLine.quote == quotes[1].id) == 3
    ordered = await Order.objects().where(Order.quote == quotes[3].id).first()
    assert ordered is not None and ordered.account == fatima.id


async def test_no_demo_quotes_without_the_demo_login():
    assert await add_demo_quotes() == 0
