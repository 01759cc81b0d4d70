"""What a rented aid costs (issue 11, item 5): its daily rent for every day of the rental, the first day
and the last one both counted. A running rental counts up to today; an ended one (HartingBank picked it
up: Asset.rental_end) up to that day, and that is its final cost. A rental that starts later costs
nothing yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.i18n import local_today
from portal.money import to_money


@dataclass(frozen=True)
class RentalCost:
    start: date
    until: date  # the last day counted: the rental's end, else today
    days: int
    daily_rent: Decimal
    amount: Decimal
    ended: bool

    @property
    def started(self) -> bool:
        return self.days > 0


def rental_cost(start: date | None, end: date | None, daily_rent: Decimal | float | str | None,
                on: date | None = None) -> RentalCost | None:
    """The cost so far (or the final cost once ended); None without a start or a daily rent."""
    if start is None or daily_rent is None:
        return None
    until = end if end is not None else (on or local_today())
    days = max(0, (until - start).days + 1)
    rent = to_money(daily_rent)
    return RentalCost(start, until, days, rent, to_money(rent * days), end is not None)
