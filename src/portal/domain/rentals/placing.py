""""Huurorder(s) plaatsen" (RENT-3): the rental basket as one rental order per reference, once.

* The basket page hands out a one-time key; each order of that press stores it (with its reference) as
  its checkout token, in the same transaction that stores the orders and takes their requests out of
  the basket. A second press, a reload or a second tab finds those orders instead of placing again.
* Each order's budget approval is decided on its expected first-month cost (30 days × daily rent ×
  quantity) through portal.domain.approval, as the shop's orders are (checkout.open_order).
* What the page showed travels along (`snapshot`): a quantity changed or a request added or removed in
  another tab shows the basket again first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal.db import is_unique_violation, lock_basket, write_transaction
from portal.domain.orders import checkout
from portal.domain.orders.labels import RENTAL
from portal.domain.rentals import basket as rental_basket
from portal.domain.scope import Scope
from portal.i18n import _
from portal.tables import Account, BasketLine, Order, OrderLine


# The basket page's one-time key (checkout.new_token): short enough that with the account and the reference
# it fits Order.checkout_token.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def _stored(account: Account, token: str, reference_id: int) -> str:
    return f"{checkout.stored_token(account, token)}:{reference_id}"


async def _placed_before(account: Account, token: str) -> list[Order]:
    prefix = checkout.stored_token(account, token) + ":"
    found = await Order.objects().where((Order.account == account.id) & (Order.kind == RENTAL)
                                        & Order.checkout_token.like(prefix + "%")).order_by(Order.id)
    return [order for order in found if order.checkout_token.startswith(prefix)]  # LIKE's "_" matches any


@dataclass
class Placed:
    """The outcome: the orders (new, or those this press made already), or why not (`problem`)."""

    orders: list[Order] = field(default_factory=list)
    problem: str = ""
    again: bool = False


async def place(account: Account, scope: Scope, token: str, seen: str) -> Placed:
    """Place every reference of the rental basket as its own rental order (see the module's rules)."""
    if not TOKEN.match(token or ""):
        return Placed(problem=_("Dit formulier is verlopen. Controleer de huuraanvragen en klik opnieuw op "
                                "Huurorder(s) plaatsen."))
    if done := await _placed_before(account, token):
        return Placed(done, again=True)
    try:
        async with write_transaction():
            await lock_basket(account.id)
            if done := await _placed_before(account, token):
                return Placed(done, again=True)
            contents = await rental_basket.contents(account, scope)
            if not contents.orderable:
                return Placed(problem=_("Uw huurwinkelwagen is leeg. Voeg eerst huurproducten toe."))
            if seen != contents.snapshot():
                return Placed(problem=_("Uw huurwinkelwagen is gewijzigd. Controleer de huuraanvragen en klik "
                                        "opnieuw op Huurorder(s) plaatsen."))
            made = [await _store(account, scope, group, token) for group in contents.orderable]
    except Exception as error:  # the same press twice at the same moment: the first one counts
        if is_unique_violation(error) and (done := await _placed_before(account, token)):
            return Placed(done, again=True)
        raise
    for order, waits in made:
        await checkout.tell_about(account, order, waits)
    return Placed([order for order, _waits in made])


async def _store(account: Account, scope: Scope, group: rental_basket.Group, token: str):
    """One reference's order, its lines and approval, and its requests out of the basket (in the
    caller's transaction)."""
    values = {"location": group.location, "department": group.department, "reference": group.reference,
              "message": group.note, "rental_reference": group.reference_id, "rental_start": group.rental_start,
              **group.contacts}
    order, waits = await checkout.open_order(account, scope, RENTAL, group.totals.excl,
                                             _stored(account, token, group.reference_id), values)
    lines = group.orderable
    await OrderLine.insert(*(
        OrderLine(order=order.id, product=line.product_id, article_number=line.article_number, name=line.name,
                  quantity=line.quantity, unit_price=line.price.excl, vat_rate=line.vat_rate,
                  daily_rent=line.daily_rent, line_total=line.total)
        for line in lines
    ))
    await BasketLine.delete().where(BasketLine.id.is_in([line.id for line in lines]))
    return order, waits


async def notices(account: Account, contents: rental_basket.Contents) -> None:
    """Per reference what the page says when its order will wait for authorisation."""
    for group in contents.orderable:
        group.notice = await checkout.approval_notice(account, group.totals.excl)
