"""Set-up for the ordering tests: a care organisation with two locations (De Linde with departments West and
Oost, Het Baken), products at 21 % and 9 % VAT with a contract price, the people of the budget story — a
nurse (role 2) with tiers from € 500 (her team leader Tom decides) and from € 2.000 (the manager Mia), the
administrator — and another organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape

import pytest

from portal.domain.shop import basket
from portal.tables import MailOutbox, Order
from tests import factories, order_factories, shop_factories
from tests.helpers import login


@dataclass
class Shop:
    org: object
    linde: object
    baken: object
    west: object
    oost: object
    bed: object  # list € 1.234,56, contract € 999,99, 21 %
    gloves: object  # € 7,35, 9 %
    old: object  # no longer sold
    nurse: object  # role 2, De Linde (West only), budget tiers
    leader: object  # role 3, may authorise orders
    manager: object  # role 1, may authorise orders
    admin: object
    buyer: object  # role 5, no budget, De Linde and Het Baken
    other_admin: object
    other_location: object


@pytest.fixture
async def shop() -> Shop:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde", city="Utrecht")
    baken = await factories.location(org, "Het Baken", city="Zeist")
    west, oost = await factories.department(linde, "West"), await factories.department(linde, "Oost")
    bed = await shop_factories.product(name="Hoog-laagbed Sentida", article_number="100200", list_price="1234.56")
    await shop_factories.contract_price(org, bed, "999.99")
    gloves = await shop_factories.product(name="Handschoenen nitril", article_number="300400", list_price="7.35",
                                          vat_rate="9.00")
    old = await shop_factories.product(name="Oude rollator", article_number="500600", list_price="80.00")
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@delinde.nl",
                                    may_authorise_orders=True)
    leader = await factories.account(org, "3", name="Tom Teamleider", email="tom@delinde.nl", locations=[linde, baken],
                                     may_authorise_orders=True)
    manager = await factories.account(org, "1", name="Mia Manager", email="mia@delinde.nl", locations=[linde, baken],
                                      may_authorise_orders=True)
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde],
                                    departments=[west])
    await order_factories.budget(nurse, ("500.00", leader), ("2000.00", manager))
    buyer = await factories.account(org, "5", name="Bram Inkoper", email="bram@delinde.nl", locations=[linde, baken])
    other = await factories.organisation("Zorgpunt Noord")
    other_location = await factories.location(other, "Noorderhof")
    other_admin = await factories.account(other, "admin", email="admin@zorgpunt.nl")
    return Shop(org, linde, baken, west, oost, bed, gloves, old, nurse, leader, manager, admin, buyer, other_admin,
                other_location)


async def signed_in(client, account):
    await login(client, account.email)
    return client


async def fill(account, *items: tuple[object, int]) -> None:
    """The basket, filled through the domain (the basket page is the catalogue's)."""
    added = await basket.add(account, [(product.id, quantity) for product, quantity in items])
    assert not added.refused, added.refused


def shown(html: str) -> str:
    """A page as read: amounts are written with a no-break space ("€ 3,50")."""
    return html.replace("\xa0", " ")


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def hidden_fields(html: str) -> dict[str, str]:
    """The fields of the page's checkout form as the browser would send them (inputs, chosen options, text)."""
    form = html[html.index('class="checkout-form"'):]
    form = form[:form.index("</form>")]
    values = {name: unescape(value) for name, value in re.findall(r'<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"', form)}
    for name, body in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        values[name] = unescape(text)
    return values


DELIVERY = {"report_to_name": "Receptie De Linde", "report_to_phone": "030 123 45 67", "contact_name": "Jan Balie",
            "contact_phone": "06 12345678", "reference": "Kamer 1.12", "message": "Graag via de achteringang.",
            "requested_delivery_date": in_days(5)}


async def step_one(client) -> str:
    page = await client.get("/bestellen")
    assert page.status_code == 200
    return page.text


async def to_review(client, fields: dict) -> tuple[int, str]:
    """Step 1 filled in (what the page shows, changed by `fields`) and "Volgende"."""
    data = {**hidden_fields(await step_one(client)), **fields}
    response = await client.post("/bestellen", data=data)
    return response.status_code, shown(response.text)


async def place_from(client, review_html: str, extra: dict | None = None):
    """"Order plaatsen" from the review page as shown."""
    data = {**hidden_fields(review_html), **(extra or {})}
    return await client.post("/bestellen/plaatsen", data=data)


async def check_out(client, location, department=None, **fields) -> object:
    """Both steps; answers the response of "Order plaatsen"."""
    status, review = await to_review(client, {**DELIVERY, "location": str(location.id),
                                              "department": str(department.id) if department else "", **fields})
    assert status == 200 and "Order plaatsen" in review, review
    return await place_from(client, review)


async def mails_to(address: str) -> list[str]:
    return [row["subject"] for row in await MailOutbox.select().where(MailOutbox.to_address == address).order_by(MailOutbox.id)]


async def only_order() -> Order:
    orders = await Order.objects()
    assert len(orders) == 1, [o.number for o in orders]
    return orders[0]
