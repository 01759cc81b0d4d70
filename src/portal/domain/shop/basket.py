"""The basket (SHOP-3, SHOP-4): kept in the database per account, so it follows its owner from phone to
desktop and survives a restart. Prices are never stored in it: every view asks `pricing` again, so what
the basket shows is what the order will cost. Only active, purchasable products go in; a line whose
product stopped being sold stays visible, marked, and is left out of the totals and of an order.

Every function takes the signed-in account; a line id of another account's basket is NotFound.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

from portal.db import engine
from portal.domain.errors import NotFound
from portal.domain.parsing import MAX_QUANTITY
from portal.domain.shop import pricing
from portal.i18n import TIMEZONE, _
from portal.tables import Account, Basket, BasketLine, Product

PURCHASE, RENTAL = "purchase", "rental"  # Basket.kind: the shop's basket and the rental basket (RENT-3)
QUOTE_ANSWERED = "sent"


def _now() -> datetime:
    return datetime.now(timezone.utc)


async def basket_id(account_id: int, create: bool = False, kind: str = PURCHASE) -> int | None:
    """The account's basket of `kind` (purchase or rental); made on first use when `create`."""
    found = await Basket.select(Basket.id).where((Basket.account == account_id) & (Basket.kind == kind)).first()
    if found:
        return found["id"]
    if not create:
        return None
    row = Basket(account=account_id, kind=kind, updated_at=_now())
    await row.save()
    return row.id


@dataclass(frozen=True)
class Line:
    id: int
    product_id: int
    article_number: str
    name: str
    quantity: int
    price: pricing.Price
    sold: bool  # still active and purchasable (and, for a quoted line, its quote still valid)
    quote_id: int | None = None  # put in by a quote's "Bestellen": its quoted price and quantity (SHOP-9)
    quote_number: str = ""
    quote_lapsed: bool = False  # the quote expired or was ordered since: the line no longer counts

    @property
    def total(self) -> Decimal:
        return pricing.line_total(self.price, self.quantity)


@dataclass(frozen=True)
class Contents:
    lines: list[Line]
    totals: pricing.Totals

    @property
    def orderable(self) -> list[Line]:
        return [line for line in self.lines if line.sold]

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.orderable)

    @property
    def quote_id(self) -> int | None:
        """The quote whose products the order takes (a basket holds those of one quote at most)."""
        return next((line.quote_id for line in self.orderable if line.quote_id), None)


async def contents(account: Account) -> Contents:
    """The basket's lines, oldest first, at today's prices for the account's organisation."""
    found = await basket_id(account.id)
    if found is None:
        return Contents([], pricing.totals([]))
    rows = await BasketLine.select(
        BasketLine.id, BasketLine.product, BasketLine.quantity,
        BasketLine.product.article_number, BasketLine.product.name, BasketLine.product.active,
        BasketLine.product.purchasable, BasketLine.quote_line.unit_price, BasketLine.quote_line.quote.as_alias("quote_id"),
        BasketLine.quote_line.quote.number.as_alias("quote_number"),
        BasketLine.quote_line.quote.status.as_alias("quote_status"),
        BasketLine.quote_line.quote.valid_until.as_alias("quote_valid_until"),
    ).where(BasketLine.basket == found).order_by(BasketLine.id)
    prices = await pricing.prices(account.organisation, (row["product"] for row in rows))
    today = datetime.now(TIMEZONE).date()
    lines = [_line(row, prices[row["product"]], today) for row in rows if row["product"] in prices]
    return Contents(lines, pricing.totals((line.price, line.quantity) for line in lines if line.sold))


def _line(row: dict, price: pricing.Price, today: date) -> Line:
    """A basket row as a line; a quoted one at its quote's price while the quote may be ordered."""
    sold = bool(row["product.active"] and row["product.purchasable"])
    if not row["quote_id"]:
        return Line(row["id"], row["product"], row["product.article_number"], row["product.name"], row["quantity"],
                    price, sold)
    valid = quote_orderable(row["quote_status"], row["quote_valid_until"], today)
    quoted = pricing.quoted(price, row["quote_line.unit_price"]) if valid else price
    return Line(row["id"], row["product"], row["product.article_number"], row["product.name"], row["quantity"],
                quoted, sold and valid, row["quote_id"], row["quote_number"], not valid)


def quote_orderable(status: str, valid_until: date | None, today: date) -> bool:
    """A quote may be ordered once HartingBank answered it, until its validity date (SHOP-9)."""
    return status == QUOTE_ANSWERED and valid_until is not None and valid_until >= today


async def count(account_id: int) -> int:
    """What the header shows: the number of items in the basket (products still sold)."""
    found = await basket_id(account_id)
    if found is None:
        return 0
    rows = await BasketLine.select(BasketLine.quantity).where(
        (BasketLine.basket == found) & (BasketLine.product.active == True)  # noqa: E712
        & (BasketLine.product.purchasable == True)  # noqa: E712
    )
    return sum(row["quantity"] for row in rows)


@dataclass
class Added:
    """What `add` did: the products put in (id → quantity now in the basket), those refused with why,
    and those capped at MAX_QUANTITY."""

    added: dict[int, int] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)
    capped: set[int] = field(default_factory=set)


async def sellable(product_ids: Iterable[int]) -> dict[int, bool]:
    """For each existing product whether it can be ordered now (active and purchasable)."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = await Product.select(Product.id, Product.active, Product.purchasable).where(Product.id.is_in(ids))
    return {row["id"]: bool(row["active"] and row["purchasable"]) for row in rows}


async def add(account: Account, items: Iterable[tuple[int, int]]) -> Added:
    """Put (product id, quantity) items in the basket; a product already in it gets the quantities added
    up (to at most MAX_QUANTITY). Quantities must already be parsed (1…MAX_QUANTITY)."""
    wanted: dict[int, int] = {}
    for product_id, quantity in items:
        wanted[product_id] = wanted.get(product_id, 0) + quantity
    result = Added()
    if not wanted:
        return result
    can = await sellable(wanted)
    for product_id in wanted:
        if product_id not in can:
            result.refused[product_id] = _("Dit product bestaat niet (meer).")
        elif not can[product_id]:
            result.refused[product_id] = _("Dit product wordt niet meer verkocht.")
    async with engine().transaction():
        found = await basket_id(account.id, create=True)
        existing = {
            row["product"]: row for row in await BasketLine.select(BasketLine.id, BasketLine.product, BasketLine.quantity)
            .where((BasketLine.basket == found) & BasketLine.product.is_in(sorted(wanted))
                   & BasketLine.quote_line.is_null())
        }
        for product_id, quantity in wanted.items():
            if product_id in result.refused:
                continue
            before = existing[product_id]["quantity"] if product_id in existing else 0
            total = before + quantity
            if total > MAX_QUANTITY:
                total = MAX_QUANTITY
                result.capped.add(product_id)
            if product_id in existing:
                await BasketLine.update({BasketLine.quantity: total}).where(BasketLine.id == existing[product_id]["id"])
            else:
                await BasketLine(basket=found, product=product_id, quantity=total, added_at=_now()).save()
            result.added[product_id] = total
        await Basket.update({Basket.updated_at: _now()}).where(Basket.id == found)
    return result


async def add_quoted(account: Account, lines: Iterable[tuple[int, int, int]]) -> None:
    """Put a quote's lines (quote line id, product id, quantity) in the basket, each its own line at the
    quoted price and quantity, beside any line of the same product at today's price."""
    async with engine().transaction():
        found = await basket_id(account.id, create=True)
        now = _now()
        for quote_line, product_id, quantity in lines:
            await BasketLine(basket=found, product=product_id, quantity=quantity, quote_line=quote_line,
                             added_at=now).save()
        await Basket.update({Basket.updated_at: now}).where(Basket.id == found)


async def quotes_in_basket(account: Account) -> dict[int, str]:
    """The quotes whose lines are in the account's basket (id → number)."""
    found = await basket_id(account.id)
    if found is None:
        return {}
    rows = await BasketLine.select(BasketLine.quote_line.quote.id.as_alias("id"),
                                   BasketLine.quote_line.quote.number.as_alias("number")).where(
        (BasketLine.basket == found) & BasketLine.quote_line.is_not_null())
    return {row["id"]: row["number"] for row in rows}


async def _own_line(account: Account, line_id: int | None, kind: str) -> int:
    found = await basket_id(account.id, kind=kind)
    if line_id is None or found is None or not await BasketLine.exists().where(
        (BasketLine.id == line_id) & (BasketLine.basket == found)
    ):
        raise NotFound
    return found


async def set_quantity(account: Account, line_id: int | None, quantity: int, kind: str = PURCHASE) -> None:
    found = await _own_line(account, line_id, kind)
    await BasketLine.update({BasketLine.quantity: quantity}).where(
        (BasketLine.id == line_id) & (BasketLine.basket == found))
    await Basket.update({Basket.updated_at: _now()}).where(Basket.id == found)


async def remove(account: Account, line_id: int | None, kind: str = PURCHASE) -> None:
    found = await _own_line(account, line_id, kind)
    await BasketLine.delete().where((BasketLine.id == line_id) & (BasketLine.basket == found))
    await Basket.update({Basket.updated_at: _now()}).where(Basket.id == found)


async def empty(account: Account) -> None:
    found = await basket_id(account.id)
    if found is not None:
        await BasketLine.delete().where(BasketLine.basket == found)
        await Basket.update({Basket.updated_at: _now()}).where(Basket.id == found)


async def refused_names(added: Added) -> list[str]:
    """The products `add` refused, as "name: why" for the message that lists them back."""
    if not added.refused:
        return []
    names = {row["id"]: row["name"] for row in await Product.select(Product.id, Product.name).where(
        Product.id.is_in(sorted(added.refused)))}
    return [f"{names.get(product_id, product_id)}: {why}" for product_id, why in added.refused.items()]
