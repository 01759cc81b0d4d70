"""Telling people about an order (SHOP-5, SHOP-6, STAFF-2): a portal notification and an e-mail, both
leading to the order's page (signing in first when needed)."""

from __future__ import annotations

from portal.domain import notifications
from portal.i18n import _
from portal.tables import Order


async def tell(account_id: int | None, order: Order, title: str, text: str) -> None:
    await notifications.tell(account_id, title, text, _("Bekijk de order in Mijn HartingBank:"), "orders:show",
                             order_number=order.number)
