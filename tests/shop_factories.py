"""Factories for the shop: products with a price and VAT rate, contract prices (next to tests/factories.py)."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

from portal.tables import Category, ContractPrice, CoreAssortment, Organisation, Product, RelatedProduct
from tests import asset_factories

_counter = itertools.count(1)


async def product(category: Category | None = None, name: str | None = None, article_number: str | None = None,
                  list_price: str = "100.00", vat_rate: str = "21.00", purchasable: bool = True,
                  rentable: bool = False, daily_rent: str | None = None, active: bool = True,
                  description: str = "", product_type=None, specifications: dict | None = None,
                  images: list | None = None) -> Product:
    n = next(_counter)
    category = category or await asset_factories.category()
    row = Product(article_number=article_number or f"{900000 + n:06d}", name=name or f"Product {n}",
                  description=description, category=category.id, list_price=Decimal(list_price),
                  vat_rate=Decimal(vat_rate), purchasable=purchasable, rentable=rentable,
                  daily_rent=Decimal(daily_rent) if daily_rent else None, active=active,
                  product_type=product_type.id if product_type else None,
                  specifications=json.dumps(specifications or {}), images=json.dumps(images or []))
    await row.save()
    return row


async def contract_price(org: Organisation, item: Product, price: str) -> ContractPrice:
    row = ContractPrice(organisation=org.id, product=item.id, price=Decimal(price))
    await row.save()
    return row


async def core(org: Organisation, item: Product) -> CoreAssortment:
    row = CoreAssortment(organisation=org.id, product=item.id)
    await row.save()
    return row


async def related(item: Product, other: Product) -> RelatedProduct:
    row = RelatedProduct(product=item.id, related=other.id)
    await row.save()
    return row
