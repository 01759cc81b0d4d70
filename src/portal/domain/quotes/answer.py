"""HartingBank's answer to a quote request (SHOP-9, STAFF) in /admin: a price per line, a validity date
and a note. The prices are typed one line (or ";"-part) per article ("100200 899,00"); every article of the quote needs
one. The answer is a conditional update (of two staff at once one wins), in the audit trail, and the
requester is told by notification and e-mail. An answered quote not yet ordered may be answered again (to
correct it); an ordered one not."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from portal.db import engine
from portal.domain import audit
from portal.domain.errors import NotFound
from portal.domain.quotes.access import normalise_number
from portal.domain.quotes.labels import ANSWERED, REQUESTED, status_label
from portal.domain.quotes.messages import tell
from portal.domain.service_requests.execution import Staff, StaffRefusal, clean_note
from portal.i18n import TIMEZONE, _, format_day, format_money
from portal.money import parse_money, to_money
from portal.tables import Quote, QuoteLine

ANSWERABLE = (REQUESTED, "in_progress", ANSWERED)
LATEST_VALIDITY = timedelta(days=366)
PRICE_MAX = Decimal("1000000")


async def get_quote(number: str) -> Quote:
    """The quote with this number (staff see every organisation's); NotFound otherwise."""
    clean = normalise_number(number)
    quote = await Quote.objects().where(Quote.number == clean).first() if clean else None
    if quote is None:
        raise NotFound(number)
    return quote


def read_prices(text: str, articles: list[str]) -> dict[str, Decimal]:
    """The typed price lines, checked against the quote's articles; a refusal names what is wrong."""
    prices: dict[str, Decimal] = {}
    for raw in re.split(r"[\n;]", text or ""):
        line = raw.strip()
        if not line:
            continue
        article, _space, amount = line.partition(" ")
        price = parse_money(amount.strip()) if amount.strip() else None
        if article not in articles:
            raise StaffRefusal(_("Artikel %(article)s staat niet in deze offerte. Artikelen: %(articles)s.") % {
                "article": article[:30], "articles": ", ".join(articles)})
        if price is None or price < 0 or price >= PRICE_MAX:
            raise StaffRefusal(_("Vul bij artikel %(article)s een prijs in, bijvoorbeeld %(article)s 899,00.") % {
                "article": article})
        prices[article] = price
    missing = [article for article in articles if article not in prices]
    if missing:
        raise StaffRefusal(_("Vul een prijs in voor elk artikel; ontbreekt: %(articles)s.") % {
            "articles": ", ".join(missing)})
    return prices


async def answer(number: str, prices_text: str, valid_until: date | None, note: str, staff: Staff) -> Quote:
    """Answer the quote: the quoted price per line, valid until a day from today on, and a note."""
    quote = await get_quote(number)
    if quote.status not in ANSWERABLE:
        raise StaffRefusal(_("Offerte %(number)s heeft status %(status)s; ze kan niet meer beantwoord worden.") % {
            "number": quote.number, "status": status_label(quote.status).lower()})
    today = datetime.now(TIMEZONE).date()
    if valid_until is None:
        raise StaffRefusal(_("Vul in tot wanneer de offerte geldig is."))
    if not today <= valid_until <= today + LATEST_VALIDITY:
        raise StaffRefusal(_("Kies een geldigheidsdatum van vandaag tot een jaar vanaf vandaag."))
    lines = await QuoteLine.select(QuoteLine.id, QuoteLine.article_number, QuoteLine.quantity).where(
        QuoteLine.quote == quote.id).order_by(QuoteLine.id)
    prices = read_prices(prices_text, [line["article_number"] for line in lines])
    note = clean_note(note)
    total = Decimal("0.00")
    now = datetime.now(timezone.utc)
    async with engine().transaction():
        updated = await Quote.update({Quote.status: ANSWERED}).where(
            (Quote.id == quote.id) & (Quote.status == quote.status)).returning(Quote.id)
        if updated:
            for line in lines:
                price = prices[line["article_number"]]
                line_total = to_money(price * line["quantity"])
                total += line_total
                await QuoteLine.update({QuoteLine.unit_price: price, QuoteLine.line_total: line_total}).where(
                    QuoteLine.id == line["id"])
            await Quote.update({Quote.total: total, Quote.valid_until: valid_until, Quote.staff_note: note,
                                Quote.answered_at: now}).where(Quote.id == quote.id)
            await audit.record("quote_answered", actor_label=staff.label, organisation_id=quote.organisation,
                               object_type="quote", object_id=quote.id, ip_address=staff.ip_address,
                               changes={"status": [quote.status, ANSWERED], "valid_until": valid_until.isoformat(),
                                        "total": str(total)})
    if not updated:
        raise StaffRefusal(_("Een collega was u voor: offerte %(number)s is intussen gewijzigd.") % {
            "number": quote.number})
    done = await get_quote(quote.number)
    values = {"number": done.number, "total": format_money(done.total), "date": format_day(valid_until)}
    await tell(done.account, done, _("Uw offerte %(number)s staat klaar") % values,
               _("HartingBank heeft uw offerte %(number)s beantwoord: %(total)s (excl. btw), geldig tot en met "
                 "%(date)s. Met 'Bestellen' op de offerte plaatst u de producten tegen deze prijzen in uw "
                 "winkelwagen.") % values + (f"\n\n{note}" if note else ""))
    return done
