"""One invoice or credit note as the printable PDF the document number opens (INV-1): HartingBank's
details, the customer's, the lines with the VAT per rate and the totals (portal.domain.shop.pricing, as
for a basket and an order), and the order, service request or rental period it belongs to; a credit
note names the invoice it credits. xhtml2pdf runs in the export pool, bounded per account and process
like every download (portal.domain.exports.limits)."""

from __future__ import annotations

from dataclasses import dataclass

from portal.db import one_connection
from portal.domain.exports import limits, pool, work
from portal.domain.invoices.access import get_invoice_for
from portal.domain.invoices.labels import CREDIT_NOTE, KIND_LABELS, STATUS_LABELS, shown_status
from portal.domain.invoices.listing import subject
from portal.domain.scope import Scope
from portal.domain.shop import pricing
from portal.i18n import _, format_day, format_money, format_number, local_today
from portal.money import to_money
from portal.settings import get_settings
from portal.tables import Account, Invoice, InvoiceLine, Location, Order, Organisation, ServiceRequest

@dataclass
class InvoiceDocument:
    """What the PDF shows, as plain values (it crosses to a worker process)."""

    number: str
    kind: str
    kind_label: str
    status_label: str
    invoice_date: str
    due_date: str
    subject: str
    credited_number: str
    customer: list[str]
    lines: list[dict]
    totals: pricing.Totals
    hartingbank: tuple[str, ...]  # the issuer's lines (settings.invoice_issuer)

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"


def _line(row: dict) -> dict:
    quantity, unit, rate = to_money(row["quantity"]), to_money(row["unit_price"]), to_money(row["vat_rate"])
    return {"description": row["description"], "quantity": quantity, "unit_price": unit, "vat_rate": rate,
            "line_total": to_money(row["line_total"]), "quantity_label": format_number(quantity.normalize()),
            "unit_label": format_money(unit), "rate_label": f"{format_number(rate.normalize())}%",
            "total_label": format_money(to_money(row["line_total"]))}


def line_totals(lines: list[dict]) -> pricing.Totals:
    """The totals of invoice lines, worked out as every basket and order is (VAT per rate)."""
    return pricing.stored_totals({**line, "quantity": to_money(line["quantity"])} for line in lines)


async def invoice_document(account: Account, scope: Scope, number: str) -> InvoiceDocument:
    """The invoice with this number (one the scope sees, else NotFound) with everything its PDF shows."""
    async with one_connection():
        invoice = await get_invoice_for(scope, number)
        rows = await InvoiceLine.select().where(InvoiceLine.invoice == invoice.id).order_by(InvoiceLine.id)
        organisation = await Organisation.select(Organisation.name, Organisation.customer_number).where(
            Organisation.id == invoice.organisation).first()
        location = await Location.select(Location.name, Location.address, Location.postal_code, Location.city).where(
            Location.id == invoice.location).first() if invoice.location else None
        order = await Order.select(Order.number).where(Order.id == invoice.order).first() if invoice.order else None
        service = await ServiceRequest.select(ServiceRequest.number).where(
            ServiceRequest.id == invoice.service_request).first() if invoice.service_request else None
        credited = await Invoice.select(Invoice.number).where(Invoice.id == invoice.credited_invoice).first() \
            if invoice.credited_invoice else None
    customer = [organisation["name"], _("Klantnummer %(number)s") % {"number": organisation["customer_number"]}]
    if location:
        customer += [location["name"], location["address"], f"{location['postal_code']} {location['city']}".strip()]
    lines = [_line(row) for row in rows]
    about = subject({"order_number": order["number"] if order else "", "service_number": service["number"] if service else "",
                     "period_start": invoice.period_start, "period_end": invoice.period_end})
    return InvoiceDocument(
        invoice.number, invoice.kind, KIND_LABELS.get(invoice.kind, invoice.kind),
        STATUS_LABELS[shown_status(invoice.status, invoice.due_date, local_today())],
        format_day(invoice.invoice_date), format_day(invoice.due_date), about,
        credited["number"] if credited else "", [part for part in customer if part], lines, line_totals(lines),
        get_settings().invoice_issuer,
    )


def render_invoice(document: InvoiceDocument) -> bytes:
    """The PDF (in a worker process: see portal.domain.exports.pool)."""
    html = work.environment().get_template("invoices/document.html").render(
        doc=document, credit=document.kind == CREDIT_NOTE, money=format_money)
    return work.render_pdf(html)


async def invoice_pdf(account: Account, document: InvoiceDocument) -> bytes:
    """The PDF, made off the event loop; ExportRefused when the account or the process has enough going on
    or the invoice is longer than a PDF may be."""
    if len(document.lines) > limits.MAX_PDF_ROWS:
        raise limits.ExportRefused(_("Deze factuur heeft te veel regels voor een PDF. Vraag HartingBank om een kopie."))
    async with limits.sync_slots.hold(account.id):
        return await pool.run(render_invoice, document)

