"""Invoice kinds and statuses in words. The stored status is open or paid; an open invoice past its due
date is shown, filtered and counted as overdue ("Vervallen")."""

from __future__ import annotations

from datetime import date

from portal.i18n import _

INVOICE, CREDIT_NOTE = "invoice", "credit_note"
KIND_LABELS = {INVOICE: _("Factuur"), CREDIT_NOTE: _("Creditnota")}
KIND_PARAMS = {"factuur": INVOICE, "creditnota": CREDIT_NOTE}  # the URL's words

OPEN, PAID, OVERDUE = "open", "paid", "overdue"
STATUS_LABELS = {OPEN: _("Open"), PAID: _("Betaald"), OVERDUE: _("Vervallen")}
STATUS_PARAMS = {"open": OPEN, "betaald": PAID, "vervallen": OVERDUE}


def shown_status(stored: str, due_date: date | None, today: date) -> str:
    """Open past the due date is overdue."""
    if stored == OPEN and due_date is not None and due_date < today:
        return OVERDUE
    return PAID if stored == PAID else OPEN
