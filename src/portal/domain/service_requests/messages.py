"""Telling people about a service request (SRV-3, PLN): a portal notification and an e-mail, both
leading to the request's page."""

from __future__ import annotations

from portal.domain.mail import queue_mail
from portal.domain.notifications import notify
from portal.i18n import _
from portal.links import absolute, path_for
from portal.tables import Account, ServiceRequest


async def tell(account_id: int | None, request: ServiceRequest, title: str, text: str) -> None:
    """A notification to the account and an e-mail to its address, with a link to the request. Nobody
    to tell (a request of a deleted account) is no error."""
    if account_id is None:
        return
    account = await Account.objects().where(Account.id == account_id).first()
    if account is None:
        return
    await notify(account.id, title, text, path_for("actions:show", number=request.number))
    body = _(
        "Beste %(name)s,\n\n%(text)s\n\nBekijk de aanvraag in Mijn HartingBank:\n%(link)s\n\n"
        "Met vriendelijke groet,\nOnline klantenservice HartingBank\n088 124 82 11"
    ) % {"name": account.name, "text": text, "link": absolute("actions:show", number=request.number)}
    await queue_mail(account.email, title, body)
