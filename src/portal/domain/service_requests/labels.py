"""The kinds and statuses of service requests (SRV, PLN), in the manual's words."""

from __future__ import annotations

from portal.i18n import _

# The kinds a customer requests (SRV-1), in the order of the manual; staff add the others.
REQUESTABLE_KINDS: dict[str, str] = {
    "repair": _("Reparatie"),
    "relocation": _("Verplaatsing"),
    "to_depot": _("Naar depot brengen"),
    "from_depot": _("Uit depot ophalen"),
    "rental_pickup": _("Huurmiddel laten ophalen"),
}
STAFF_KINDS: dict[str, str] = {
    "cleaning": _("Reiniging"),
    "inspection": _("Keuring"),
    "maintenance": _("Onderhoud"),
}
SERVICE_KIND_LABELS: dict[str, str] = {**REQUESTABLE_KINDS, **STAFF_KINDS}

SERVICE_STATUS_LABELS: dict[str, str] = {
    "awaiting_authorisation": _("Wacht op autorisatie"),
    "submitted": _("Aangevraagd"),
    "planned": _("Ingepland"),
    "done": _("Uitgevoerd"),
    "rejected": _("Afgewezen"),
    "cancelled": _("Geannuleerd"),
}

# "Actie": who carries a relocation or a depot delivery out.
PERFORMED_BY_LABELS: dict[str, str] = {"hartingbank": _("HartingBank"), "own": _("Eigen organisatie")}
