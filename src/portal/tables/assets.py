"""The fleet: every aid with its unique object number (AST)."""

from piccolo.columns import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from portal.tables.catalogue import Category, Product, ProductType, Subcategory
from portal.tables.organisations import Department, Depot, Location, Organisation
from portal.tables.rentals import RentalReference


class Asset(Table):
    object_number = Varchar(length=30, unique=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    # Category and subcategory repeat what the product type implies, so the fleet list filters and
    # sorts on its own columns at a million rows.
    category = ForeignKey(Category, null=False, on_delete=OnDelete.restrict, index=True)
    subcategory = ForeignKey(Subcategory, null=False, on_delete=OnDelete.restrict, index=True)
    product_type = ForeignKey(ProductType, null=False, on_delete=OnDelete.restrict, index=True)
    product = ForeignKey(Product, null=True, on_delete=OnDelete.set_null)
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null, index=True)
    depot = ForeignKey(Depot, null=True, on_delete=OnDelete.set_null)
    status = Varchar(length=12, default="in_use", index=True)  # depot | in_use | transport | cleaning
    ownership = Varchar(length=8, default="owned", index=True)  # owned | rented
    rental_start = Date(null=True, default=None, index=True)
    rental_reference = ForeignKey(RentalReference, null=True, on_delete=OnDelete.set_null)
    # The day HartingBank picked a rented aid up: the rental has ended (kept for its history).
    rental_end = Date(null=True, default=None)
    # A rented aid made by delivering a rental order: the rent per day it was ordered at, and the order line
    # it came from (the order page shows its cost). Lazy: the orders tables import this module.
    daily_rent = Numeric(digits=(10, 2), null=True, default=None)
    order_line = ForeignKey(LazyTableReference("OrderLine", module_path="portal.tables.orders"), null=True,
                            on_delete=OnDelete.set_null, index=True)
    # When the aid is due for inspection (portal.domain.assets.inspections keeps it up to date); stored so
    # the fleet list filters on it through an index, None: its type needs no periodic inspection.
    next_inspection = Date(null=True, default=None)
    serial_number = Varchar(length=60, default="")
    year_of_manufacture = Integer(null=True, default=None)
    characteristics = JSON(default="{}")
    created_at = Timestamptz()
