"""Factories for the fleet: catalogue rows, aids and their history (next to tests/factories.py)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

from portal.tables import (
    Asset,
    Category,
    Department,
    Location,
    Organisation,
    ProductType,
    ServiceRequest,
    ServiceRequestEvent,
    Subcategory,
)

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


async def category(name: str | None = None) -> Category:
    n = _n()
    row = Category(name=name or f"Categorie {n}", slug=f"categorie-{n}", position=n)
    await row.save()
    return row


async def subcategory(cat: Category, name: str | None = None) -> Subcategory:
    row = Subcategory(category=cat.id, name=name or f"Subcategorie {_n()}")
    await row.save()
    return row


async def product_type(sub: Subcategory, name: str | None = None, supplier: str = "Invacare") -> ProductType:
    row = ProductType(subcategory=sub.id, name=name or f"Type {_n()}", supplier=supplier)
    await row.save()
    return row


async def catalogue() -> dict:
    """A small believable catalogue: two categories, three subcategories, four types."""
    beds = await category("Bedden")
    hoists = await category("Tilliften")
    bed_electric = await subcategory(beds, "Bed hoog/laag elektrisch")
    bed_low = await subcategory(beds, "Laagbed")
    hoist_mobile = await subcategory(hoists, "Tillift mobiel")
    return {
        "beds": beds, "hoists": hoists,
        "bed_electric": bed_electric, "bed_low": bed_low, "hoist_mobile": hoist_mobile,
        "sb755": await product_type(bed_electric, "SB755", "Invacare"),
        "alpha": await product_type(bed_electric, "Alpha Kinetic", "Hermann"),
        "lowbed": await product_type(bed_low, "Floorbed 2", "Wissner"),
        "birdie": await product_type(hoist_mobile, "Birdie Evo", "Invacare"),
    }


async def asset(
    org: Organisation,
    loc: Location,
    ptype: ProductType,
    *,
    department: Department | None = None,
    object_number: str | None = None,
    status: str = "in_use",
    ownership: str = "owned",
    rental_start: date | None = None,
    characteristics: dict | None = None,
    serial_number: str = "",
) -> Asset:
    n = _n()
    sub = await Subcategory.objects().where(Subcategory.id == ptype.subcategory).first()
    row = Asset(
        object_number=object_number or f"HB{n:07d}",
        organisation=org.id,
        category=sub.category,
        subcategory=sub.id,
        product_type=ptype.id,
        location=loc.id,
        department=department.id if department else None,
        status=status,
        ownership=ownership,
        rental_start=rental_start if ownership == "rented" else None,
        serial_number=serial_number or f"SN-{n:06d}",
        year_of_manufacture=2020,
        characteristics=characteristics or {},
        created_at=datetime.now(timezone.utc),
    )
    await row.save()
    return row


async def service_request(
    aid: Asset,
    kind: str = "repair",
    status: str = "done",
    *,
    number: str | None = None,
    created_at: datetime | None = None,
    events: bool = True,
) -> ServiceRequest:
    n = _n()
    created = created_at or datetime.now(timezone.utc) - timedelta(days=n)
    row = ServiceRequest(
        number=number or f"SRV-2026-{n:06d}",
        organisation=aid.organisation,
        asset=aid.id,
        kind=kind,
        status=status,
        location=aid.location,
        department=aid.department,
        requested_date=created.date() + timedelta(days=7),
        created_at=created,
        updated_at=created,
    )
    await row.save()
    if events:
        await ServiceRequestEvent(service_request=row.id, status="submitted", at=created, by_label="Portal").save()
        if status != "submitted":
            await ServiceRequestEvent(service_request=row.id, status=status, at=created + timedelta(days=2),
                                      by_label="HartingBank").save()
    return row
