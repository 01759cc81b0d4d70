"""The status trail of an order: every step, who took it and when, shown on the order's page and as
"Laatste update" in Mijn orders (SHOP-6, SHOP-8)."""

from __future__ import annotations

from datetime import datetime, timezone

from portal.tables import Account, Order, OrderEvent


async def record_step(order: Order | int, status: str, *, by: Account | None = None, by_label: str = "",
                      note: str = "", at: datetime | None = None) -> None:
    """Write a step (the caller set the order's status in the same transaction). `by_label` names who
    did it when it was not a customer account ("HartingBank")."""
    await OrderEvent(
        order=order if isinstance(order, int) else order.id, status=status, at=at or datetime.now(timezone.utc),
        by_label=(by_label or (by.name if by is not None else ""))[:200], note=note,
    ).save()


async def latest_steps(order_ids: list[int]) -> dict[int, dict]:
    """Per order its latest step (status, at, by_label, note)."""
    if not order_ids:
        return {}
    rows = await OrderEvent.select(OrderEvent.order, OrderEvent.status, OrderEvent.at, OrderEvent.by_label,
                                   OrderEvent.note).where(OrderEvent.order.is_in(order_ids)).order_by(
        OrderEvent.at).order_by(OrderEvent.id)
    return {row["order"]: row for row in rows}
