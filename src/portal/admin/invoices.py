"""Facturen: invoices and credit notes with their lines (STAFF-2)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.config import FACTUREN, config
from portal.tables import Invoice, InvoiceLine


def invoice_tables() -> list[TableConfig]:
    return [
        config(Invoice, FACTUREN,
               [Invoice.number, Invoice.invoice_date, Invoice.organisation, Invoice.kind, Invoice.location,
                Invoice.total_incl_vat, Invoice.status, Invoice.due_date],
               [Invoice.number, Invoice.kind, Invoice.status, Invoice.organisation, Invoice.location, Invoice.order,
                Invoice.service_request, Invoice.invoice_date, Invoice.due_date],
               link=Invoice.number, newest_first=Invoice.invoice_date),
        config(InvoiceLine, FACTUREN, [InvoiceLine.id, InvoiceLine.invoice, InvoiceLine.description, InvoiceLine.quantity,
                                       InvoiceLine.unit_price, InvoiceLine.vat_rate, InvoiceLine.line_total],
               [InvoiceLine.invoice, InvoiceLine.description]),
    ]
