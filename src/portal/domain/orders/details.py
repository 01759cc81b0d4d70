"""One order as the customer sees it (SHOP-8 "Bekijk details"): what was ordered at which price, where
it goes and to whom, shipping date and method, and the status trail; and "Opnieuw bestellen", which puts
a past order's products back in the basket."""

from __future__ import annotations

from dataclasses import dataclass

from portal.db import one_connection
from portal.domain.orders.access import get_order_for, may_decide
from portal.domain.orders.labels import ORDER_KIND_LABELS, PURCHASE, status_label
from portal.domain.scope import Scope
from portal.domain.shop import basket, pricing
from portal.i18n import _
from portal.rights import Right, has_right
from portal.tables import Account, Department, Location, Order, OrderApproval, OrderEvent, OrderLine, Quote


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
        quote = await Quote.select(Quote.number).where(Quote.id == order.quote).first() if order.quote else None
    for event in events:
        event["status_label"] = status_label(event["status"])
    return OrderDetails(order, status_label(order.status), ORDER_KIND_LABELS.get(order.kind, order.kind), lines, events,
                        location, department["name"] if department else "", requester["name"] if requester else "",
                        decision, deciding, pricing.stored_totals(lines), quote["number"] if quote else "")


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
