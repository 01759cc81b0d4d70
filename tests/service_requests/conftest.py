"""Set-up for the service request tests: a care organisation with two locations, a depot of its own, an aid
of each kind of state, and the people of the manual's authorisation story (a nurse, her team leader who
authorises repairs, the administrator), plus another organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from datetime import date, timedelta

import pytest

from portal.tables import Depot, ServiceAuthoriser
from portal.i18n import local_today
from tests import asset_factories as af
from tests import factories
from tests.helpers import login


@dataclass
class Care:
    org: object
    linde: object
    baken: object
    west: object
    oost: object
    zon: object
    depot: object
    hb_depot: object
    nurse: object
    leader: object
    admin: object
    colleague: object
    in_use: object
    in_depot: object
    rented: object
    other_aid: object
    other_admin: object


@pytest.fixture
async def care() -> Care:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde", city="Utrecht")
    baken = await factories.location(org, "Het Baken", city="Zeist")
    west, oost = await factories.department(linde, "West"), await factories.department(linde, "Oost")
    zon = await factories.department(baken, "Zonnehof")
    depot = Depot(organisation=org.id, name="Kelder De Linde", city="Utrecht")
    hb_depot = Depot(organisation=None, name="Centraal depot", city="Nieuwegein")
    await depot.save()
    await hb_depot.save()
    cat = await af.catalogue()
    in_use = await af.asset(org, linde, cat["sb755"], department=west, object_number="HB5001")
    in_depot = await af.asset(org, linde, cat["alpha"], object_number="HB5002", status="depot")
    rented = await af.asset(org, linde, cat["birdie"], department=oost, object_number="HB5003",
                            ownership="rented", rental_start=date(2026, 1, 1))
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@delinde.nl")
    leader = await factories.account(org, "3", name="Tom Teamleider", email="tom@delinde.nl", locations=[linde, baken])
    colleague = await factories.account(org, "6", name="Mia Manager", email="mia@delinde.nl", locations=[linde])
    nurse = await factories.account(org, "4", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    # Nina's repairs and relocations wait for Tom; the rest needs no authorisation.
    for kind in ("repair", "relocation"):
        await ServiceAuthoriser(account=nurse.id, kind=kind, authoriser=leader.id).save()
    for kind in ("to_depot", "from_depot", "rental_pickup"):
        await ServiceAuthoriser(account=nurse.id, kind=kind, authoriser=nurse.id).save()
    other = await factories.organisation("Zorgpunt Noord")
    other_location = await factories.location(other, "Noorderhof")
    other_aid = await af.asset(other, other_location, cat["sb755"], object_number="ZN0001")
    other_admin = await factories.account(other, "admin", email="admin@zorgpunt.nl")
    return Care(org, linde, baken, west, oost, zon, depot, hb_depot, nurse, leader, admin, colleague, in_use,
                in_depot, rented, other_aid, other_admin)


def in_days(days: int) -> str:
    return (local_today() + timedelta(days=days)).isoformat()


async def form_of(client, object_number: str, kind: str) -> str:
    response = await client.get(f"/hulpmiddelen/{object_number}/aanvragen?actie={kind}")
    assert response.status_code == 200, response.status_code
    return response.text


def fields_of(html: str) -> list[str]:
    """The names of the request form's fields, in order (hidden ones left out)."""
    form = html[html.index('<div id="request-form"'):]
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', form[:form.index("</form>")])
    return [name for name in names if name not in ("_csrf_token", "actie", "sleutel")]


def key_of(html: str) -> str:
    return re.search(r'name="sleutel" value="([^"]+)"', html).group(1)


def values_of(html: str) -> dict[str, str]:
    """What the form would send as it is shown: its inputs, chosen options and text areas."""
    form = html[html.index('<div id="request-form"'):]
    form = form[:form.index("</form>")]
    values = {name: unescape(value) for name, value in re.findall(r'<input[^>]* name="([^"]+)"[^>]* value="([^"]*)"', form)}
    for name, body in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else (re.search(r'<option value="([^"]*)"', body).group(1))
    for name, text in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        values[name] = unescape(text)
    return values


async def send(client, object_number: str, kind: str, fields: dict, key: str | None = None, **headers):
    """Post a request form as the browser does: what it shows (pre-filled), changed by `fields`."""
    html = await form_of(client, object_number, kind)
    data = {**values_of(html), **fields}
    if key is not None:
        data["sleutel"] = key
    return await client.post(f"/hulpmiddelen/{object_number}/aanvragen", data=data, headers=headers)


REPAIR = {"requested_date": in_days(3), "intended_for": "Mevrouw Jansen", "contact_phone": "030 123 45 67",
          "defect_description": "Het bed gaat niet meer omhoog.", "message": ""}


async def signed_in(client, account):
    await login(client, account.email)
    return client


# Planning and Mijn acties ---------------------------------------------------------------------------------


@dataclass
class Work:
    """Requests of every status at both locations of De Linde, in order of their request date (the
    request's id follows it, as when people make them), and one of another organisation."""

    care: Care
    baken_aid: object
    repair_planned: object  # De Linde, West, planned in 5 days
    relocation_done: object  # De Linde, West, done 10 days ago
    to_depot_submitted: object  # De Linde, West, to be planned
    cleaning_done: object  # De Linde, no department (the depot aid), staff's, done 3 days ago
    pickup_waiting: object  # De Linde, Oost, waiting for authorisation
    repair_rejected: object  # De Linde, Oost
    inspection_planned: object  # Het Baken, Zonnehof, planned in 20 days
    other_planned: object  # Zorgpunt Noord

    def numbers(self, *names: str) -> list[str]:
        return [getattr(self, name).number for name in names]


async def made_request(aid, kind: str, status: str, *, days_ago: int, planned_in: int | None = None,
                       executed_ago: int | None = None, requester=None, intended_for: str = ""):
    from datetime import datetime, timezone

    from portal.tables import ServiceRequest

    created = datetime.now(timezone.utc) - timedelta(days=days_ago)
    row = await af.service_request(aid, kind, status, created_at=created, events=False)
    today = local_today()
    await ServiceRequest.update({
        ServiceRequest.planned_date: today + timedelta(days=planned_in) if planned_in is not None else (
            today - timedelta(days=executed_ago) if executed_ago is not None else None),
        ServiceRequest.executed_date: today - timedelta(days=executed_ago) if executed_ago is not None else None,
        ServiceRequest.requester: requester.id if requester is not None else None,
        ServiceRequest.intended_for: intended_for,
    }).where(ServiceRequest.id == row.id)
    return await ServiceRequest.objects().where(ServiceRequest.id == row.id).first()


@pytest.fixture
async def work(care) -> Work:
    from portal.tables import Subcategory

    sub = await Subcategory.objects().where(Subcategory.name == "Laagbed").first()
    from portal.tables import ProductType

    lowbed = await ProductType.objects().where(ProductType.subcategory == sub.id).first()
    baken_aid = await af.asset(care.org, care.baken, lowbed, department=care.zon, object_number="HB5004")
    relocation_done = await made_request(care.in_use, "relocation", "done", days_ago=30, executed_ago=10,
                                         requester=care.nurse, intended_for="Meneer De Vries")
    cleaning_done = await made_request(care.in_depot, "cleaning", "done", days_ago=25, executed_ago=3)
    repair_rejected = await made_request(care.rented, "repair", "rejected", days_ago=20, requester=care.nurse)
    inspection_planned = await made_request(baken_aid, "inspection", "planned", days_ago=15, planned_in=20)
    repair_planned = await made_request(care.in_use, "repair", "planned", days_ago=12, planned_in=5,
                                        requester=care.nurse, intended_for="Mevrouw Jansen")
    pickup_waiting = await made_request(care.rented, "rental_pickup", "awaiting_authorisation", days_ago=8,
                                        requester=care.nurse)
    to_depot_submitted = await made_request(care.in_use, "to_depot", "submitted", days_ago=2, requester=care.leader)
    other_planned = await made_request(care.other_aid, "repair", "planned", days_ago=5, planned_in=4)
    return Work(care, baken_aid, repair_planned, relocation_done, to_depot_submitted, cleaning_done, pickup_waiting,
                repair_rejected, inspection_planned, other_planned)


def listed_numbers(html: str) -> list[str]:
    """The order numbers of a Planning or Mijn acties table, in the order shown."""
    return re.findall(r'<th scope="row" data-label="Ordernummer"[^>]*><a href="/acties/([^"]+)">', html)


def options_of(html: str, select_id: str) -> list[str]:
    match = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    return [unescape(text).strip() for value, text in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>',
                                                                 match.group(1))] if match else []
