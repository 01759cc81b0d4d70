"""Budget approval of orders (SHOP-6) through the one workflow of portal.domain.approval: the tier's
authoriser (or their substitute while away, or the administrators when they can no longer decide)
approves — only then does HartingBank see the order — or rejects it with a reason. The requester is told
either way; the trail shows who decided and when. "Te autoriseren" lists the orders waiting for the
account beside the service requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from portal.domain import approval
from portal.domain.orders.access import get_order_for, pending_approval
from portal.domain.orders.labels import WAITING
from portal.domain.orders.messages import tell
from portal.domain.orders.trail import record_step
from portal.domain.scope import Scope
from portal.i18n import TIMEZONE, _, format_moment, format_money
from portal.listing import DESKTOP, Column, Listing, Sort
from portal.tables import Account, Order, OrderApproval


@dataclass
class OrderSubject:
    order: Order
    approval_row: OrderApproval | None

    @property
    def organisation_id(self) -> int:
        return self.order.organisation

    @property
    def requester_id(self) -> int | None:
        return self.order.account

    @property
    def assigned_id(self) -> int | None:
        return self.approval_row.authoriser if self.approval_row else None

    async def settle(self, approved: bool, decider: Account, reason: str) -> bool:
        changed = await Order.update({Order.status: "submitted" if approved else "rejected"}).where(
            (Order.id == self.order.id) & (Order.status == WAITING)).returning(Order.id)
        if changed:
            await OrderApproval.update({
                OrderApproval.decision: "approved" if approved else "rejected",
                OrderApproval.decided_at: datetime.now(timezone.utc), OrderApproval.note: reason,
                OrderApproval.decided_by: decider.id,
            }).where((OrderApproval.order == self.order.id) & (OrderApproval.decision == "pending"))
        return bool(changed)

    async def decided(self, approved: bool, decider: Account, reason: str) -> None:
        order = self.order
        values = {"number": order.number, "name": decider.name, "reason": reason}
        if approved:
            await record_step(order, "submitted", by=decider,
                              note=_("Geautoriseerd door %(name)s") % values + (f": {reason}" if reason else ""))
            title = _("Uw order %(number)s is geautoriseerd") % values
            text = _("%(name)s heeft uw order %(number)s geautoriseerd. HartingBank neemt hem nu in behandeling.")
        else:
            await record_step(order, "rejected", by=decider,
                              note=_("Afgewezen door %(name)s: %(reason)s") % values)
            title = _("Uw order %(number)s is afgewezen") % values
            text = _("%(name)s heeft uw order %(number)s afgewezen. Reden: %(reason)s")
        await tell(order.account, order, title, text % values)


async def decide(decider: Account, scope: Scope, number: str, approved: bool, reason: str) -> tuple[Order, dict[str, str]]:
    """Approve or reject the order with this number (one the decider may see, else NotFound)."""
    order = await get_order_for(decider, scope, number)
    errors = await approval.decide(decider, OrderSubject(order, await pending_approval(order)), approved, reason,
                                   approval.orders_entitled)
    return order, errors


async def _waiting_for(account: Account):
    """The condition of the orders waiting for `account` to decide today."""
    today = datetime.now(TIMEZONE).date()
    assignees = await approval.waiting_assignees(account, today, approval.orders_entitled)
    if not assignees:
        return None
    ids = sorted(i for i in assignees if i is not None)
    condition = OrderApproval.authoriser.is_in(ids) if ids else None
    if None in assignees:
        nobody = OrderApproval.authoriser.is_null()
        condition = nobody if condition is None else condition | nobody
    return ((OrderApproval.order.organisation == account.organisation) & (OrderApproval.decision == "pending")
            & (OrderApproval.order.status == WAITING) & (OrderApproval.order.account != account.id) & condition)


async def waiting_count(account: Account) -> int:
    condition = await _waiting_for(account)
    return await OrderApproval.count().where(condition) if condition is not None else 0


WAITING_LISTING = Listing(
    id="orders-to-authorise",
    caption=_("Orders die op uw autorisatie wachten"),
    columns=(
        Column("number", _("Ordernummer"), link="orders:show", link_params=(("order_number", "number"),), nowrap=True),
        Column("total_label", _("Totaal (excl. btw)"), nowrap=True),
        Column("requester_name", _("Besteld door")),
        Column("location_name", _("Locatie"), priority=DESKTOP),
        Column("created_label", _("Besteldatum"), nowrap=True),
        Column("note", _("Let op"), priority=DESKTOP),
    ),
    default_sort=Sort("oudste"),
    sorts={"oudste": _("Besteldatum")},
)
SHOWN_AT_MOST = 500


async def waiting_rows(account: Account, limit: int = SHOWN_AT_MOST) -> list[dict]:
    """The orders waiting for `account`, oldest first (at most `limit`), with what the list shows."""
    condition = await _waiting_for(account)
    if condition is None:
        return []
    rows = await OrderApproval.select(
        OrderApproval.authoriser, OrderApproval.tier_amount,
        OrderApproval.order.number.as_alias("number"), OrderApproval.order.total.as_alias("total"),
        OrderApproval.order.created_at.as_alias("created_at"),
        OrderApproval.order.account.name.as_alias("requester_name"),
        OrderApproval.order.location.name.as_alias("location_name"),
        OrderApproval.authoriser.name.as_alias("authoriser_name"),
    ).where(condition).order_by(OrderApproval.order.created_at).limit(limit)
    for row in rows:
        row["total_label"] = format_money(row["total"])
        row["created_label"] = format_moment(row["created_at"])
    await approval.waiting_notes(account, rows, approval.orders_entitled)
    return rows
