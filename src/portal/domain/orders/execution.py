"""HartingBank's side of an order (SHOP-8, STAFF-2) in /admin: confirm it, ship it (date and method),
mark it delivered, or cancel it with a reason. As for service requests (portal.domain.service_requests.
execution): a step only from the statuses that allow it, by a conditional update (of two staff at once one
wins), in the trail and the audit trail in the same transaction, and the requester is told by
notification and e-mail. An order still waiting for the customer's authorisation is not HartingBank's yet."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

from asyncpg.exceptions import UniqueViolationError

from portal.db import engine
from portal.domain import audit
from portal.domain.errors import NotFound
from portal.domain.orders import delivery
from portal.domain.orders.access import normalise_number
from portal.domain.orders.labels import WAITING, status_label
from portal.domain.orders.messages import tell
from portal.domain.orders.trail import record_step
from portal.domain.service_requests.execution import HARTINGBANK, Staff, StaffRefusal, clean_note
from portal.i18n import TIMEZONE, _, format_day
from portal.tables import Order

# Per step: the statuses it may be taken from.
FROM = {
    "confirmed": ("submitted",),
    "shipped": ("submitted", "confirmed", "shipped"),
    "delivered": ("submitted", "confirmed", "shipped"),
    "cancelled": ("submitted", "confirmed", "shipped"),
}
METHOD_MAX = 100
LATEST_SHIPPING = timedelta(days=365)

__all__ = ["Staff", "StaffRefusal", "cancel", "confirm", "deliver", "get_order", "normalise_number", "ship"]


async def get_order(number: str) -> Order:
    """The order with this number (staff see every organisation's); NotFound otherwise."""
    clean = normalise_number(number)
    order = await Order.objects().where(Order.number == clean).first() if clean else None
    if order is None:
        raise NotFound(number)
    return order


def _not_now(order: Order) -> StaffRefusal:
    if order.status == WAITING:
        return StaffRefusal(_("Order %(number)s wacht nog op autorisatie door de klant. HartingBank kan hem pas "
                              "behandelen als hij is goedgekeurd.") % {"number": order.number})
    return StaffRefusal(_("Order %(number)s heeft status %(status)s; deze stap kan nu niet.") % {
        "number": order.number, "status": status_label(order.status).lower()})


def _today() -> date:
    return datetime.now(TIMEZONE).date()


async def _step(order: Order, status: str, changes: dict[Any, Any], note: str, staff: Staff,
                also: Callable[[], Awaitable[dict[str, Any]]] | None = None) -> Order:
    """Take a step: the conditional update, `also` (what else the step changes; what it returns goes into
    the audit), the trail and the audit, in one transaction."""
    if order.status not in FROM[status]:
        raise _not_now(order)
    now = datetime.now(timezone.utc)
    async with engine().transaction():
        updated = await Order.update({Order.status: status, **changes}).where(
            (Order.id == order.id) & (Order.status == order.status)).returning(Order.id)
        if updated:
            more = await also() if also else {}
            await record_step(order, status, by_label=HARTINGBANK, note=note, at=now)
            await audit.record(f"order_{status}", actor_label=staff.label, organisation_id=order.organisation,
                               object_type="order", object_id=order.id, ip_address=staff.ip_address,
                               changes={"status": [order.status, status], **({"note": note} if note else {}), **more})
    if not updated:
        now_order = await get_order(order.number)
        raise StaffRefusal(_("Een collega was u voor: order %(number)s heeft nu status %(status)s.") % {
            "number": order.number, "status": status_label(now_order.status).lower()})
    return await get_order(order.number)


async def confirm(number: str, delivery: date | None, staff: Staff) -> Order:
    """Confirm an order sent to HartingBank, with the expected delivery date when known."""
    order = await get_order(number)
    if delivery is not None and delivery < _today():
        raise StaffRefusal(_("De leverdatum ligt in het verleden. Kies vandaag of later."))
    note = _("Verwachte leverdatum %(date)s") % {"date": format_day(delivery)} if delivery else ""
    done = await _step(order, "confirmed", {Order.delivery_date: delivery} if delivery else {}, note, staff)
    await tell(done.account, done, _("Uw order %(number)s is bevestigd") % {"number": done.number},
               _("HartingBank heeft uw order %(number)s bevestigd.") % {"number": done.number} + (f" {note}." if note else ""))
    return done


async def ship(number: str, shipped: date | None, method: str, staff: Staff) -> Order:
    """Set the shipping date and method (again, to correct them)."""
    order = await get_order(number)
    method = clean_note(method)[:METHOD_MAX]
    if shipped is None:
        raise StaffRefusal(_("Vul de verzenddatum in."))
    if not method:
        raise StaffRefusal(_("Vul de verzendmethode in, bijvoorbeeld eigen bezorging of PostNL."))
    if not (order.created_at.astimezone(TIMEZONE).date() <= shipped <= _today() + LATEST_SHIPPING):
        raise StaffRefusal(_("Kies een verzenddatum tussen de besteldatum en een jaar vanaf vandaag."))
    note = _("Verzenddatum %(date)s, %(method)s") % {"date": format_day(shipped), "method": method}
    done = await _step(order, "shipped", {Order.shipping_date: shipped, Order.shipping_method: method}, note, staff)
    await tell(done.account, done, _("Uw order %(number)s wordt verzonden") % {"number": done.number},
               _("HartingBank verzendt uw order %(number)s: %(note)s.") % {"number": done.number, "note": note.lower()})
    return done


async def deliver(number: str, delivered: date | None, staff: Staff, object_numbers: str = "") -> Order:
    """Mark the order delivered on the day it was (today or earlier); a rental order's items become rented
    aids with the object numbers staff typed, one a line (portal.domain.orders.delivery)."""
    order = await get_order(number)
    if delivered is None:
        raise StaffRefusal(_("Vul de leverdatum in."))
    if delivered > _today():
        raise StaffRefusal(_("De leverdatum ligt in de toekomst. Meld de order geleverd op of na de dag van levering."))
    if delivered < order.created_at.astimezone(TIMEZONE).date():
        raise StaffRefusal(_("De leverdatum ligt vóór de besteldatum."))
    if order.status not in FROM["delivered"]:
        raise _not_now(order)
    items = await delivery.plan_aids(order, object_numbers)
    aids: list[str] = []

    async def make_aids() -> dict[str, Any]:
        aids.extend(await delivery.make_aids(order, items, delivered))
        return {"aids": aids} if aids else {}

    note = _("Geleverd op %(date)s") % {"date": format_day(delivered)}
    try:
        done = await _step(order, "delivered", {Order.delivery_date: delivered}, note, staff, make_aids)
    except (sqlite3.IntegrityError, UniqueViolationError) as error:
        if "object_number" not in str(error):
            raise
        # Another delivery took one of these object numbers between the check and the write: nothing changed.
        raise StaffRefusal(_("Een van de objectnummers is zojuist aan een ander hulpmiddel gegeven. Controleer de "
                             "objectnummers en meld de order opnieuw geleverd.")) from None
    await tell(done.account, done, _("Uw order %(number)s is geleverd") % {"number": done.number},
               _("HartingBank heeft uw order %(number)s geleverd op %(date)s.") % {
                   "number": done.number, "date": format_day(delivered)}
               + (" " + _("De gehuurde hulpmiddelen (%(numbers)s) staan in Mijn hulpmiddelen.") % {
                   "numbers": ", ".join(aids)} if aids else ""))
    return done


async def cancel(number: str, reason: str, staff: Staff) -> Order:
    """Cancel an order with a reason the requester reads."""
    order = await get_order(number)
    reason = clean_note(reason)
    if not reason:
        raise StaffRefusal(_("Vul de reden van de annulering in: de aanvrager leest haar."))
    done = await _step(order, "cancelled", {}, reason, staff)
    await tell(done.account, done, _("Uw order %(number)s is geannuleerd") % {"number": done.number},
               _("HartingBank heeft uw order %(number)s geannuleerd. Reden: %(reason)s") % {
                   "number": done.number, "reason": reason})
    return done

