"""Who may see which quote (ROLE, SHOP-9), for "Mijn offertes", a quote's page and its "Bestellen": as for
orders, a quote is its requester's, at a location in their Scope; the administrator sees every quote of the
organisation. Roles without Right.QUOTES never reach these pages (the route guard). Anything else is
NotFound, answered 404."""

from __future__ import annotations

from piccolo.columns.combination import Where

from portal.domain.errors import NotFound
from portal.domain.orders.access import normalise_number
from portal.domain.scope import Scope
from portal.rights import sees_all_locations
from portal.tables import Account, Quote

__all__ = ["get_quote_for", "normalise_number", "visible_where"]


def visible_where(account: Account, scope: Scope) -> Where:
    """The condition of the quotes the account sees."""
    if sees_all_locations(account.role):
        return Quote.organisation == account.organisation
    return scope.where(Quote.organisation, Quote.location, Quote.department) & (Quote.account == account.id)


async def get_quote_for(account: Account, scope: Scope, number: str) -> Quote:
    """The quote with this number if the account may see it, else NotFound."""
    clean = normalise_number(number)
    quote = await Quote.objects().where((Quote.number == clean) & visible_where(account, scope)).first() if clean else None
    if quote is None:
        raise NotFound(number)
    return quote
