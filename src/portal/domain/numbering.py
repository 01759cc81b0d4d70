"""Human-readable numbers, unique per kind: ORD-2026-000042, SRV-…, OFF-…, FAC-…, CRN-…, VRZ-… (contact requests)"""

from __future__ import annotations

from datetime import datetime, timezone

from portal.tables import NumberSequence

PREFIXES = {"order": "ORD", "service": "SRV", "quote": "OFF", "invoice": "FAC", "credit_note": "CRN",
            "contact_request": "VRZ"}


async def next_number(kind: str, year: int | None = None) -> str:
    year = year or datetime.now(timezone.utc).year
    async with NumberSequence._meta.db.transaction():
        row = await NumberSequence.objects().where(
            (NumberSequence.kind == kind) & (NumberSequence.year == year)
        ).first()
        if row is None:
            row = NumberSequence(kind=kind, year=year, last_value=0)
            await row.save()
        # An atomic increment, so two requests never get the same number.
        await NumberSequence.update({NumberSequence.last_value: NumberSequence.last_value + 1}).where(
            NumberSequence.id == row.id
        )
        value = await NumberSequence.select(NumberSequence.last_value).where(NumberSequence.id == row.id).first()
    return f"{PREFIXES[kind]}-{year}-{value['last_value']:06d}"
