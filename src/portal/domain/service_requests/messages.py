"""Telling people about a service request (SRV-3, PLN): a portal notification and an e-mail, both
leading to the request's page."""

from __future__ import annotations

from portal.domain import notifications
from portal.i18n import _
from portal.tables import ServiceRequest


async def tell(account_id: int | None, request: ServiceRequest, title: str, text: str) -> None:
    await notifications.tell(account_id, title, text, _("Bekijk de aanvraag in Mijn HartingBank:"), "actions:show",
                             number=request.number)
