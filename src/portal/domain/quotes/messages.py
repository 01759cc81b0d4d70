"""Telling the requester about a quote: a portal notification and an e-mail leading to its page."""

from __future__ import annotations

from portal.domain import notifications
from portal.i18n import _
from portal.tables import Quote


async def tell(account_id: int | None, quote: Quote, title: str, text: str) -> None:
    await notifications.tell(account_id, title, text, _("Bekijk de offerte in Mijn HartingBank:"), "quotes:show",
                             quote_number=quote.number)
