"""The statuses of a quote in the manual's words. "Verlopen" is no stored status: an answered quote past
its validity date is expired."""

from __future__ import annotations

from datetime import date

from portal.domain.shop.basket import QUOTE_ANSWERED, quote_orderable
from portal.i18n import _

REQUESTED, ANSWERED, ORDERED, EXPIRED = "requested", QUOTE_ANSWERED, "ordered", "expired"

QUOTE_STATUS_LABELS: dict[str, str] = {
    REQUESTED: _("Aangevraagd"),
    "in_progress": _("In behandeling"),
    ANSWERED: _("Offerte ontvangen"),
    ORDERED: _("Besteld"),
    EXPIRED: _("Verlopen"),
    "rejected": _("Afgewezen"),
}


def shown_status(status: str, valid_until: date | None, today: date) -> str:
    """The status as the customer sees it today."""
    if status == ANSWERED and not quote_orderable(status, valid_until, today):
        return EXPIRED
    return status


def status_label(status: str) -> str:
    return QUOTE_STATUS_LABELS.get(status, status)
