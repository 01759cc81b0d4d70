"""Set-up for the rental tests: a care organisation with two locations (De Linde with departments West
and Oost, Het Baken), products for rent in two categories (a bed at € 4,50 a day, a hoist at € 12,00, a
sling for rent and to buy) and one only to buy; a nurse with budget tiers (role 2, West of De Linde), her
team leader who decides, a buyer of both locations without tiers (role 5), and another organisation with
a reference of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from html import unescape

import pytest

from portal.tables import RentalReference
from tests import asset_factories, factories, order_factories, shop_factories
from tests.helpers import csrf_token, login


@dataclass
class Rental:
    org: object
    linde: object
    baken: object
    west: object
    oost: object
    beds: object  # category
    hoists: object  # category
    bed: object  # € 4,50 a day
    hoist: object  # € 12,00 a day
    sling: object  # for rent (€ 1,25) and to buy, related to the hoist
    walker: object  # only to buy, related to the hoist
    nurse: object
    leader: object
    buyer: object
    other_admin: object
    other_reference: object


@pytest.fixture
async def rental() -> Rental:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde", city="Utrecht")
    baken = await factories.location(org, "Het Baken", city="Zeist")
    west, oost = await factories.department(linde, "West"), await factories.department(linde, "Oost")
    beds = await asset_factories.category("Bedden")
    hoists = await asset_factories.category("Tilliften en tilbanden")
    bed = await shop_factories.product(beds, name="Hoog-laagbed Huur", article_number="700100", list_price="1500.00",
                                       rentable=True, daily_rent="4.50", purchasable=False)
    hoist = await shop_factories.product(hoists, name="Passieve tillift Huur", article_number="700200",
                                         list_price="3200.00", rentable=True, daily_rent="12.00", purchasable=False,
                                         description="Passieve tillift voor transfers vanuit bed.",
                                         specifications={"Hefvermogen": "175 kg"})
    sling = await shop_factories.product(hoists, name="Tilband maat M", article_number="700300", list_price="150.00",
                                         rentable=True, daily_rent="1.25")
    walker = await shop_factories.product(hoists, name="Rollator Koop", article_number="700400", list_price="180.00")
    await shop_factories.related(hoist, sling)
    await shop_factories.related(hoist, walker)
    leader = await factories.account(org, "3", name="Tom Teamleider", email="tom@delinde.nl", locations=[linde, baken],
                                     may_authorise_orders=True)
    nurse = await factories.account(org, "2", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde],
                                    departments=[west])
    await order_factories.budget(nurse, ("500.00", leader))
    buyer = await factories.account(org, "5", name="Bram Inkoper", email="bram@delinde.nl", locations=[linde, baken])
    other = await factories.organisation("Zorgpunt Noord")
    other_location = await factories.location(other, "Noorderhof")
    other_admin = await factories.account(other, "admin", email="admin@zorgpunt.nl")
    other_reference = RentalReference(organisation=other.id, location=other_location.id, reference="Kamer 9",
                                      start_date=date.today(), note="Van een ander", created_at=datetime.now(timezone.utc))
    await other_reference.save()
    return Rental(org, linde, baken, west, oost, beds, hoists, bed, hoist, sling, walker, nurse, leader, buyer,
                  other_admin, other_reference)


async def signed_in(client, account):
    await login(client, account.email)
    return client


def shown(html: str) -> str:
    return html.replace("\xa0", " ")


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def form_fields(html: str, marker: str) -> dict[str, str]:
    """The fields of the form whose tag holds `marker`, as the browser would send them (checked radios,
    chosen options, text areas)."""
    form = html[html.index(marker):]
    form = form[:form.index("</form>")]
    values: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r' name="([^"]+)"', tag)
        value = re.search(r' value="([^"]*)"', tag)
        if not name or (' type="radio"' in tag and " checked" not in tag):
            continue
        values[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        values[name] = unescape(text)
    return values


CONTACTS = {"report_to_name": "Receptie De Linde", "report_to_phone": "030 123 45 67",
            "report_to_email": "receptie@delinde.nl", "contact_name": "Jan Balie", "contact_phone": "06 12345678",
            "contact_email": "jan@delinde.nl"}


def new_reference(location, department=None, reference="Kamer 1.12", start: str | None = None,
                  note="Kostenplaats 4711, goederenlift aanwezig", quantity="1") -> dict[str, str]:
    return {"aantal": quantity, "location": str(location.id), "department": str(department.id) if department else "",
            "reference_kind": "nieuw", "new_reference": reference, "rental_start": start or in_days(3),
            "rental_note": note, **CONTACTS}


def existing_reference(location, reference, department=None, quantity="1") -> dict[str, str]:
    return {"aantal": quantity, "location": str(location.id), "department": str(department.id) if department else "",
            "reference_kind": "bestaand", "existing_reference": str(reference.id), **CONTACTS}


async def request_rental(client, product, fields: dict):
    """"Naar overzicht huuraanvraag" on the product's request form."""
    path = f"/huur/product/{product.article_number}/aanvraag"
    return await client.post(path, data={"_csrf_token": await csrf_token(client, path), **fields})


async def basket_page(client) -> str:
    page = await client.get("/shop/rentalbasket")
    assert page.status_code == 200
    return shown(page.text)


async def place(client, page: str | None = None):
    """"Huurorder(s) plaatsen" from the basket page as shown."""
    page = page or await basket_page(client)
    return await client.post("/shop/rentalbasket/plaatsen", data=form_fields(page, 'action="/shop/rentalbasket/plaatsen"'))
