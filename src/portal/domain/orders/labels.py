"""The statuses and kinds of an order, in the manual's words."""

from __future__ import annotations

from portal.i18n import _

WAITING = "awaiting_authorisation"
PURCHASE, RENTAL = "purchase", "rental"

ORDER_STATUS_LABELS: dict[str, str] = {
    WAITING: _("Wacht op autorisatie"),
    "submitted": _("Verstuurd naar HartingBank"),
    "confirmed": _("Bevestigd"),
    "shipped": _("Verzonden"),
    "delivered": _("Geleverd"),
    "rejected": _("Afgewezen"),
    "cancelled": _("Geannuleerd"),
}
ORDER_KIND_LABELS: dict[str, str] = {PURCHASE: _("Koop"), RENTAL: _("Huur")}


def status_label(status: str) -> str:
    return ORDER_STATUS_LABELS.get(status, status)

# Quotes (SHOP-9) are HartingBank's answer to a basket: requested, being worked on, sent to the customer,
# turned into an order, or no longer valid.
QUOTE_STATUS_LABELS: dict[str, str] = {
    "requested": _("Aangevraagd"),
    "in_progress": _("In behandeling"),
    "sent": _("Verstuurd"),
    "ordered": _("Besteld"),
    "expired": _("Verlopen"),
    "rejected": _("Afgewezen"),
}
