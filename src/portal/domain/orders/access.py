"""Who may see which order (ROLE, SHOP-8): the one rule, for "Mijn orders", its downloads and an order's
page. An order is its requester's ("Mijn orders"), at a location in their Scope; the administrator sees
every order of the organisation; role 6 sees only the orders tied to the services it authorises; whoever
may decide on an order (or decided it) may open it. Anything else is NotFound, answered 404."""

from __future__ import annotations

from datetime import datetime

from piccolo.columns.combination import Where

from portal.domain import approval
from portal.domain.errors import NotFound
from portal.domain.orders.labels import WAITING
from portal.domain.scope import NOTHING, Scope
from portal.i18n import TIMEZONE
from portal.rights import Right, has_right, sees_all_locations
from portal.tables import Account, Order, OrderApproval

NUMBER_MAX = 20


def normalise_number(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if ch.isprintable() and not ch.isspace()).upper()[:NUMBER_MAX]


def visible_where(account: Account, scope: Scope) -> Where:
    """The condition of the orders the account sees in its lists."""
    own_organisation = Order.organisation == account.organisation
    if sees_all_locations(account.role):
        return own_organisation
    if has_right(account.role, Right.VIEW_ORDERS):
        return scope.where(Order.organisation, Order.location, Order.department) & (Order.account == account.id)
    if has_right(account.role, Right.VIEW_SERVICE_ORDERS):
        return own_organisation & (Order.service_request.authoriser == account.id)
    return own_organisation & (Order.organisation == NOTHING)


async def viewer(scope: Scope) -> Account:
    """The account a scope was made for (a download has only the scope)."""
    account = await Account.objects().where(Account.id == (scope.account_id or NOTHING)).first()
    if account is None or account.organisation != scope.organisation_id:
        raise NotFound
    return account


async def pending_approval(order: Order) -> OrderApproval | None:
    return await OrderApproval.objects().where(
        (OrderApproval.order == order.id) & (OrderApproval.decision == "pending")).first()


async def may_decide(account: Account, order: Order) -> bool:
    """Whether `account` may approve or reject the order now (portal.domain.approval decides who)."""
    if order.status != WAITING or account.organisation != order.organisation:
        return False
    waiting = await pending_approval(order)
    if waiting is None:
        return False
    today = datetime.now(TIMEZONE).date()
    return account.id in await approval.deciders(order.organisation, waiting.authoriser, order.account, today,
                                                 approval.orders_entitled)


async def get_order_for(account: Account, scope: Scope, number: str) -> Order:
    """The order with this number if the account may see it (see above), else NotFound."""
    clean = normalise_number(number)
    order = await Order.objects().where(
        (Order.number == clean) & (Order.organisation == account.organisation)).first() if clean else None
    if order is None:
        raise NotFound(number)
    if await Order.exists().where((Order.id == order.id) & visible_where(account, scope)):
        return order
    if await OrderApproval.exists().where((OrderApproval.order == order.id) & (
            (OrderApproval.authoriser == account.id) | (OrderApproval.decided_by == account.id))):
        return order
    if await may_decide(account, order):
        return order
    raise NotFound(number)
