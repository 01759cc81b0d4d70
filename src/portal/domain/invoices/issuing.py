"""HartingBank staff issue invoices and credit notes (INV-1, STAFF-2) from /admin: an invoice of an order,
of a service request, or of a rental period (days x daily rent per rented aid of a location); a credit
note of an invoice, never for more than is left of it. Numbers run per kind and year
(portal.domain.numbering). An issued invoice is never changed: a mistake is credited. Only its payment
is recorded. A refusal is a StaffRefusal with the Dutch message the admin shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from portal.db import write_transaction
from portal.domain import audit
from portal.domain.errors import NotFound
from portal.domain.invoices.access import normalise_number
from portal.domain.invoices.labels import CREDIT_NOTE, INVOICE, OPEN, PAID
from portal.domain.numbering import next_number
from portal.domain.orders.execution import get_order
from portal.domain.service_requests.execution import Staff, StaffRefusal, get_request
from portal.domain.service_requests.labels import SERVICE_KIND_LABELS
from portal.domain.shop import pricing
from portal.i18n import _, format_day, format_money, local_today
from portal.money import to_money
from portal.tables import Asset, Invoice, InvoiceLine, Location, OrderLine

PAYMENT_DAYS = 30
DEFAULT_VAT = Decimal("21.00")
NOT_INVOICED = ("awaiting_authorisation", "rejected", "cancelled")
MAX_RENTAL_DAYS = 366


@dataclass(frozen=True)
class Draft:
    """An invoice line before it is stored."""

    description: str
    quantity: Decimal
    unit_price: Decimal  # excluding VAT
    vat_rate: Decimal


def _totals(lines: Iterable[Draft]) -> pricing.Totals:
    return pricing.totals((pricing.Price(line.unit_price, line.vat_rate, line.unit_price, False), line.quantity)
                          for line in lines)


def _check_date(day: date | None) -> date:
    today = local_today()
    if day is None:
        return today
    if day > today:
        raise StaffRefusal(_("De factuurdatum ligt in de toekomst. Kies vandaag of eerder."))
    if day < today - timedelta(days=366):
        raise StaffRefusal(_("De factuurdatum ligt meer dan een jaar terug."))
    return day


async def _issue(kind: str, *, organisation: int, location: int | None, lines: list[Draft], day: date, staff: Staff,
                 order: int | None = None, service_request: int | None = None, credited: Invoice | None = None,
                 period: tuple[date, date] | None = None) -> Invoice:
    """Stores the invoice with its lines and totals, numbered, in one transaction; audited."""
    totals = _totals(lines)
    async with write_transaction():  # within the caller's, which checked what it invoices
        invoice = Invoice(
            number=await next_number(kind, day.year), organisation=organisation, kind=kind, location=location,
            order=order, service_request=service_request, invoice_date=day,
            due_date=day + timedelta(days=PAYMENT_DAYS) if kind == INVOICE else None,
            total_excl_vat=totals.excl, vat=totals.vat_total, total_incl_vat=totals.incl, status=OPEN,
            created_at=datetime.now(timezone.utc), credited_invoice=credited.id if credited else None,
            period_start=period[0] if period else None, period_end=period[1] if period else None,
        )
        await invoice.save()
        await InvoiceLine.insert(*(InvoiceLine(
            invoice=invoice.id, description=line.description[:300], quantity=line.quantity, unit_price=line.unit_price,
            vat_rate=line.vat_rate, line_total=pricing.line_total(pricing.Price(line.unit_price, line.vat_rate,
                                                                                line.unit_price, False), line.quantity),
        ) for line in lines))
        await audit.record(f"{kind}_issued", actor_label=staff.label, organisation_id=organisation,
                           object_type="invoice", object_id=invoice.id, ip_address=staff.ip_address,
                           changes={"number": [None, invoice.number], "total_incl_vat": [None, str(totals.incl)]})
    return invoice


def _checked_and_stored(step):
    """A step's checks and what it stores in one write transaction: two staff at once cannot both invoice
    one order or credit the same rest (on SQLite the write lock is taken at the start)."""

    @wraps(step)
    async def run(*args, **kwargs):
        async with write_transaction():
            return await step(*args, **kwargs)

    return run


async def _already(condition, what: str) -> None:
    found = await Invoice.select(Invoice.number).where(condition & (Invoice.kind == INVOICE)).first()
    if found:
        raise StaffRefusal(_("%(what)s is al gefactureerd met %(number)s. Crediteer die factuur als er iets niet "
                             "klopt.") % {"what": what, "number": found["number"]})


@_checked_and_stored
async def invoice_order(number: str, day: date | None, staff: Staff) -> Invoice:
    """An invoice of a purchase order: its lines at the prices and VAT rates it was ordered at."""
    day = _check_date(day)
    try:
        order = await get_order(number)
    except NotFound:
        raise StaffRefusal(_("Er is geen order met ordernummer %(number)s.") % {"number": normalise_number(number)}
                           if normalise_number(number) else _("Vul het ordernummer in.")) from None
    if order.kind != "purchase":
        raise StaffRefusal(_("Order %(number)s is een huurorder. Huur wordt per periode gefactureerd: gebruik "
                             "'Huurfactuur maken'.") % {"number": order.number})
    if order.status in NOT_INVOICED:
        raise StaffRefusal(_("Order %(number)s is niet uitgevoerd en kan niet worden gefactureerd.") % {
            "number": order.number})
    await _already(Invoice.order == order.id, _("Order %(number)s") % {"number": order.number})
    rows = await OrderLine.select().where(OrderLine.order == order.id).order_by(OrderLine.id)
    lines = [Draft(f"{row['article_number']} {row['name']}".strip(), Decimal(row["quantity"]), to_money(row["unit_price"]),
                   to_money(row["vat_rate"])) for row in rows]
    if not lines:
        raise StaffRefusal(_("Order %(number)s heeft geen regels.") % {"number": order.number})
    return await _issue(INVOICE, organisation=order.organisation, location=order.location, lines=lines,
                        day=day, staff=staff, order=order.id)


@_checked_and_stored
async def invoice_service(number: str, amount: Decimal | None, day: date | None, staff: Staff) -> Invoice:
    """An invoice of a service request that was carried out: its cost (or the amount staff give) at 21 %."""
    day = _check_date(day)
    try:
        request = await get_request(number)
    except NotFound:
        clean = normalise_number(number)
        raise StaffRefusal(_("Er is geen aanvraag met ordernummer %(number)s.") % {"number": clean}
                           if clean else _("Vul het ordernummer van de aanvraag in.")) from None
    if request.status != "done":
        raise StaffRefusal(_("Aanvraag %(number)s is nog niet uitgevoerd en kan niet worden gefactureerd.") % {
            "number": request.number})
    await _already(Invoice.service_request == request.id, _("Aanvraag %(number)s") % {"number": request.number})
    price = amount if amount is not None else (to_money(request.cost) if request.cost is not None else None)
    if price is None or price <= 0:
        raise StaffRefusal(_("Vul het bedrag excl. btw in: aanvraag %(number)s heeft geen kosten.") % {
            "number": request.number})
    kind = SERVICE_KIND_LABELS.get(request.kind, request.kind)
    lines = [Draft(f"{kind} {request.number}", Decimal(1), price, DEFAULT_VAT)]
    return await _issue(INVOICE, organisation=request.organisation, location=request.location, lines=lines,
                        day=day, staff=staff, service_request=request.id)


def rental_days(start: date, end: date, rented_from: date | None, rented_until: date | None) -> int:
    """The days of the period an aid was rented (both ends counted)."""
    first = max(start, rented_from or start)
    last = min(end, rented_until or end)
    return max(0, (last - first).days + 1)


@_checked_and_stored
async def invoice_rental(location_id: int | None, start: date | None, end: date | None, day: date | None,
                         staff: Staff) -> Invoice:
    """An invoice of a rental period of a location: per aid rented there in the period, the days it was
    rented times its product's daily rent."""
    day = _check_date(day)
    location = await Location.objects().where(Location.id == location_id).first() if location_id else None
    if location is None:
        raise StaffRefusal(_("Er is geen locatie met dit nummer. Het nummer staat in de tabel Locaties."))
    if start is None or end is None:
        raise StaffRefusal(_("Vul het begin en het einde van de huurperiode in."))
    if end < start:
        raise StaffRefusal(_("Het einde van de huurperiode ligt vóór het begin."))
    if (end - start).days >= MAX_RENTAL_DAYS:
        raise StaffRefusal(_("Een huurperiode is hoogstens een jaar."))
    if end > local_today():
        raise StaffRefusal(_("De huurperiode loopt nog: factureer haar als ze voorbij is."))
    overlapping = await Invoice.select(Invoice.number).where(
        (Invoice.location == location.id) & (Invoice.kind == INVOICE) & Invoice.period_start.is_not_null()
        & (Invoice.period_start <= end) & (Invoice.period_end >= start)).first()
    if overlapping:
        raise StaffRefusal(_("Deze periode is voor deze locatie al (deels) gefactureerd met %(number)s.") % {
            "number": overlapping["number"]})
    aids = await Asset.select(Asset.object_number, Asset.rental_start, Asset.rental_end,
                              Asset.product.name.as_alias("name"), Asset.product.daily_rent.as_alias("daily_rent"),
                              Asset.product.vat_rate.as_alias("vat_rate")).where(
        (Asset.location == location.id) & (Asset.ownership == "rented") & Asset.rental_start.is_not_null()
        & (Asset.rental_start <= end) & (Asset.rental_end.is_null() | (Asset.rental_end >= start))
    ).order_by(Asset.object_number)
    lines = []
    for aid in aids:
        days = rental_days(start, end, aid["rental_start"], aid["rental_end"])
        if days and aid["daily_rent"] is not None:
            lines.append(Draft(_("Huur %(name)s (%(object)s), %(days)s dagen") % {
                "name": aid["name"], "object": aid["object_number"], "days": days},
                Decimal(days), to_money(aid["daily_rent"]), to_money(aid["vat_rate"] or DEFAULT_VAT)))
    if not lines:
        raise StaffRefusal(_("Op %(location)s was van %(start)s tot en met %(end)s geen hulpmiddel met een dagprijs "
                             "gehuurd.") % {"location": location.name, "start": format_day(start), "end": format_day(end)})
    return await _issue(INVOICE, organisation=location.organisation, location=location.id, lines=lines,
                        day=day, staff=staff, period=(start, end))


async def _invoice_by_number(number: str) -> Invoice:
    clean = normalise_number(number)
    invoice = await Invoice.objects().where(Invoice.number == clean).first() if clean else None
    if invoice is None:
        raise StaffRefusal(_("Er is geen factuur met nummer %(number)s.") % {"number": clean}
                           if clean else _("Vul het factuurnummer in."))
    return invoice


async def creditable(invoice: Invoice) -> dict[Decimal, Decimal]:
    """Per VAT rate what is left to credit of an invoice, excluding VAT (its lines minus its credit notes)."""
    left: dict[Decimal, Decimal] = {}
    for row in await InvoiceLine.select(InvoiceLine.vat_rate, InvoiceLine.line_total).where(InvoiceLine.invoice == invoice.id):
        rate = to_money(row["vat_rate"])
        left[rate] = left.get(rate, Decimal("0.00")) + to_money(row["line_total"])
    credited = await InvoiceLine.select(InvoiceLine.vat_rate, InvoiceLine.line_total).where(
        InvoiceLine.invoice.credited_invoice == invoice.id)
    for row in credited:
        rate = to_money(row["vat_rate"])
        left[rate] = left.get(rate, Decimal("0.00")) + to_money(row["line_total"])  # stored negative
    return left


@_checked_and_stored
async def credit(number: str, amount: Decimal | None, rate: Decimal | None, reason: str, day: date | None,
                 staff: Staff) -> Invoice:
    """A credit note of an invoice: all that is left of it (no amount), or an amount excluding VAT at one of
    its VAT rates; never more than is left to credit."""
    invoice = await _invoice_by_number(number)
    if invoice.kind != INVOICE:
        raise StaffRefusal(_("%(number)s is een creditnota; crediteer de factuur zelf.") % {"number": invoice.number})
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise StaffRefusal(_("Vul de reden van de creditering in: de klant leest haar op de creditnota."))
    left = {r: a for r, a in (await creditable(invoice)).items() if a > 0}
    if not left:
        raise StaffRefusal(_("Factuur %(number)s is al helemaal gecrediteerd.") % {"number": invoice.number})
    if amount is None:
        lines = [Draft(_("Creditering %(number)s: %(reason)s") % {"number": invoice.number, "reason": reason},
                       Decimal(1), -a, r) for r, a in sorted(left.items())]
    else:
        if amount <= 0:
            raise StaffRefusal(_("Vul een bedrag groter dan nul in (excl. btw), of laat het leeg om alles te crediteren."))
        if rate is None:
            if len(left) > 1:
                raise StaffRefusal(_("Deze factuur heeft meer btw-tarieven: kies het tarief van het bedrag."))
            rate = next(iter(left))
        if rate not in left:
            raise StaffRefusal(_("Factuur %(number)s heeft geen open bedrag tegen %(rate)s%% btw.") % {
                "number": invoice.number, "rate": rate.normalize()})
        if amount > left[rate]:
            raise StaffRefusal(_("Dat is meer dan gefactureerd: van factuur %(number)s is tegen %(rate)s%% btw nog "
                                 "%(left)s excl. btw te crediteren.") % {
                "number": invoice.number, "rate": rate.normalize(), "left": format_money(left[rate])})
        lines = [Draft(_("Creditering %(number)s: %(reason)s") % {"number": invoice.number, "reason": reason},
                       Decimal(1), -amount, rate)]
    credit_day = _check_date(day)
    if credit_day < invoice.invoice_date:
        raise StaffRefusal(_("De creditnota kan niet van vóór de factuur (%(date)s) zijn.") % {
            "date": format_day(invoice.invoice_date)})
    return await _issue(CREDIT_NOTE, organisation=invoice.organisation, location=invoice.location, lines=lines,
                        day=credit_day, staff=staff, order=invoice.order, service_request=invoice.service_request,
                        credited=invoice, period=(invoice.period_start, invoice.period_end) if invoice.period_start else None)


async def record_payment(number: str, staff: Staff) -> Invoice:
    """An invoice (or credit note) is settled: the one change an issued document gets."""
    invoice = await _invoice_by_number(number)
    if invoice.status == PAID:
        raise StaffRefusal(_("%(number)s staat al als betaald geregistreerd.") % {"number": invoice.number})
    await Invoice.update({Invoice.status: PAID}).where(Invoice.id == invoice.id)
    await audit.record("invoice_paid", actor_label=staff.label, organisation_id=invoice.organisation,
                       object_type="invoice", object_id=invoice.id, ip_address=staff.ip_address,
                       changes={"status": [OPEN, PAID]})
    invoice.status = PAID
    return invoice
