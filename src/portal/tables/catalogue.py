"""The assortment: categories, supplier product types, products and contract prices (SHOP, RENT)."""

from decimal import Decimal

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Text,
    Varchar,
)
from piccolo.table import Table

from portal.tables.organisations import Organisation


class Category(Table):
    name = Varchar(length=100, unique=True)
    slug = Varchar(length=100, unique=True)
    position = Integer(default=0)


class Subcategory(Table):
    category = ForeignKey(Category, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=150)


class ProductType(Table):
    """A supplier's product type, e.g. "Invacare SB755" (the "type" filter of AST-2)."""

    subcategory = ForeignKey(Subcategory, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=150)
    supplier = Varchar(length=100, default="")
    # Months between two inspections of an aid of this type; None: no periodic inspection.
    inspection_interval_months = Integer(null=True, default=None)


class Product(Table):
    article_number = Varchar(length=30, unique=True)
    name = Varchar(length=200, index=True)
    description = Text(default="")
    specifications = JSON(default="{}")
    images = JSON(default="[]")
    product_type = ForeignKey(ProductType, null=True, on_delete=OnDelete.set_null, index=True)
    category = ForeignKey(Category, null=False, on_delete=OnDelete.restrict, index=True)
    list_price = Numeric(digits=(12, 2))  # excluding VAT
    vat_rate = Numeric(digits=(4, 2), default=Decimal("21.00"))  # percent: 9 or 21
    purchasable = Boolean(default=True)
    rentable = Boolean(default=False)
    daily_rent = Numeric(digits=(10, 2), null=True, default=None)
    active = Boolean(default=True)


class RelatedProduct(Table):
    product = ForeignKey(Product, null=False, on_delete=OnDelete.cascade, index=True)
    related = ForeignKey(Product, null=False, on_delete=OnDelete.cascade)


class ContractPrice(Table):
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(Product, null=False, on_delete=OnDelete.cascade, index=True)
    price = Numeric(digits=(12, 2))  # excluding VAT


class CoreAssortment(Table):
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, index=True)
    product = ForeignKey(Product, null=False, on_delete=OnDelete.cascade, index=True)
