"""Who sees which invoice (INV-1, ROLE): the rights table gives the page to the administrator and role 1
(Right.INVOICES); of those, each sees the invoices of its organisation whose location is in its Scope
(the administrator: all of them). Anything else is NotFound, answered 404."""

from __future__ import annotations

from piccolo.columns.combination import Where

from portal.domain.errors import NotFound
from portal.domain.scope import Scope
from portal.tables import Invoice

NUMBER_MAX = 20


def normalise_number(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if ch.isprintable() and not ch.isspace()).upper()[:NUMBER_MAX]


def visible_where(scope: Scope) -> Where:
    """The invoices the scope may see (an invoice has a location, no department: a partly assigned
    location counts whole)."""
    return scope.where(Invoice.organisation, Invoice.location)


async def get_invoice_for(scope: Scope, number: str) -> Invoice:
    """The invoice or credit note with this number if the scope sees it, else NotFound."""
    clean = normalise_number(number)
    invoice = await Invoice.objects().where((Invoice.number == clean) & visible_where(scope)).first() if clean else None
    if invoice is None:
        raise NotFound(number)
    return invoice
