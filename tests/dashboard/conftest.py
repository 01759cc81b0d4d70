"""Set-up for Mijn actuele overzicht: a care organisation with two locations — De Linde, assigned to every
account, and Het Baken, assigned to none but seen by the administrator — one account per role, and of
each kind of record one the account may see and ones it may not (a colleague's, at Het Baken, of another
organisation). Role 1 authorises repairs and orders; a repair and an order of role 2 wait for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from portal.rights import ADMIN, ROLES
from portal.tables import OrderApproval, Quote, ServiceRequest
from tests import asset_factories as af
from tests import factories, order_factories, shop_factories


@dataclass
class Org:
    org: object
    linde: object
    baken: object
    people: dict  # role -> account
    orders: dict  # role -> its own purchase order at De Linde
    rentals: dict  # role -> its own rental order at De Linde
    quotes: dict  # role -> its own quote number at De Linde
    order_at_baken: object  # role 2's own order, at a location it is not assigned
    quote_at_baken: str
    repair: object  # at De Linde, done, with a cost
    repair_at_baken: object
    to_depot: object
    from_depot: object
    relocation: object
    waiting_repair: object  # role 2 asked, waits for role 1
    waiting_order: object  # role 2 ordered, waits for role 1
    orphan_order: object  # waits for nobody who can still decide: the administrators
    service_order: object  # tied to a repair role 6 authorises
    other_order: object  # another organisation's


def ago(hours: int) -> datetime:
    return datetime.now(timezone.utc) - timedelta(hours=hours)


async def quote(account, location, number: str, *, status: str = "sent", hours: int = 1) -> str:
    await Quote(number=number, organisation=account.organisation, account=account.id, status=status,
                location=location.id, reference=f"Ref {number}", total=Decimal("250.00"), created_at=ago(hours)).save()
    return number


@pytest.fixture
async def care() -> Org:
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde")
    baken = await factories.location(org, "Het Baken")
    people = {role: await factories.account(org, role, locations=[linde], name=f"Persoon rol {role}",
                                            may_authorise_orders=role in (ADMIN, "1"))
              for role in ROLES}
    lines = [(await shop_factories.product(), 1)]
    orders, rentals, quotes = {}, {}, {}
    for n, role in enumerate(ROLES):
        orders[role] = await order_factories.order(people[role], linde, created_at=ago(10 + n), lines=lines)
        rentals[role] = await order_factories.order(people[role], linde, kind="rental", created_at=ago(10 + n), lines=lines)
        quotes[role] = await quote(people[role], linde, f"OFF-2026-{100 + n:04d}", hours=10 + n)
    order_at_baken = await order_factories.order(people["2"], baken, created_at=ago(1), lines=lines)
    quote_at_baken = await quote(people["2"], baken, "OFF-2026-0999")

    bed_type = await af.product_type(await af.subcategory(await af.category()))
    aid = await af.asset(org, linde, bed_type)
    far_aid = await af.asset(org, baken, bed_type)
    repair = await af.service_request(aid, "repair", "done", created_at=ago(30))
    await ServiceRequest.update({ServiceRequest.cost: Decimal("123.45")}).where(ServiceRequest.id == repair.id)
    repair_at_baken = await af.service_request(far_aid, "repair", "planned", created_at=ago(20))
    to_depot = await af.service_request(aid, "to_depot", "submitted", created_at=ago(40))
    from_depot = await af.service_request(aid, "from_depot", "planned", created_at=ago(41))
    relocation = await af.service_request(aid, "relocation", "submitted", created_at=ago(42))
    waiting_repair = await af.service_request(aid, "repair", "awaiting_authorisation", created_at=ago(5))
    await ServiceRequest.update({ServiceRequest.requester: people["2"].id, ServiceRequest.authoriser: people["1"].id}
                                ).where(ServiceRequest.id == waiting_repair.id)

    waiting_order = await order_factories.order(people["2"], linde, status="awaiting_authorisation", created_at=ago(3),
                                                  lines=lines)
    await OrderApproval(order=waiting_order.id, tier_amount=Decimal("100.00"), authoriser=people["1"].id).save()
    orphan_order = await order_factories.order(people["5"], linde, status="awaiting_authorisation", created_at=ago(4),
                                                 lines=lines)
    await OrderApproval(order=orphan_order.id, tier_amount=Decimal("100.00"), authoriser=None).save()

    service = await af.service_request(aid, "repair", "done", created_at=ago(50))
    await ServiceRequest.update({ServiceRequest.authoriser: people["6"].id}).where(ServiceRequest.id == service.id)
    service_order = await order_factories.order(people[ADMIN], linde, service_request=service, created_at=ago(2),
                                                  lines=lines)

    other = await factories.organisation("Zorgpunt Noord")
    other_location = await factories.location(other, "Noorderhof")
    other_admin = await factories.account(other, ADMIN)
    other_order = await order_factories.order(other_admin, other_location, created_at=ago(1), lines=lines)
    await af.service_request(await af.asset(other, other_location, bed_type), "repair", "done", number="SRV-ANDER-1")
    return Org(org, linde, baken, people, orders, rentals, quotes, order_at_baken, quote_at_baken, repair,
               repair_at_baken, to_depot, from_depot, relocation, waiting_repair, waiting_order, orphan_order,
               service_order, other_order)
