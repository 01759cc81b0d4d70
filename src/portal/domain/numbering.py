"""Human-readable numbers, unique per kind: ORD-2026-000042, SRV-…, OFF-…, FAC-…, CRN-…, VRZ-… (contact
requests), and the object numbers of aids HartingBank registers itself (HB0012345, the fleet's own form)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timezone

from portal.db import write_transaction
from portal.tables import NumberSequence

PREFIXES = {"order": "ORD", "service": "SRV", "quote": "OFF", "invoice": "FAC", "credit_note": "CRN",
            "contact_request": "VRZ"}
OBJECT_PREFIX, OBJECT_DIGITS = "HB", 7
_OBJECT_SEQUENCE = ("object", 0)  # one sequence, not one per year: object numbers carry no year


async def _next_value(kind: str, year: int, start: Callable[[], Awaitable[int]] | None = None) -> int:
    """The next value of a sequence; a new sequence continues after `start()` (0 without it)."""
    where = (NumberSequence.kind == kind) & (NumberSequence.year == year)
    async with write_transaction():
        if not await NumberSequence.exists().where(where):
            # One row per kind and year (a unique index, migration 2026-12-02T13:01): the first two numbers of
            # a year asked at once share it instead of each making a row of its own and both getting number 1.
            await NumberSequence.insert(
                NumberSequence(kind=kind, year=year, last_value=await start() if start else 0)
            ).on_conflict(target=(NumberSequence.kind, NumberSequence.year), action="DO NOTHING")
        # An atomic increment, so two requests never get the same number.
        await NumberSequence.update({NumberSequence.last_value: NumberSequence.last_value + 1}).where(where)
        value = await NumberSequence.select(NumberSequence.last_value).where(where).first()
    return value["last_value"]


async def next_number(kind: str, year: int | None = None) -> str:
    year = year or datetime.now(timezone.utc).year
    return f"{PREFIXES[kind]}-{year}-{await _next_value(kind, year):06d}"


async def next_object_number(start: Callable[[], Awaitable[int]]) -> str:
    """The next object number "HB" + seven digits; the first one continues after `start()`, the highest
    number of that form already in the fleet (the caller still checks the number is free)."""
    return f"{OBJECT_PREFIX}{await _next_value(*_OBJECT_SEQUENCE, start):0{OBJECT_DIGITS}d}"
