"""Human-readable numbers, unique per kind: ORD-2026-000042, SRV-…, OFF-…, FAC-…, CRN-…"""

from __future__ import annotations

from datetime import datetime, timezone

from portal.db import write_transaction
from portal.tables import NumberSequence

PREFIXES = {"order": "ORD", "service": "SRV", "quote": "OFF", "invoice": "FAC", "credit_note": "CRN"}


async def next_number(kind: str, year: int | None = None) -> str:
    year = year or datetime.now(timezone.utc).year
    async with write_transaction():
        # One row per kind and year (a unique index, migration 2026-12-02T13:01): the first two numbers of a
        # year asked at once share it instead of each making a row of its own and both getting number 1.
        await NumberSequence.insert(NumberSequence(kind=kind, year=year, last_value=0)).on_conflict(
            target=(NumberSequence.kind, NumberSequence.year), action="DO NOTHING")
        # An atomic increment, so two requests never get the same number.
        where = (NumberSequence.kind == kind) & (NumberSequence.year == year)
        await NumberSequence.update({NumberSequence.last_value: NumberSequence.last_value + 1}).where(where)
        value = await NumberSequence.select(NumberSequence.last_value).where(where).first()
    return f"{PREFIXES[kind]}-{year}-{value['last_value']:06d}"
