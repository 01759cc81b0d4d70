"""Quick order (issue 10 item 3): lines of "artikelnummer aantal" pasted into one field, for the users who
re-order the same article numbers every week. Known articles on sale go to the basket; every other line
comes back with the reason, and only those lines stay in the field to be corrected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal.domain.parsing import clean_line, parse_quantity, quantity_message
from portal.domain.shop import basket
from portal.i18n import _
from portal.tables import Account, Product

MAX_LINES = 200
MAX_TEXT = 10_000
_SEPARATORS = re.compile(r"[\s;]+")  # not the comma: "1,5" is a fraction in Dutch


@dataclass(frozen=True)
class Problem:
    line: str  # as typed
    message: str


@dataclass
class QuickOrderResult:
    added: list[tuple[str, str, int]] = field(default_factory=list)  # (article number, name, quantity now)
    problems: list[Problem] = field(default_factory=list)

    @property
    def remaining_text(self) -> str:
        """What stays in the field: the lines that were not added."""
        return "\n".join(problem.line for problem in self.problems)


def _clean(line: str) -> str:
    # A tab separates like a space (clean_line drops control characters, tabs among them).
    return clean_line(line.replace("\t", " "), 200)


def parse_lines(text: str) -> tuple[list[tuple[str, str, int]], list[Problem]]:
    """(line, article number, quantity) per usable line; the unreadable lines as problems. The article
    number comes first, the quantity after a space, tab or semicolon; no quantity means 1."""
    lines = [_clean(line) for line in (text or "")[:MAX_TEXT].splitlines()]
    lines = [line for line in lines if line]
    items, problems = [], []
    for line in lines[:MAX_LINES]:
        parts = [part for part in _SEPARATORS.split(line) if part]
        article = parts[0]
        if len(parts) > 2:
            problems.append(Problem(line, _("Zet per regel één artikelnummer en één aantal, bijvoorbeeld '000123 4'.")))
            continue
        quantity = parse_quantity(parts[1]) if len(parts) == 2 else 1
        if quantity is None:
            problems.append(Problem(line, quantity_message()))
            continue
        items.append((line, article[:30], quantity))
    if len(lines) > MAX_LINES:
        problems += [Problem(line, _("Meer dan %(n)s regels in één keer; voeg deze regel daarna toe.")
                             % {"n": MAX_LINES}) for line in lines[MAX_LINES:]]
    return items, problems


async def quick_order(account: Account, text: str) -> QuickOrderResult:
    items, problems = parse_lines(text)
    result = QuickOrderResult(problems=list(problems))
    numbers = sorted({article for _line, article, _q in items})
    rows = await Product.select(Product.id, Product.article_number, Product.name, Product.active,
                                Product.purchasable).where(Product.article_number.is_in(numbers or [""]))
    by_number = {row["article_number"]: row for row in rows}
    wanted: list[tuple[int, int]] = []
    for line, article, quantity in items:
        row = by_number.get(article)
        if row is None:
            result.problems.append(Problem(line, _("Artikelnummer %(number)s bestaat niet.") % {"number": article}))
        elif not (row["active"] and row["purchasable"]):
            result.problems.append(Problem(line, _("Artikel %(number)s wordt niet meer verkocht.") % {"number": article}))
        else:
            wanted.append((row["id"], quantity))
    added = await basket.add(account, wanted)
    names = {row["id"]: (row["article_number"], row["name"]) for row in rows}
    for product_id, total in added.added.items():
        result.added.append((*names[product_id], total))
    for product_id, message in added.refused.items():
        result.problems.append(Problem(names[product_id][0], message))
    # Problems in the order they were typed.
    order = {_clean(line): index for index, line in enumerate((text or "")[:MAX_TEXT].splitlines())}
    result.problems.sort(key=lambda problem: order.get(problem.line, len(order)))
    return result
