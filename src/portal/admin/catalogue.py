"""Assortiment: categories, product types, products, related products, contract prices and core
assortments (STAFF-1)."""

from __future__ import annotations

from typing import Any

from piccolo.columns import Column
from piccolo_admin.endpoints import TableConfig
from piccolo_api.crud.hooks import Hook, HookType
from starlette.exceptions import HTTPException
from starlette.requests import Request

from portal.admin.config import ASSORTIMENT, config
from portal.domain.assets import inspections
from portal.tables import (
    Category,
    ContractPrice,
    CoreAssortment,
    Product,
    ProductType,
    RelatedProduct,
    Subcategory,
)


def _checked_interval(value: Any) -> int | None:
    try:
        return inspections.parse_interval(value)
    except ValueError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None


async def _type_created(row: ProductType, request: Request) -> ProductType:
    row.inspection_interval_months = _checked_interval(row.inspection_interval_months)
    return row


async def _type_changed(row_id: Any, values: dict[Column, Any], request: Request) -> dict[Column, Any]:
    """A changed inspection interval gives every aid of the type its next inspection date again."""
    for column, value in list(values.items()):
        if column._meta.name == "inspection_interval_months":
            interval = values[column] = _checked_interval(value)
            before = await ProductType.select(ProductType.inspection_interval_months).where(
                ProductType.id == row_id).first()
            if before is not None and before["inspection_interval_months"] != interval:
                await inspections.refresh_product_type(row_id, interval)
    return values


def catalogue_tables() -> list[TableConfig]:
    return [
        config(Category, ASSORTIMENT, [Category.name, Category.slug, Category.position], [Category.name],
               link=Category.name, order=[Category.position]),
        config(Subcategory, ASSORTIMENT, [Subcategory.name, Subcategory.category], [Subcategory.category, Subcategory.name],
               link=Subcategory.name, order=[Subcategory.name]),
        config(ProductType, ASSORTIMENT,
               [ProductType.name, ProductType.supplier, ProductType.subcategory, ProductType.inspection_interval_months],
               [ProductType.subcategory, ProductType.name, ProductType.supplier, ProductType.inspection_interval_months],
               link=ProductType.name, order=[ProductType.name],
               extra_hooks=[Hook(HookType.pre_save, _type_created), Hook(HookType.pre_patch, _type_changed)]),
        config(Product, ASSORTIMENT,
               [Product.article_number, Product.name, Product.category, Product.list_price, Product.purchasable,
                Product.rentable, Product.daily_rent, Product.active],
               [Product.article_number, Product.name, Product.category, Product.product_type, Product.purchasable,
                Product.rentable, Product.active], link=Product.article_number, order=[Product.article_number]),
        config(RelatedProduct, ASSORTIMENT, [RelatedProduct.id, RelatedProduct.product, RelatedProduct.related],
               [RelatedProduct.product, RelatedProduct.related]),
        config(ContractPrice, ASSORTIMENT, [ContractPrice.id, ContractPrice.organisation, ContractPrice.product, ContractPrice.price],
               [ContractPrice.organisation, ContractPrice.product]),
        config(CoreAssortment, ASSORTIMENT, [CoreAssortment.id, CoreAssortment.organisation, CoreAssortment.product],
               [CoreAssortment.organisation, CoreAssortment.product]),
    ]
