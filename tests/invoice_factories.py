"""Factories for invoices and credit notes (next to tests/order_factories.py)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from portal.domain.shop import pricing
from portal.tables import Invoice, InvoiceLine, Location

_counter = itertools.count(1)


async def invoice(location: Location, *, kind: str = "invoice", number: str | None = None,
                  invoice_date: date | None = None, due_date: date | None = None, status: str = "open",
                  lines: list[tuple[str, str, str, str]] = (("Hoog-laagbed", "1", "100.00", "21.00"),),
                  order=None, service_request=None, credited: Invoice | None = None,
                  period: tuple[date, date] | None = None) -> Invoice:
    """An invoice at `location` with `lines` of (description, quantity, unit price excl. VAT, VAT rate);
    a credit note's unit prices are negative."""
    n = next(_counter)
    day = invoice_date or date.today() - timedelta(days=n)
    drafts = [(text, Decimal(q), Decimal(unit), Decimal(rate)) for text, q, unit, rate in lines]
    totals = pricing.totals((pricing.Price(unit, rate, unit, False), q) for _t, q, unit, rate in drafts)
    prefix = "FAC" if kind == "invoice" else "CRN"
    row = Invoice(number=number or f"{prefix}-{day.year}-{800000 + n:06d}", organisation=location.organisation,
                  kind=kind, location=location.id, order=order.id if order else None,
                  service_request=service_request.id if service_request else None, invoice_date=day,
                  due_date=due_date if due_date is not None else (day + timedelta(days=30) if kind == "invoice" else None),
                  total_excl_vat=totals.excl, vat=totals.vat_total, total_incl_vat=totals.incl, status=status,
                  created_at=datetime.now(timezone.utc), credited_invoice=credited.id if credited else None,
                  period_start=period[0] if period else None, period_end=period[1] if period else None)
    await row.save()
    for text, q, unit, rate in drafts:
        await InvoiceLine(invoice=row.id, description=text, quantity=q, unit_price=unit, vat_rate=rate,
                          line_total=pricing.line_total(pricing.Price(unit, rate, unit, False), q)).save()
    return row
