"""The kinds, statuses, days and parts of the day of a contact request, in the manual's words."""

from __future__ import annotations

from portal.i18n import _

CONTACT, APPOINTMENT = "contact", "appointment"
OPEN, HANDLED = "open", "handled"

KIND_LABELS: dict[str, str] = {CONTACT: _("Contactformulier"), APPOINTMENT: _("Afspraak met adviseur")}
STATUS_LABELS: dict[str, str] = {OPEN: _("Open"), HANDLED: _("Afgehandeld")}
# HartingBank is reachable Monday to Friday during office hours (the manual's contact page).
DAY_LABELS: dict[str, str] = {"ma": _("maandag"), "di": _("dinsdag"), "wo": _("woensdag"), "do": _("donderdag"),
                              "vr": _("vrijdag")}
TIME_LABELS: dict[str, str] = {"ochtend": _("'s ochtends"), "middag": _("'s middags")}
REACH_LABELS: dict[str, str] = {"phone": _("Telefoon"), "email": _("E-mail")}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def listed(stored: str, labels: dict[str, str]) -> str:
    """A stored choice list ("ma,wo") as words ("maandag, woensdag")."""
    return ", ".join(labels[key] for key in stored.split(",") if key in labels)
