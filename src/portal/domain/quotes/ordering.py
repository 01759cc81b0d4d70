""""Bestellen" on a quote (SHOP-9): while the quote is valid, all its products go in the basket at the
quoted prices and quantities; the checkout then places them as one order that records the quote, and the
quote becomes "Besteld". An expired quote offers "Opnieuw aanvragen": its products at today's prices in
the basket, on to "Offerte aanvragen"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from portal.domain.quotes.access import get_quote_for
from portal.domain.quotes.labels import ANSWERED, EXPIRED, ORDERED, shown_status
from portal.domain.scope import Scope
from portal.domain.shop import basket
from portal.i18n import TIMEZONE, _, format_day
from portal.tables import Account, Order, Quote, QuoteLine


async def take(quote_id: int) -> bool:
    """Mark the quote ordered, if it still may be (the caller's transaction; of two orders one wins)."""
    today = datetime.now(TIMEZONE).date()
    taken = await Quote.update({Quote.status: ORDERED}).where(
        (Quote.id == quote_id) & (Quote.status == ANSWERED) & (Quote.valid_until >= today)).returning(Quote.id)
    return bool(taken)


@dataclass
class InBasket:
    """What "Bestellen" did: the lines put in, or why nothing was (the quote's page shows it)."""

    added: int = 0
    refusal: str = ""
    not_sold: list[str] = field(default_factory=list)


async def refusal_for(quote: Quote) -> str:
    """Why this quote cannot be ordered now ("" when it can)."""
    status = shown_status(quote.status, quote.valid_until, datetime.now(TIMEZONE).date())
    if status == ORDERED:
        order = await Order.select(Order.number).where(Order.quote == quote.id).first()
        return (_("Offerte %(number)s is al besteld (order %(order)s).") % {"number": quote.number, "order": order["number"]}
                if order else _("Offerte %(number)s is al besteld.") % {"number": quote.number})
    if status == EXPIRED:
        return _("Offerte %(number)s is verlopen op %(date)s. Vraag de offerte opnieuw aan.") % {
            "number": quote.number, "date": format_day(quote.valid_until)}
    if status != ANSWERED:
        return _("HartingBank heeft offerte %(number)s nog niet beantwoord; u kunt haar bestellen zodra de "
                 "prijzen er zijn.") % {"number": quote.number}
    return ""


async def put_in_basket(account: Account, scope: Scope, number: str) -> InBasket:
    """"Bestellen": the valid quote's products in the basket at the quoted prices (once: pressed again, they
    are there already). A basket holds one quote's products at a time."""
    quote = await get_quote_for(account, scope, number)
    if why := await refusal_for(quote):
        return InBasket(refusal=why)
    present = await basket.quotes_in_basket(account)
    if quote.id in present:
        return InBasket(refusal=_("De producten van offerte %(number)s staan al in uw winkelwagen.") % {
            "number": quote.number})
    if present:
        return InBasket(refusal=_("Uw winkelwagen bevat al de producten van offerte %(other)s. Bestel die eerst of "
                                  "verwijder ze; één order neemt de producten van één offerte.") % {
            "other": ", ".join(sorted(present.values()))})
    lines = await QuoteLine.select(QuoteLine.id, QuoteLine.product, QuoteLine.quantity, QuoteLine.name).where(
        QuoteLine.quote == quote.id).order_by(QuoteLine.id)
    can = await basket.sellable(line["product"] for line in lines if line["product"])
    going = [line for line in lines if can.get(line["product"])]
    await basket.add_quoted(account, ((line["id"], line["product"], line["quantity"]) for line in going))
    return InBasket(added=len(going), not_sold=[line["name"] for line in lines if line not in going])


async def request_again(account: Account, scope: Scope, number: str) -> basket.Added:
    """"Opnieuw aanvragen": the quote's products in its quantities in the basket at today's prices."""
    quote = await get_quote_for(account, scope, number)
    lines = await QuoteLine.select(QuoteLine.product, QuoteLine.quantity).where(QuoteLine.quote == quote.id)
    return await basket.add(account, ((line["product"], line["quantity"]) for line in lines if line["product"]))
