""""Offerte aanvragen" (SHOP-9): the basket through the checkout's two steps (portal.domain.orders.checkout,
with its rules: one quote per one-time key, prices and step 1 checked again, the basket as last seen), stored
as a quote instead of an order. The requested lines leave the basket; "Bestellen" on the answered quote puts
them back at the quoted prices. A basket holding a quote's products cannot be sent for a quote."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timezone

from portal.domain.numbering import next_number
from portal.domain.orders import checkout
from portal.domain.quotes.labels import REQUESTED
from portal.domain.quotes.messages import tell
from portal.domain.scope import Scope
from portal.domain.shop import basket
from portal.i18n import _, format_day, format_money
from portal.tables import Account, BasketLine, Quote, QuoteLine


def refusal(contents: basket.Contents) -> str:
    """Why this basket cannot be sent for a quote ("" when it can)."""
    numbers = sorted({line.quote_number for line in contents.lines if line.quote_id})
    if not numbers:
        return ""
    return _("Uw winkelwagen bevat producten van offerte %(numbers)s tegen de offerteprijs. Bestel die eerst of "
             "verwijder die producten; daarna kunt u een nieuwe offerte aanvragen.") % {"numbers": ", ".join(numbers)}


async def step(account: Account, scope: Scope, data: checkout.CheckoutInput, seen: str, *, forward: bool,
               errors: dict[str, str] | None = None) -> checkout.Checkout:
    """Step 1 or the review of a quote request (portal.domain.orders.checkout.step)."""
    return await checkout.step(account, scope, data, seen, forward=forward, errors=errors, refuse=refusal)


async def _requested_before(account: Account, token: str) -> Quote | None:
    return await Quote.objects().where(Quote.checkout_token == checkout.stored_token(account, token)).first()


async def _store(account: Account, scope: Scope, delivery: checkout.Delivery, contents: basket.Contents,
                 token: str) -> tuple[Quote, None]:
    """The quote and its lines at today's prices (HartingBank answers with its own), and the lines out of
    the basket (in the caller's transaction)."""
    if why := refusal(contents):
        raise checkout.Refused(why)
    quote = Quote(number=await next_number("quote"), organisation=scope.organisation_id, account=account.id,
                  status=REQUESTED, total=contents.totals.excl, created_at=datetime.now(timezone.utc),
                  checkout_token=checkout.stored_token(account, token), **asdict(delivery))
    await quote.save()
    lines = contents.orderable
    await QuoteLine.insert(*(
        QuoteLine(quote=quote.id, product=line.product_id, article_number=line.article_number, name=line.name,
                  quantity=line.quantity, unit_price=line.price.excl, line_total=line.total)
        for line in lines
    ))
    await BasketLine.delete().where(BasketLine.id.is_in([line.id for line in lines]))
    return quote, None


async def _tell_about(account: Account, quote: Quote, _passed: None) -> None:
    wanted = (_(" Gevraagde afleverdatum: %(date)s.") % {"date": format_day(quote.requested_delivery_date)}
              if quote.requested_delivery_date else "")
    values = {"number": quote.number, "total": format_money(quote.total)}
    await tell(account.id, quote, _("Uw offerteaanvraag %(number)s is ontvangen") % values,
               _("HartingBank heeft uw offerteaanvraag %(number)s ontvangen (huidige waarde %(total)s excl. btw). "
                 "U krijgt bericht zodra de offerte klaarstaat.") % values + wanted)


async def send(account: Account, scope: Scope, data: checkout.CheckoutInput, seen: str) -> checkout.Placed:
    """"Offerte aanvragen" on the review: the quote, once however often it is sent."""
    return await checkout.submit(account, scope, data, seen, _requested_before, _store, _tell_about)
