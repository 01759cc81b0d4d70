"""What the basket's forms send, read and applied (SHOP-3, SHOP-4): "In winkelwagen" with a product and a
quantity, and "Herberekenen" with a quantity per line. Anything else in the form (a price, a total, an
account id) is ignored: the basket holds products and quantities, prices are always the server's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.domain.parsing import clean_line, parse_id, parse_quantity, quantity_message
from portal.domain.shop import basket, catalogue, quick_order
from portal.i18n import _
from portal.tables import Account

PRODUCT_FIELD = "product"
QUANTITY_FIELD = "aantal"
LINE_FIELD_PREFIX = "aantal-"  # "aantal-<line id>" in the basket's form


def line_field(line_id: int) -> str:
    return f"{LINE_FIELD_PREFIX}{line_id}"


PLACES = ("lijst", "kern", "zoek", "product", "gerelateerd")  # where an add form stands (its DOM id)


def place(raw: str) -> str:
    return raw if raw in PLACES else "lijst"


def safe_back(raw: str, default: str) -> str:
    """Where to go after adding without script: the page the form was on, if it is one of ours."""
    target = clean_line(raw, 500)
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@dataclass
class AddOutcome:
    card: catalogue.Card | None
    quantity_text: str  # as typed, shown again with an error
    error: str | None = None
    message: str = ""
    in_basket: int = 0  # the product's quantity in the basket now


async def add_one(account: Account, form: Mapping[str, str]) -> AddOutcome:
    """"In winkelwagen": one product with a quantity (1…9999) added to what is in the basket already."""
    quantity_text = clean_line(form.get(QUANTITY_FIELD, ""), 20)
    product_id = parse_id(form.get(PRODUCT_FIELD))
    found = await catalogue.cards(account.organisation, [product_id] if product_id else [])
    if not found:
        return AddOutcome(None, quantity_text, _("Dit product bestaat niet of wordt niet meer verkocht."))
    card = found[0]
    quantity = parse_quantity(quantity_text)
    if quantity is None:
        return AddOutcome(card, quantity_text, quantity_message())
    added = await basket.add(account, [(card.id, quantity)])
    if card.id in added.refused:
        return AddOutcome(card, quantity_text, added.refused[card.id])
    total = added.added[card.id]
    message = _("%(n)s × %(name)s in de winkelwagen (nu %(total)s).") % {"n": quantity, "name": card.name,
                                                                          "total": total}
    if card.id in added.capped:
        message += " " + _("Meer dan %(max)s per product kan niet; het aantal is %(max)s.") % {"max": total}
    return AddOutcome(card, "1", None, message, total)


@dataclass
class BasketForm:
    """The basket's form as sent: what was typed per line (kept where it was wrong) and the messages."""

    typed: dict[int, str] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    def value(self, line: Any) -> str:
        return self.typed.get(line.id, str(line.quantity))


async def update_quantities(account: Account, form: Mapping[str, str]) -> BasketForm:
    """Save every line's quantity that is a whole number of 1…9999; keep the others as typed with the
    message. A line that is no longer in the basket (removed in another tab) is passed over."""
    result, changed = typed_quantities((await basket.contents(account)).lines, form)
    for line_id, quantity in changed.items():
        await basket.set_quantity(account, line_id, quantity)
    return result


def typed_quantities(lines: Iterable[Any], form: Mapping[str, str]) -> tuple[BasketForm, dict[int, int]]:
    """The quantities typed for `lines` (anything with an id and a quantity; the rental basket's too): the
    form with what was wrong, and the new quantities (line id → quantity) to save."""
    result, changed = BasketForm(), {}
    for line in lines:
        name = line_field(line.id)
        if name not in form or line.quote_id:  # a quoted line keeps the quoted quantity (SHOP-9)
            continue
        typed = clean_line(form[name], 20)
        quantity = parse_quantity(typed)
        if quantity is None:
            result.typed[line.id] = typed
            result.errors[line.id] = quantity_message()
        elif quantity != line.quantity:
            changed[line.id] = quantity
    return result, changed


def quick_order_message(result: quick_order.QuickOrderResult) -> str:
    if not result.added:
        return _("Er is niets toegevoegd: vul per regel een artikelnummer en een aantal in.")
    return _("%(n)s artikelen toegevoegd aan de winkelwagen.") % {"n": len(result.added)}
