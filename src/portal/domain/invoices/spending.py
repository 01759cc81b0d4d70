"""Spending per month (INV-1, DASH-1): what was invoiced including VAT minus the credit notes (stored
negative), per calendar month over the last months up to this one, within the account's scope. Mijn
facturen shows it as a bar chart with its table (templates/invoices/_spending.html); so will the
dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.domain.invoices.access import visible_where
from portal.domain.scope import Scope
from portal.i18n import format_day, format_money, local_today
from portal.money import to_money
from portal.tables import Account, Invoice

# The chart's drawing box (SVG user units); the template scales it to the width it gets.
CHART_WIDTH, CHART_HEIGHT, LABEL_SPACE = 360, 150, 20


@dataclass(frozen=True)
class MonthSpending:
    month: date  # the first day of the month
    amount: Decimal
    label: str  # "nov. 2026"
    short: str  # "nov"
    amount_label: str
    # The bar in the chart's box: its left edge, top, width and height.
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass(frozen=True)
class Spending:
    months: list[MonthSpending]
    total: Decimal
    baseline: float  # the y of zero in the chart (months with more credit than invoices go below it)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT + LABEL_SPACE

    @property
    def total_label(self) -> str:
        return format_money(self.total)

    @property
    def first_label(self) -> str:
        return self.months[0].label if self.months else ""

    @property
    def last_label(self) -> str:
        return self.months[-1].label if self.months else ""


def _month_starts(today: date, months: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _bars(amounts: list[tuple[date, Decimal]]) -> tuple[list[MonthSpending], float]:
    top = max([a for _m, a in amounts if a > 0], default=Decimal(0))
    bottom = min([a for _m, a in amounts if a < 0], default=Decimal(0))
    span = float(top - bottom) or 1.0
    baseline = CHART_HEIGHT * float(top) / span if top or bottom else float(CHART_HEIGHT)
    slot = CHART_WIDTH / max(1, len(amounts))
    bars = []
    for index, (month, amount) in enumerate(amounts):
        height = CHART_HEIGHT * abs(float(amount)) / span
        y = baseline - height if amount >= 0 else baseline
        bars.append(MonthSpending(month, amount, format_day(month, "MMM yyyy"), format_day(month, "MMM"),
                                  format_money(amount), round(index * slot + slot * 0.15, 1), round(y, 1),
                                  round(slot * 0.7, 1), round(height, 1)))
    return bars, round(baseline, 1)


async def spending_per_month(account: Account, scope: Scope, months: int = 12,
                             today: date | None = None) -> Spending:
    """Invoiced total incl. VAT minus credit notes per calendar month, the last `months` months up to and
    including this one, oldest first; only the invoices the account sees (its scope)."""
    if account.organisation != scope.organisation_id:
        return Spending([], Decimal("0.00"), float(CHART_HEIGHT))
    starts = _month_starts(today or local_today(), max(1, min(months, 36)))
    rows = await Invoice.select(Invoice.invoice_date, Invoice.total_incl_vat).where(
        visible_where(scope) & (Invoice.invoice_date >= starts[0]))
    sums = {start: Decimal("0.00") for start in starts}
    for row in rows:
        start = row["invoice_date"].replace(day=1)
        if start in sums:
            sums[start] += to_money(row["total_incl_vat"])
    bars, baseline = _bars(list(sums.items()))
    return Spending(bars, sum(sums.values(), Decimal("0.00")), baseline)
