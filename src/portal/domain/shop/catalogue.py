"""The catalogue (SHOP-1): the organisation's core assortment first, the full assortment by category and
subcategory, product pages and search results. Every product shown carries the organisation's price
(`pricing`: the contract price where agreed, else the list price). Only products on sale (active and
purchasable) are shown; one no longer sold is NotFound.

The rental catalogue (RENT-1) is the same catalogue of another `kind`: products for rent (active,
rentable, with a daily rent); its product pages show related products for rent or to buy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from portal.db import one_connection
from portal.domain.errors import NotFound
from portal.domain.parsing import clean_line, first, parse_id
from portal.domain.shop import pricing, search
from portal.i18n import _
from portal.listing import PAGE_PARAM, Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.settings import ROOT
from portal.tables import Category, CoreAssortment, Product, RelatedProduct, Subcategory

PAGE_SIZE = 24
CORE_PREVIEW = 8  # the core assortment's first products on the catalogue's front page
MAX_SEARCH_PAGES = 20
SEARCH_PARAM = "q"
SUBCATEGORY_PARAM = "subcategorie"
CORE_PARAM = "kernassortiment"

IMAGE_DIR = ROOT / "static" / "catalogue"
_IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9\-]{0,60}\.svg$")
GENERIC_IMAGE = "product.svg"

BUY, RENT = "purchase", "rental"  # the kinds of catalogue: the same values as an order's kind
ANY = "any"  # related products: for rent or to buy

# The pager's list (portal.listing): the catalogue shows cards, so only its id and pager are used.
CATALOGUE_LISTING = Listing(id="catalogue-results", caption=_("Producten"),
                            columns=(Column("name", _("Product")),), default_sort=Sort("name"))
SEARCH_LISTING = Listing(id="search-results", caption=_("Zoekresultaten"),
                         columns=(Column("name", _("Product")),), default_sort=Sort("name"))


@cache
def _images_on_disk() -> frozenset[str]:
    return frozenset(path.name for path in IMAGE_DIR.glob("*.svg")) if IMAGE_DIR.is_dir() else frozenset()


def product_images(images: object, category_slug: str) -> list[str]:
    """The product's pictures (file names under static/catalogue); its category's when it has none."""
    if isinstance(images, str):
        try:
            images = json.loads(images or "[]")
        except ValueError:
            images = []
    names = [name for name in images if isinstance(name, str) and _IMAGE_NAME.match(name)
             and name in _images_on_disk()] if isinstance(images, list) else []
    if names:
        return names
    fallback = f"{category_slug}.svg"
    return [fallback if fallback in _images_on_disk() else GENERIC_IMAGE]


@dataclass(frozen=True)
class Card:
    """A product as lists show it: enough to recognise it, its price, and a way to order it."""

    id: int
    article_number: str
    name: str
    category_slug: str
    category_name: str
    image: str
    price: pricing.Price
    core: bool  # in the organisation's core assortment
    daily_rent: Decimal | None = None  # the fixed rent per day of a product for rent (RENT-1)
    purchasable: bool = True
    rentable: bool = False


_CARD_COLUMNS = (Product.id, Product.article_number, Product.name, Product.images, Product.list_price,
                 Product.vat_rate, Product.category.slug, Product.category.name, Product.daily_rent,
                 Product.purchasable, Product.rentable)


def _on_sale(kind: str = BUY):
    """Which products a catalogue of `kind` shows: to buy, for rent (with a daily rent) or either."""
    active = Product.active == True  # noqa: E712
    for_rent = (Product.rentable == True) & Product.daily_rent.is_not_null()  # noqa: E712
    if kind == RENT:
        return active & for_rent
    if kind == ANY:
        return active & ((Product.purchasable == True) | for_rent)  # noqa: E712
    return active & (Product.purchasable == True)  # noqa: E712


async def cards(organisation_id: int, product_ids: Iterable[int], kind: str = BUY) -> list[Card]:
    """Cards for the products on sale (as `kind`) among `product_ids`, in that order."""
    ids = list(dict.fromkeys(product_ids))
    if not ids:
        return []
    rows = await Product.select(*_CARD_COLUMNS).where(Product.id.is_in(ids) & _on_sale(kind))
    return await _cards_of(organisation_id, sorted(rows, key=lambda row: ids.index(row["id"])))


async def _cards_of(organisation_id: int, rows: list[dict]) -> list[Card]:
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    agreed = await pricing.contract_prices(organisation_id, ids)
    core = {row["product"] for row in await CoreAssortment.select(CoreAssortment.product).where(
        (CoreAssortment.organisation == organisation_id) & CoreAssortment.product.is_in(ids))}
    return [
        Card(row["id"], row["article_number"], row["name"], row["category.slug"], row["category.name"],
             product_images(row["images"], row["category.slug"])[0], pricing.price_of(row, agreed.get(row["id"])),
             row["id"] in core, row["daily_rent"], bool(row["purchasable"]),
             bool(row["rentable"] and row["daily_rent"] is not None))
        for row in rows
    ]


@dataclass(frozen=True)
class SubcategoryEntry:
    id: int
    name: str
    count: int


@dataclass(frozen=True)
class CategoryEntry:
    id: int
    name: str
    slug: str
    image: str
    count: int
    subcategories: list[SubcategoryEntry]


async def categories(kind: str = BUY) -> list[CategoryEntry]:
    """Every category with products on sale (as `kind`), with its subcategories and how many products each has."""
    counts = await Product.select(Product.category, Product.product_type.subcategory.as_alias("sub")).where(
        _on_sale(kind))
    per_category: dict[int, int] = {}
    per_sub: dict[int, int] = {}
    for row in counts:
        per_category[row["category"]] = per_category.get(row["category"], 0) + 1
        if row["sub"] is not None:
            per_sub[row["sub"]] = per_sub.get(row["sub"], 0) + 1
    subs = await Subcategory.select(Subcategory.id, Subcategory.name, Subcategory.category).order_by(Subcategory.name)
    found = await Category.select(Category.id, Category.name, Category.slug).order_by(Category.position).order_by(
        Category.name)
    return [
        CategoryEntry(row["id"], row["name"], row["slug"], product_images([], row["slug"])[0], per_category[row["id"]],
                      [SubcategoryEntry(sub["id"], sub["name"], per_sub[sub["id"]]) for sub in subs
                       if sub["category"] == row["id"] and sub["id"] in per_sub])
        for row in found if row["id"] in per_category
    ]


@dataclass
class CataloguePage:
    """A page of products: the front page's core assortment, a category (optionally one subcategory)
    or the core assortment in full."""

    cards: list[Card]
    pager: Pager
    query: dict[str, str]  # the filters of what is shown (for the pager's links)
    total: int
    category: CategoryEntry | None = None
    subcategory: SubcategoryEntry | None = None
    messages: list[str] = field(default_factory=list)


def _page(params: Mapping[str, str], messages: list[str]) -> int:
    number, valid = page_number(first(params, PAGE_PARAM))
    if not valid:
        messages.append(_("Die pagina bestaat niet; u ziet de eerste pagina."))
    return number


async def _paged(organisation_id: int, condition, params: Mapping[str, str], query: dict[str, str],
                 messages: list[str]) -> tuple[list[Card], Pager, int]:
    total = await Product.count().where(condition)
    pages = max(1, -(-total // PAGE_SIZE))
    number = _page(params, messages)
    if number > pages:
        messages.append(_("Die pagina bestaat niet; u ziet de laatste pagina."))
        number = pages
    rows = await Product.select(*_CARD_COLUMNS).where(condition).order_by(Product.name).order_by(Product.id).limit(
        PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    return await _cards_of(organisation_id, rows), numbered_pager(number, pages), total


async def core_preview(organisation_id: int) -> tuple[list[Card], int]:
    """The first products of the organisation's core assortment and how many there are."""
    async with one_connection():
        condition = _core(organisation_id)
        total = await Product.count().where(condition)
        rows = await Product.select(*_CARD_COLUMNS).where(condition).order_by(Product.name).limit(CORE_PREVIEW)
        return await _cards_of(organisation_id, rows), total


def _core(organisation_id: int):
    core = CoreAssortment.select(CoreAssortment.product).where(CoreAssortment.organisation == organisation_id)
    return Product.id.is_in(core) & _on_sale()


async def core_page(organisation_id: int, params: Mapping[str, str]) -> CataloguePage:
    messages: list[str] = []
    async with one_connection():
        found, pager, total = await _paged(organisation_id, _core(organisation_id), params, {CORE_PARAM: "1"}, messages)
    return CataloguePage(found, pager, {CORE_PARAM: "1"}, total, messages=messages)


async def category_page(organisation_id: int, slug: str, params: Mapping[str, str], kind: str = BUY) -> CataloguePage:
    """A category's products, or one subcategory's (`?subcategorie=`); an unknown subcategory shows the
    whole category and says so."""
    entry = next((c for c in await categories(kind) if c.slug == slug), None)
    if entry is None:
        raise NotFound
    messages: list[str] = []
    raw_sub = first(params, SUBCATEGORY_PARAM)
    sub = next((s for s in entry.subcategories if s.id == parse_id(raw_sub)), None) if raw_sub else None
    if raw_sub and sub is None:
        messages.append(_("Die subcategorie bestaat niet (meer); u ziet de hele categorie."))
    condition = (Product.category == entry.id) & _on_sale(kind)
    query: dict[str, str] = {}
    if sub is not None:
        condition = condition & (Product.product_type.subcategory == sub.id)
        query[SUBCATEGORY_PARAM] = str(sub.id)
    async with one_connection():
        found, pager, total = await _paged(organisation_id, condition, params, query, messages)
    return CataloguePage(found, pager, query, total, entry, sub, messages)


@dataclass(frozen=True)
class ProductDetails:
    card: Card
    description: str
    specifications: list[tuple[str, str]]
    images: list[str]
    subcategory: str
    related: list[Card]


def _specifications(value: object) -> list[tuple[str, str]]:
    if isinstance(value, str):
        try:
            value = json.loads(value or "{}")
        except ValueError:
            return []
    if not isinstance(value, dict):
        return []
    return [(str(key), str(item)) for key, item in value.items() if item not in (None, "")]


async def product_details(organisation_id: int, article_number: str, kind: str = BUY) -> ProductDetails:
    """A product page: what it is, pictures, specifications and the products that go with it (for a
    product for rent: related products for rent or to buy)."""
    number = clean_line(article_number, 30)
    async with one_connection():
        row = await Product.select(
            *_CARD_COLUMNS, Product.description, Product.specifications,
            Product.product_type.subcategory.name.as_alias("subcategory"),
        ).where((Product.article_number == number) & _on_sale(kind)).first()
        if row is None:
            raise NotFound
        card = (await _cards_of(organisation_id, [row]))[0]
        related_ids = [r["related"] for r in await RelatedProduct.select(RelatedProduct.related).where(
            RelatedProduct.product == row["id"]).order_by(RelatedProduct.id)]
        related = await cards(organisation_id, related_ids, ANY if kind == RENT else BUY)
    return ProductDetails(card, row["description"], _specifications(row["specifications"]),
                          product_images(row["images"], row["category.slug"]), row["subcategory"] or "", related)


@dataclass
class SearchPage:
    text: str
    cards: list[Card]
    pager: Pager
    query: dict[str, str]


SEARCH_PAGE_SIZE = 12  # the same page answers while typing: short enough to read on a phone


async def search_page(organisation_id: int, params: Mapping[str, str], size: int = SEARCH_PAGE_SIZE) -> SearchPage:
    """Search results, a page at a time ("Volgende" while there are more)."""
    text = clean_line(first(params, SEARCH_PARAM), 200)
    number, _valid = page_number(first(params, PAGE_PARAM), MAX_SEARCH_PAGES)
    async with one_connection():
        ids = await search.search_ids(text, limit=size + 1, offset=(number - 1) * size) if text else []
        found = await cards(organisation_id, ids[:size])
    query = {SEARCH_PARAM: text} if text else {}
    more = len(ids) > size and number < MAX_SEARCH_PAGES

    def at(n: int) -> dict[str, str]:
        return {PAGE_PARAM: str(n)} if n > 1 else {}

    pager = Pager(previous=at(number - 1) if number > 1 else None, next=at(number + 1) if more else None,
                  position=at(number), summary=_("Pagina %(page)s") % {"page": number} if number > 1 or more else "")
    return SearchPage(text, found, pager, query)
