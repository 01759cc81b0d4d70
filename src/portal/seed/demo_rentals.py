"""Demo: delivered rental orders whose items are rented aids in the fleet (issue 11, item 5), made by the
same code as staff's "Order geleverd" (portal.domain.orders.delivery), so the order page and the aid
pages show their rent so far. The demo's orders are written in bulk without aids; this gives the most
recently delivered rental orders of each organisation theirs."""

from __future__ import annotations

from portal.db import engine
from portal.domain.orders import delivery
from portal.domain.orders.labels import RENTAL
from portal.domain.service_requests.execution import StaffRefusal
from portal.tables import Asset, Order

ORDERS_PER_ORGANISATION = 4


async def deliver_demo_rentals() -> int:
    """Aids for the latest delivered rental orders that have none yet; the number of aids made."""
    made = 0
    for row in await Order.select(Order.organisation).distinct():
        orders = await Order.objects().where(
            (Order.organisation == row["organisation"]) & (Order.kind == RENTAL) & (Order.status == "delivered")
            & Order.delivery_date.is_not_null()).order_by(Order.delivery_date, ascending=False).limit(
            ORDERS_PER_ORGANISATION)
        for order in orders:
            if await Asset.exists().where(Asset.order_line.order == order.id):
                continue
            try:
                items = await delivery.plan_aids(order, "")
            except StaffRefusal:  # a product without a type: the fleet cannot place it
                continue
            async with engine().transaction():
                made += len(await delivery.make_aids(order, items, order.delivery_date))
    return made
