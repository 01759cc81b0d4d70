"""Facturen: invoices and credit notes with their lines (STAFF-2)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.config import FACTUREN, config
from portal.admin.refusals import refusing
from portal.tables import Invoice, InvoiceLine


# An issued invoice is never changed: it is credited (portal.admin.invoice_forms).
USE_THE_FORMS = ("Facturen en creditnota's maakt u met de formulieren onder Facturen; een uitgegeven factuur wordt "
                 "nooit gewijzigd of verwijderd, alleen gecrediteerd ('Creditnota maken').")
READ_ONLY = refusing(create=USE_THE_FORMS, change=USE_THE_FORMS, delete=USE_THE_FORMS)


def invoice_tables() -> list[TableConfig]:
    return [
        config(Invoice, FACTUREN,
               [Invoice.number, Invoice.invoice_date, Invoice.organisation, Invoice.kind, Invoice.location,
                Invoice.total_incl_vat, Invoice.status, Invoice.due_date, Invoice.credited_invoice],
               [Invoice.number, Invoice.kind, Invoice.status, Invoice.organisation, Invoice.location, Invoice.order,
                Invoice.service_request, Invoice.invoice_date, Invoice.due_date],
               link=Invoice.number, newest_first=Invoice.invoice_date, validators=READ_ONLY),
        config(InvoiceLine, FACTUREN, [InvoiceLine.id, InvoiceLine.invoice, InvoiceLine.description, InvoiceLine.quantity,
                                       InvoiceLine.unit_price, InvoiceLine.vat_rate, InvoiceLine.line_total],
               [InvoiceLine.invoice, InvoiceLine.description], validators=READ_ONLY),
    ]
