"""Baskets, orders, approvals, order templates and quotes (SHOP, RENT-3)."""

from decimal import Decimal

from piccolo.columns import (
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from portal.tables.accounts import Account
from portal.tables.catalogue import Product
from portal.tables.organisations import Department, Location, Organisation
from portal.tables.rentals import RentalReference
from portal.tables.services import ServiceRequest


class Basket(Table):
    """Kept in the database, so a basket follows its owner from phone to desktop."""

    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=8, default="purchase")  # purchase | rental
    updated_at = Timestamptz()


class BasketLine(Table):
    basket = ForeignKey(Basket, null=False, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(Product, null=False, on_delete=OnDelete.cascade)
    quantity = Integer(default=1)
    # A rental line is a rental request with its own destination (RENT-2).
    location = ForeignKey(Location, null=True, on_delete=OnDelete.set_null)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    rental_reference = ForeignKey(RentalReference, null=True, on_delete=OnDelete.set_null)
    new_reference = Varchar(length=100, default="")
    rental_start = Date(null=True, default=None)
    rental_note = Text(default="")
    report_to_name = Varchar(length=200, default="")
    report_to_phone = Varchar(length=40, default="")
    report_to_email = Varchar(length=254, default="")
    contact_name = Varchar(length=200, default="")
    contact_phone = Varchar(length=40, default="")
    contact_email = Varchar(length=254, default="")
    added_at = Timestamptz()
    # A line put in by a quote's "Bestellen" (SHOP-9): the quoted price and quantity hold while the quote is valid.
    quote_line = ForeignKey(LazyTableReference("QuoteLine", module_path=__name__), null=True,
                            on_delete=OnDelete.set_null)


class Order(Table):
    number = Varchar(length=20, unique=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null, index=True)
    kind = Varchar(length=8, index=True)  # purchase | rental
    # awaiting_authorisation | submitted | confirmed | shipped | delivered | rejected | cancelled
    status = Varchar(length=25, index=True)
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    report_to_name = Varchar(length=200, default="")
    report_to_phone = Varchar(length=40, default="")
    report_to_email = Varchar(length=254, default="")
    contact_name = Varchar(length=200, default="")
    contact_phone = Varchar(length=40, default="")
    contact_email = Varchar(length=254, default="")
    reference = Varchar(length=100, default="")
    message = Text(default="")
    requested_delivery_date = Date(null=True, default=None)
    delivery_date = Date(null=True, default=None)
    shipping_date = Date(null=True, default=None)
    shipping_method = Varchar(length=100, default="")
    rental_reference = ForeignKey(RentalReference, null=True, on_delete=OnDelete.set_null)
    rental_start = Date(null=True, default=None)
    service_request = ForeignKey(ServiceRequest, null=True, on_delete=OnDelete.set_null)
    total = Numeric(digits=(12, 2))
    created_at = Timestamptz(index=True)
    # The one-time key of the checkout that made it: a second "Order plaatsen" finds this order. Unique
    # through an index of migration 2026-12-02T02:00:01 (SQLite cannot add a UNIQUE column).
    checkout_token = Varchar(length=80, null=True, default=None)
    # The quote this order was placed from (SHOP-9), at its quoted prices.
    quote = ForeignKey(LazyTableReference("Quote", module_path=__name__), null=True, on_delete=OnDelete.set_null)


class OrderLine(Table):
    order = ForeignKey(Order, null=False, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(Product, null=True, on_delete=OnDelete.set_null)
    article_number = Varchar(length=30)
    name = Varchar(length=200)
    quantity = Integer()
    unit_price = Numeric(digits=(12, 2))  # excluding VAT
    vat_rate = Numeric(digits=(4, 2), default=Decimal("21.00"))  # percent, as when it was ordered
    daily_rent = Numeric(digits=(10, 2), null=True, default=None)
    line_total = Numeric(digits=(12, 2))


class OrderApproval(Table):
    """One budget tier's decision on an order (SHOP-6)."""

    order = ForeignKey(Order, null=False, on_delete=OnDelete.cascade, index=True)
    tier_amount = Numeric(digits=(12, 2))
    authoriser = ForeignKey(Account, null=True, on_delete=OnDelete.set_null, index=True)
    decision = Varchar(length=10, default="pending")  # pending | approved | rejected
    decided_at = Timestamptz(null=True, default=None)
    note = Text(default="")
    # Who decided: the authoriser, their substitute or an administrator.
    decided_by = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)


class OrderEvent(Table):
    order = ForeignKey(Order, null=False, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=25)
    at = Timestamptz()
    by_label = Varchar(length=200, default="")
    note = Text(default="")


class OrderTemplate(Table):
    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=150)
    created_at = Timestamptz()


class OrderTemplateLine(Table):
    template = ForeignKey(OrderTemplate, null=False, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(Product, null=False, on_delete=OnDelete.cascade)
    quantity = Integer(default=1)


class Quote(Table):
    number = Varchar(length=20, unique=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null, index=True)
    status = Varchar(length=15, index=True)  # requested | in_progress | sent | ordered | expired | rejected
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    report_to_name = Varchar(length=200, default="")
    report_to_phone = Varchar(length=40, default="")
    contact_name = Varchar(length=200, default="")
    contact_phone = Varchar(length=40, default="")
    reference = Varchar(length=100, default="")
    message = Text(default="")
    requested_delivery_date = Date(null=True, default=None)
    valid_until = Date(null=True, default=None)
    total = Numeric(digits=(12, 2))
    created_at = Timestamptz(index=True)
    # HartingBank's answer (SHOP-9): when, and the note the customer reads.
    answered_at = Timestamptz(null=True, default=None)
    staff_note = Text(default="")
    # As on Order: the one-time key of the request's checkout, unique through migration 2026-12-02T10:01.
    checkout_token = Varchar(length=80, null=True, default=None)


class QuoteLine(Table):
    quote = ForeignKey(Quote, null=False, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(Product, null=True, on_delete=OnDelete.set_null)
    article_number = Varchar(length=30)
    name = Varchar(length=200)
    quantity = Integer()
    unit_price = Numeric(digits=(12, 2))
    line_total = Numeric(digits=(12, 2))
