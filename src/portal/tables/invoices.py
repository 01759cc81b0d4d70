"""Invoices and credit notes of orders and services (INV)."""

from piccolo.columns import (
    Date,
    ForeignKey,
    Numeric,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from portal.tables.organisations import Location, Organisation
from portal.tables.orders import Order
from portal.tables.services import ServiceRequest


class Invoice(Table):
    number = Varchar(length=20, unique=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=12, index=True)  # invoice | credit_note
    location = ForeignKey(Location, null=True, on_delete=OnDelete.set_null, index=True)
    order = ForeignKey(Order, null=True, on_delete=OnDelete.set_null)
    service_request = ForeignKey(ServiceRequest, null=True, on_delete=OnDelete.set_null)
    invoice_date = Date(index=True)
    due_date = Date(null=True, default=None)
    total_excl_vat = Numeric(digits=(12, 2))
    vat = Numeric(digits=(12, 2))
    total_incl_vat = Numeric(digits=(12, 2))
    status = Varchar(length=8, default="open")  # open | paid
    created_at = Timestamptz()
    # A credit note names the invoice it credits (its amounts are negative).
    credited_invoice = ForeignKey("self", null=True, on_delete=OnDelete.set_null, index=True)
    # A rental invoice: the days it charges (days x daily rent per rented aid of the location).
    period_start = Date(null=True, default=None)
    period_end = Date(null=True, default=None)


class InvoiceLine(Table):
    invoice = ForeignKey(Invoice, null=False, on_delete=OnDelete.cascade, index=True)
    description = Varchar(length=300)
    quantity = Numeric(digits=(10, 2))
    unit_price = Numeric(digits=(12, 2))
    vat_rate = Numeric(digits=(5, 2))
    line_total = Numeric(digits=(12, 2))
