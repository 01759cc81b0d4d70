"""The rental basket (RENT-3): the account's rental requests, grouped by reference, each reference one
rental order to be. The daily rent is never stored in the basket: every view reads the product's fixed
daily rent again. What the page and the approval count is the expected cost of the first month:
30 days × daily rent × quantity. A request whose product is no longer for rent, or whose location left
the account's Scope, stays visible, marked, and is left out of the totals and of an order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from portal.domain.scope import Scope
from portal.domain.shop import basket, basket_page, pricing
from portal.money import to_money
from portal.tables import Account, BasketLine

FIRST_MONTH_DAYS = 30
def first_month(daily_rent: Decimal) -> Decimal:
    """The expected rent of one item for the first month."""
    return to_money(daily_rent * FIRST_MONTH_DAYS)


@dataclass(frozen=True)
class Line:
    id: int
    product_id: int
    article_number: str
    name: str
    quantity: int
    daily_rent: Decimal
    vat_rate: Decimal
    available: bool  # still for rent, at a location of the account
    quote_id: None = None  # a rental request is never quoted (the shop's lines may be: SHOP-9)

    @property
    def price(self) -> pricing.Price:
        """One item's first month, as a price the shop's totals understand."""
        month = first_month(self.daily_rent)
        return pricing.Price(month, self.vat_rate, month, False)

    @property
    def total(self) -> Decimal:
        return pricing.line_total(self.price, self.quantity)


@dataclass
class Group:
    """The requests under one reference: one rental order when placed."""

    reference_id: int
    reference: str
    location: int
    location_name: str
    department: int | None
    department_name: str
    rental_start: date | None
    note: str
    contacts: dict[str, str]
    lines: list[Line] = field(default_factory=list)
    notice: str = ""  # when the order will wait for authorisation

    @property
    def orderable(self) -> list[Line]:
        return [line for line in self.lines if line.available]

    @property
    def totals(self) -> pricing.Totals:
        return pricing.totals((line.price, line.quantity) for line in self.orderable)


@dataclass
class Contents:
    groups: list[Group]

    @property
    def orderable(self) -> list[Group]:
        return [group for group in self.groups if group.orderable]

    @property
    def lines(self) -> list[Line]:
        return [line for group in self.groups for line in group.lines]

    def snapshot(self) -> str:
        """The orderable requests as shown (line and quantity): a change in another tab is noticed."""
        return ";".join(f"{line.id}:{line.quantity}" for group in self.orderable for line in group.orderable)


CONTACTS = ("report_to_name", "report_to_phone", "report_to_email", "contact_name", "contact_phone", "contact_email")


async def contents(account: Account, scope: Scope) -> Contents:
    """The rental requests by reference (oldest first), at today's daily rents."""
    found = await basket.basket_id(account.id, kind=basket.RENTAL)
    if found is None:
        return Contents([])
    rows = await BasketLine.select(
        BasketLine.id, BasketLine.product, BasketLine.quantity, BasketLine.product.article_number,
        BasketLine.product.name, BasketLine.product.active, BasketLine.product.rentable, BasketLine.product.daily_rent,
        BasketLine.product.vat_rate, BasketLine.rental_reference, BasketLine.rental_reference.reference,
        BasketLine.rental_reference.location, BasketLine.rental_reference.location.name,
        BasketLine.rental_reference.department, BasketLine.rental_reference.department.name,
        BasketLine.rental_reference.start_date, BasketLine.rental_reference.note,
        *(getattr(BasketLine, name) for name in CONTACTS),
    ).where((BasketLine.basket == found) & BasketLine.rental_reference.is_not_null()).order_by(BasketLine.id)
    groups: dict[int, Group] = {}
    for row in rows:
        key = row["rental_reference"]
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(
                key, row["rental_reference.reference"], row["rental_reference.location"],
                row["rental_reference.location.name"], row["rental_reference.department"],
                row["rental_reference.department.name"] or "", row["rental_reference.start_date"],
                row["rental_reference.note"], {name: row[name] for name in CONTACTS})
        rent = row["product.daily_rent"]
        available = bool(row["product.active"] and row["product.rentable"] and rent is not None
                         and scope.allows(group.location, group.department))
        group.lines.append(Line(row["id"], row["product"], row["product.article_number"], row["product.name"],
                                row["quantity"], to_money(rent or 0), to_money(row["product.vat_rate"]), available))
    return Contents(list(groups.values()))


async def update_quantities(account: Account, scope: Scope, form: Mapping[str, str]) -> basket_page.BasketForm:
    """Save every request's quantity that is a whole number of 1…9999; keep the others as typed with
    the message (as the shop's basket does)."""
    result, changed = basket_page.typed_quantities((await contents(account, scope)).lines, form)
    for line_id, quantity in changed.items():
        await basket.set_quantity(account, line_id, quantity, kind=basket.RENTAL)
    return result
