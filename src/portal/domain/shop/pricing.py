"""Prices (SHOP-1): the one place that says what a product costs an organisation.

The organisation's contract price where one is agreed, else the list price; both exclude VAT. Amounts are
exact to the cent on both databases (every amount passes `to_money`). A line costs unit price × quantity;
VAT is worked out per rate over the lines of that rate, so a basket, an order and its invoice agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from portal.money import to_money
from portal.tables import ContractPrice, Product

HUNDRED = Decimal(100)


def with_vat(amount: Decimal, rate: Decimal) -> Decimal:
    return to_money(amount + amount * rate / HUNDRED)


@dataclass(frozen=True)
class Price:
    """What one unit of a product costs this organisation."""

    excl: Decimal
    vat_rate: Decimal  # percent
    list_price: Decimal
    contract: bool  # a contract price was agreed

    @property
    def incl(self) -> Decimal:
        return with_vat(self.excl, self.vat_rate)


def price_of(row: dict, contract_price: Decimal | float | str | None) -> Price:
    """The price from a product row (list_price, vat_rate) and the organisation's contract price, if any."""
    list_price = to_money(row["list_price"])
    rate = to_money(row["vat_rate"])
    if contract_price is None:
        return Price(list_price, rate, list_price, False)
    return Price(to_money(contract_price), rate, list_price, True)


def quoted(price: Price, unit_price: Decimal | float | str) -> Price:
    """The product's price as HartingBank quoted it (SHOP-9): the quoted amount, the product's VAT rate."""
    return Price(to_money(unit_price), price.vat_rate, price.list_price, False)


async def prices(organisation_id: int, product_ids: Iterable[int]) -> dict[int, Price]:
    """The price of each product for the organisation; products that do not exist are left out."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = await Product.select(Product.id, Product.list_price, Product.vat_rate).where(Product.id.is_in(ids))
    contract = await contract_prices(organisation_id, ids)
    return {row["id"]: price_of(row, contract.get(row["id"])) for row in rows}


async def contract_prices(organisation_id: int, product_ids: list[int]) -> dict[int, Decimal | float | str]:
    """The organisation's agreed prices of these products (product id → price), where there is one."""
    if not product_ids:
        return {}
    agreed = await ContractPrice.select(ContractPrice.product, ContractPrice.price).where(
        (ContractPrice.organisation == organisation_id) & ContractPrice.product.is_in(product_ids)
    )
    return {row["product"]: row["price"] for row in agreed}


@dataclass(frozen=True)
class Totals:
    """The sums of some lines: excluding VAT, the VAT per rate, including VAT."""

    excl: Decimal
    vat: dict[Decimal, Decimal] = field(default_factory=dict)  # rate → VAT over the lines of that rate

    @property
    def vat_total(self) -> Decimal:
        return sum(self.vat.values(), Decimal("0.00"))

    @property
    def incl(self) -> Decimal:
        return self.excl + self.vat_total


def line_total(price: Price, quantity: int) -> Decimal:
    return to_money(price.excl * quantity)


def totals(lines: Iterable[tuple[Price, int]]) -> Totals:
    """The totals of (price, quantity) lines."""
    by_rate: dict[Decimal, Decimal] = {}
    excl = Decimal("0.00")
    for price, quantity in lines:
        amount = line_total(price, quantity)
        excl += amount
        by_rate[price.vat_rate] = by_rate.get(price.vat_rate, Decimal("0.00")) + amount
    vat = {rate: to_money(amount * rate / HUNDRED) for rate, amount in sorted(by_rate.items())}
    return Totals(excl, vat)


def stored_totals(lines: Iterable[dict]) -> Totals:
    """The totals of stored order lines (unit_price, vat_rate, quantity): what the order cost when it was
    placed, whatever the prices are now."""
    return totals((Price(to_money(line["unit_price"]), to_money(line["vat_rate"]), to_money(line["unit_price"]), False),
                   line["quantity"]) for line in lines)
