"""The object page of an aid (AST-5): every characteristic, where it is, owned or rented, and the services
it allows. An aid outside the account's Scope is simply not found."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from portal.db import one_connection
from portal.domain.assets import inspections
from portal.domain.assets.filters import ASSET_STATUS_LABELS, OWNERSHIP_LABELS, normalise_object_number
from portal.domain.assets.rent import RentalCost, rental_cost
from portal.domain.errors import NotFound
from portal.domain.scope import Scope
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.i18n import _
from portal.tables import (
    Asset,
    Category,
    Department,
    Depot,
    Location,
    Product,
    ProductType,
    RentalReference,
    Subcategory,
)


@dataclass
class AssetDetails:
    asset: Asset
    category: str
    subcategory: str
    product_type: str
    supplier: str
    product: Product | None
    location: Location
    department: Department | None
    depot: Depot | None
    rental_reference: RentalReference | None
    status_label: str
    ownership_label: str
    characteristics: list[tuple[str, str]]
    actions: dict[str, str]
    inspection_interval: int | None = None
    next_inspection_label: str = ""
    # A rented aid: its rent so far, or its final cost once the rental ended.
    rental_cost: RentalCost | None = None


async def get_asset_for(scope: Scope, object_number: str) -> Asset:
    """The aid with this object number if the account may see it; another organisation's, location's
    or department's aid is simply not found."""
    number = normalise_object_number(object_number)
    asset = await Asset.objects().where(
        (Asset.object_number == number) & scope.where(Asset.organisation, Asset.location, Asset.department)
    ).first() if number else None
    if asset is None:
        raise NotFound(object_number)
    return asset


async def asset_details(scope: Scope, object_number: str) -> AssetDetails:
    """Everything the object page shows (AST-5)."""
    async with one_connection():
        asset = await get_asset_for(scope, object_number)
        product_type = await ProductType.objects().where(ProductType.id == asset.product_type).first()
        category = await Category.select(Category.name).where(Category.id == asset.category).first()
        subcategory = await Subcategory.select(Subcategory.name).where(Subcategory.id == asset.subcategory).first()
        location = await Location.objects().where(Location.id == asset.location).first()
        department = await Department.objects().where(Department.id == asset.department).first() if asset.department else None
        depot = await Depot.objects().where(Depot.id == asset.depot).first() if asset.depot else None
        product = await Product.objects().where(Product.id == asset.product).first() if asset.product else None
        reference = (await RentalReference.objects().where(RentalReference.id == asset.rental_reference).first()
                     if asset.rental_reference else None)
    characteristics = asset.characteristics
    if isinstance(characteristics, str):
        try:
            characteristics = json.loads(characteristics or "{}")
        except ValueError:
            characteristics = {}
    pairs = [(str(k), _display(v)) for k, v in characteristics.items()] if isinstance(characteristics, dict) else []
    return AssetDetails(
        asset=asset,
        category=category["name"] if category else "",
        subcategory=subcategory["name"] if subcategory else "",
        product_type=product_type.name if product_type else "",
        supplier=product_type.supplier if product_type else "",
        product=product,
        location=location,
        department=department,
        depot=depot,
        rental_reference=reference,
        status_label=ASSET_STATUS_LABELS.get(asset.status, asset.status),
        ownership_label=OWNERSHIP_LABELS.get(asset.ownership, asset.ownership),
        characteristics=pairs,
        actions=requestable_actions(asset),
        inspection_interval=product_type.inspection_interval_months if product_type else None,
        next_inspection_label=inspections.due_label(
            asset.next_inspection, product_type.inspection_interval_months if product_type else None),
        rental_cost=_rental_cost(asset, product),
    )


def _rental_cost(asset: Asset, product: Product | None) -> RentalCost | None:
    """The rent of a rented aid at the daily rent it was delivered at; an aid registered without one (by
    staff, before deliveries made aids) at its product's fixed daily rent."""
    if asset.ownership != "rented":
        return None
    rent = asset.daily_rent if asset.daily_rent is not None else (product.daily_rent if product else None)
    return rental_cost(asset.rental_start, asset.rental_end, rent)


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    if isinstance(value, (list, tuple)):
        return ", ".join(_display(v) for v in value)
    return "" if value is None else str(value)


def requestable_actions(asset: Asset) -> dict[str, str]:
    """The services this aid allows (SRV-1): to the depot only when it is not there, from the depot only
    when it is, a rental pick-up only for a rented aid; none once its rental has ended (HartingBank has it)."""
    if asset.rental_end is not None:
        return {}
    kinds = dict(REQUESTABLE_KINDS)
    if asset.status == "depot":
        kinds.pop("to_depot")
    else:
        kinds.pop("from_depot")
    if asset.ownership != "rented":
        kinds.pop("rental_pickup")
    return kinds
