"""Set-up for delivering rental orders (issue 11, item 5): a care organisation with De Linde (department
West) and Het Baken, two rentable products with a type and a fixed daily rent, the buyer who rents (role
5, De Linde only), the administrator, a colleague at Het Baken, HartingBank staff signed in to /admin,
and another organisation with an aid of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from piccolo.apps.user.tables import BaseUser

from portal.tables import Order, OrderLine
from tests import asset_factories as af
from tests import factories, order_factories, shop_factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.helpers import login

FORMS = "/admin/api/forms"


@dataclass
class Rental:
    org: object
    linde: object
    west: object
    baken: object
    bed: object  # € 3,45 a day, type "Sentida 7" (Bedden / Hoog-laagbed)
    lift: object  # € 12,10 a day, type "Birdie Evo" (Tilliften / Tillift mobiel)
    sold: object  # a purchase product
    buyer: object
    admin: object
    colleague: object
    other_org: object
    other_aid: object
    own_aid: object


@pytest.fixture
async def rental() -> Rental:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde", city="Utrecht")
    west = await factories.department(linde, "West")
    baken = await factories.location(org, "Het Baken", city="Zeist")
    beds = await af.subcategory(await af.category("Bedden"), "Hoog-laagbed")
    lifts = await af.subcategory(await af.category("Tilliften"), "Tillift mobiel")
    sentida, birdie = await af.product_type(beds, "Sentida 7"), await af.product_type(lifts, "Birdie Evo")
    bed = await shop_factories.product(name="Hoog-laagbed Sentida", article_number="700100", rentable=True,
                                       daily_rent="3.45", product_type=sentida)
    lift = await shop_factories.product(name="Tillift Birdie", article_number="700200", rentable=True,
                                        daily_rent="12.10", product_type=birdie)
    sold = await shop_factories.product(name="Rollator", article_number="700300", product_type=birdie)
    buyer = await factories.account(org, "5", name="Bram Inkoper", email="bram@delinde.nl", locations=[linde])
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@delinde.nl")
    colleague = await factories.account(org, "5", name="Chris Collega", email="chris@delinde.nl", locations=[baken])
    own_aid = await af.asset(org, linde, sentida, object_number="HB0000777")
    other_org = await factories.organisation("Zorgpunt Noord")
    other_aid = await af.asset(other_org, await factories.location(other_org, "Noorderhof"), birdie,
                               object_number="HB0000888")
    return Rental(org, linde, west, baken, bed, lift, sold, buyer, admin, colleague, other_org, other_aid, own_aid)


async def rental_order(account, location, lines, *, department=None, reference: str = "",
                       rental_start: date | None = None, created_days_ago: int = 10, number: str | None = None,
                       kind: str = "rental") -> Order:
    """An order made by the factory, its lines carrying the product's daily rent as a rental basket would."""
    order = await order_factories.order(account, location, department=department, kind=kind, lines=lines,
                                        reference=reference, number=number, status="confirmed",
                                        created_at=datetime.now(timezone.utc) - timedelta(days=created_days_ago))
    if kind == "rental":
        for product, _quantity in lines:
            await OrderLine.update({OrderLine.daily_rent: Decimal(str(product.daily_rent)),
                                    OrderLine.unit_price: Decimal(str(product.daily_rent))}).where(
                (OrderLine.order == order.id) & (OrderLine.product == product.id))
    if rental_start:
        await Order.update({Order.rental_start: rental_start}).where(Order.id == order.id)
    return await Order.objects().get(Order.id == order.id)


async def signed_in_staff(browser):
    """Bart of HartingBank, signed in to /admin in a browser of his own (made the first time)."""
    if not await BaseUser.exists().where(BaseUser.username == "bart"):
        await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


async def deliver(http, number: str, day: date, object_numbers: str = ""):
    """"Order geleverd" in /admin, as staff fill it in."""
    return await admin_send(http, "POST", f"{FORMS}/order-geleverd/", {
        "number": number, "delivery_date": day.isoformat(), "object_numbers": object_numbers})


async def signed_in(client, account):
    await login(client, account.email)
    return client


def shown(html: str) -> str:
    """A page as read: amounts are written with a no-break space ("€ 3,50"), tags left out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("\xa0", " ")))


def day_text(day: date) -> str:
    return f"{day.day}-{day.month}-{day.year}"
