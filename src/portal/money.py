"""Money is Decimal in euros with two places; SQLite hands back floats, so every amount passes here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def to_money(value: Decimal | float | int | str | None) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money_sum(values: Iterable[Decimal | float | int | str | None]) -> Decimal:
    return sum((to_money(v) for v in values), Decimal("0.00"))


def parse_money(text: str) -> Decimal | None:
    """A Dutch amount as typed ("1.250,50", "1250.5", "€ 12"); None when it is not an amount."""
    cleaned = text.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not cleaned:
        return None
    if "," in cleaned or _THOUSANDS.match(cleaned):
        # Dutch: the comma is the decimal sign and dots group thousands ("2.500" is two thousand five hundred).
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
        # "NaN" and "Infinity" are Decimals too, but no amount (comparing a NaN raises).
        return to_money(amount) if amount.is_finite() else None
    except InvalidOperation:
        return None
