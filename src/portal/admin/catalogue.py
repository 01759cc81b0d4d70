"""Assortiment: categories, product types, products, related products, contract prices and core
assortments (STAFF-1)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.config import ASSORTIMENT, config
from portal.tables import (
    Category,
    ContractPrice,
    CoreAssortment,
    Product,
    ProductType,
    RelatedProduct,
    Subcategory,
)


def catalogue_tables() -> list[TableConfig]:
    return [
        config(Category, ASSORTIMENT, [Category.name, Category.slug, Category.position], [Category.name],
               link=Category.name, order=[Category.position]),
        config(Subcategory, ASSORTIMENT, [Subcategory.name, Subcategory.category], [Subcategory.category, Subcategory.name],
               link=Subcategory.name, order=[Subcategory.name]),
        config(ProductType, ASSORTIMENT, [ProductType.name, ProductType.supplier, ProductType.subcategory],
               [ProductType.subcategory, ProductType.name, ProductType.supplier], link=ProductType.name, order=[ProductType.name]),
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
