"""Telling people about an order (SHOP-5, SHOP-6, STAFF-2): a portal notification and an e-mail, both
leading to the order's page (signing in first when needed)."""

from __future__ import annotations

from portal.domain.mail import queue_mail
from portal.domain.notifications import notify
from portal.i18n import _
from portal.links import absolute, path_for
from portal.tables import Account, Order


async def tell(account_id: int | None, order: Order, title: str, text: str) -> None:
    """A notification and an e-mail with a link to the order; nobody to tell is no error."""
    if account_id is None:
        return
    account = await Account.objects().where(Account.id == account_id).first()
    if account is None:
        return
    await notify(account.id, title, text, path_for("orders:show", order_number=order.number))
    body = _(
        "Beste %(name)s,\n\n%(text)s\n\nBekijk de order in Mijn HartingBank:\n%(link)s\n\n"
        "Met vriendelijke groet,\nOnline klantenservice HartingBank\n088 124 82 11"
    ) % {"name": account.name, "text": text, "link": absolute("orders:show", order_number=order.number)}
    await queue_mail(account.email, title, body)
