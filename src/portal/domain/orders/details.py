"""One order as the customer sees it (SHOP-8 "Bekijk details"): what was ordered at which price, where
it goes and to whom, shipping date and method, and the status trail; and "Opnieuw bestellen", which puts
a past order's products back in the basket."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from portal.db import one_connection
from portal.domain.assets.rent import rental_cost
from portal.domain.orders.access import get_order_for, may_decide
from portal.domain.orders.delivery import aids_of
from portal.domain.orders.labels import ORDER_KIND_LABELS, PURCHASE, RENTAL, status_label
from portal.domain.scope import Scope
from portal.domain.shop import basket, pricing
from portal.i18n import _
from portal.rights import Right, has_right
from portal.money import money_sum
from portal.tables import Account, Asset, Department, Location, Order, OrderApproval, OrderEvent, OrderLine, Quote


@dataclass
class OrderDetails:
    order: Order
    status_label: str
    kind_label: str
    lines: list[dict]
    events: list[dict]
    location: dict
    department_name: str
    requester_name: str
    approval: dict | None
    may_decide: bool
    totals: pricing.Totals
    # A delivered rental order: its aids, each with `cost` (portal.domain.assets.rent.RentalCost) and
    # `visible` (the account may open the aid's page), and what they cost together so far.
    aids: list[dict] = field(default_factory=list)
    rent_so_far: Decimal | None = None
    quote_number: str = ""  # placed from this quote (SHOP-9)


async def order_details(account: Account, scope: Scope, number: str) -> OrderDetails:
    """The order with this number (one the account may see, else NotFound) with all it shows."""
    async with one_connection():
        order = await get_order_for(account, scope, number)
        lines = await OrderLine.select().where(OrderLine.order == order.id).order_by(OrderLine.id)
        events = await OrderEvent.select().where(OrderEvent.order == order.id).order_by(OrderEvent.at).order_by(OrderEvent.id)
        location = await Location.select(Location.name, Location.address, Location.postal_code, Location.city).where(
            Location.id == order.location).first() or {}
        department = await Department.select(Department.name).where(Department.id == order.department).first() \
            if order.department else None
        requester = await Account.select(Account.name).where(Account.id == order.account).first() if order.account else None
        decision = await OrderApproval.select(
            OrderApproval.decision, OrderApproval.tier_amount, OrderApproval.decided_at, OrderApproval.note,
            OrderApproval.authoriser.name.as_alias("authoriser_name"), OrderApproval.decided_by.name.as_alias("decider_name"),
        ).where(OrderApproval.order == order.id).first()
        deciding = await may_decide(account, order)
        aids = await _aids_with_cost(scope, order) if order.kind == RENTAL else []
        quote = await Quote.select(Quote.number).where(Quote.id == order.quote).first() if order.quote else None
    for event in events:
        event["status_label"] = status_label(event["status"])
    return OrderDetails(order, status_label(order.status), ORDER_KIND_LABELS.get(order.kind, order.kind), lines, events,
                        location, department["name"] if department else "", requester["name"] if requester else "",
                        decision, deciding, pricing.stored_totals(lines), aids,
                        money_sum(aid["cost"].amount for aid in aids) if aids else None,
                        quote["number"] if quote else "")


async def _aids_with_cost(scope: Scope, order: Order) -> list[dict]:
    """The order's aids with their cost so far (or final cost), and whether the account may open each."""
    aids = await aids_of(order.id)
    if not aids:
        return []
    visible = {row["id"] for row in await Asset.select(Asset.id).where(
        Asset.id.is_in([aid["id"] for aid in aids]) & scope.where(Asset.organisation, Asset.location, Asset.department))}
    for aid in aids:
        aid["cost"] = rental_cost(aid["rental_start"], aid["rental_end"], aid["daily_rent"])
        aid["visible"] = aid["id"] in visible
    return [aid for aid in aids if aid["cost"] is not None]


def may_reorder(account: Account, found: OrderDetails) -> bool:
    """"Opnieuw bestellen" is offered on purchase orders to whoever may buy."""
    return found.order.kind == PURCHASE and has_right(account.role, Right.BUY)


async def reorder(account: Account, scope: Scope, number: str) -> tuple[basket.Added, list[str]]:
    """"Opnieuw bestellen": the order's products, in its quantities, added to the basket (quantities
    added up); the products not added (no longer sold), as "name: why"."""
    order = await get_order_for(account, scope, number)
    lines = await OrderLine.select(OrderLine.product, OrderLine.quantity, OrderLine.name).where(
        OrderLine.order == order.id)
    added = await basket.add(account, ((line["product"], line["quantity"]) for line in lines if line["product"]))
    gone = [f"{line['name']}: {_('Dit product bestaat niet meer.')}" for line in lines if not line["product"]]
    return added, [*await basket.refused_names(added), *gone]
