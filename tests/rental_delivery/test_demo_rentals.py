"""The demo's delivered rental orders get their aids in the fleet, once (portal.seed.demo_rentals)."""

from __future__ import annotations

from datetime import timedelta

from portal.i18n import local_today
from portal.seed.demo_rentals import deliver_demo_rentals
from portal.tables import Asset, Order
from tests.rental_delivery.conftest import rental_order


async def test_a_delivered_rental_order_without_aids_gets_them_once(rental):
    delivered_on = local_today() - timedelta(days=3)
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 2)], department=rental.west)
    await Order.update({Order.status: "delivered", Order.delivery_date: delivered_on}).where(Order.id == order.id)
    waiting = await rental_order(rental.buyer, rental.linde, [(rental.lift, 1)])  # confirmed, not delivered

    assert await deliver_demo_rentals() == 2
    assert await deliver_demo_rentals() == 0

    aids = await Asset.objects().where(Asset.ownership == "rented")
    assert [(a.location, a.department, a.rental_start) for a in aids] == [(rental.linde.id, rental.west.id, delivered_on)] * 2
    assert not await Asset.exists().where(Asset.order_line.order == waiting.id)
