"""Checkout in two steps (SHOP-5): (1) where and to whom HartingBank delivers, (2) the review, then
"Order plaatsen".

* One order per checkout: step 1 hands out a one-time key that travels through step 2; it is stored
  unique on the order, in the same transaction that stores the order and takes its lines out of the
  basket. A second press, a reload or a second tab finds that order and lands on it.
* Prices are always the server's: the basket is priced again at every step, and the review carries what
  it showed (`snapshot`) only to notice a change — a price, a quantity, a line added or removed in another
  tab — which is then shown and must be looked at before the order is placed.
* Only the locations and departments of the account's Scope can be chosen; anything sent in the form
  beyond the fields below (a price, a total, an account id) is never read.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from portal.db import is_unique_violation, lock_basket, write_transaction
from portal.domain import approval
from portal.domain.numbering import next_number
from portal.domain.orders.labels import PURCHASE, WAITING
from portal.domain.orders.messages import tell
from portal.domain.orders.trail import record_step
from portal.domain.quotes import ordering as quote_ordering
from portal.domain.parsing import clean_line, parse_date, parse_id
from portal.domain.scope import Scope
from portal.domain.service_requests.forms import FormOptions, form_options
from portal.domain.shop import basket
from portal.i18n import TIMEZONE, _, format_day, format_money
from portal.tables import Account, BasketLine, Order, OrderApproval, OrderLine, Product

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
TEXT_FIELDS = {"report_to_name": 200, "report_to_phone": 40, "contact_name": 200, "contact_phone": 40,
               "reference": 100}
MESSAGE_MAX = 2000
SNAPSHOT_MAX = 20_000
LATEST_DELIVERY = timedelta(days=365)
PHONE = re.compile(r"^[0-9+()\- ]{6,40}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class CheckoutInput:
    """Step 1 as typed (strings), carried through step 2 in hidden fields."""

    location: str = ""
    department: str = ""
    report_to_name: str = ""
    report_to_phone: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    reference: str = ""
    message: str = ""
    requested_delivery_date: str = ""
    token: str = ""

    def fields(self) -> dict[str, str]:
        return asdict(self)


def parse_form(form: Mapping[str, Any]) -> CheckoutInput:
    values = {name: clean_line(form.get(name), limit + 50) for name, limit in TEXT_FIELDS.items()}
    message = form.get("message") if isinstance(form.get("message"), str) else ""
    message = "".join(ch for ch in message if (ch >= " " or ch in "\n\t") and not "\ud800" <= ch <= "\udfff")
    return CheckoutInput(
        location=clean_line(form.get("location"), 12), department=clean_line(form.get("department"), 12),
        message=message.strip()[:MESSAGE_MAX + 100], requested_delivery_date=clean_line(form.get("requested_delivery_date"), 30),
        token=clean_line(form.get("token"), 80), **values,
    )


def initial(account: Account, options: FormOptions) -> CheckoutInput:
    """Step 1 as it opens: the only location when there is one, the account's name as contact."""
    only = str(options.locations[0][0]) if len(options.locations) == 1 else ""
    return CheckoutInput(location=only, report_to_name=account.name, contact_name=account.name, token=new_token())


@dataclass(frozen=True)
class Delivery:
    """Step 1 checked: the values an order takes."""

    location: int
    department: int | None
    report_to_name: str
    report_to_phone: str
    contact_name: str
    contact_phone: str
    reference: str
    message: str
    requested_delivery_date: date | None


async def options_for(scope: Scope) -> FormOptions:
    """The locations and departments the account may order for (its Scope)."""
    return await form_options(scope)


def validate(data: CheckoutInput, options: FormOptions, today: date | None = None) -> tuple[Delivery | None, dict[str, str]]:
    """Step 1's values, or the Dutch message per field."""
    today = today or datetime.now(TIMEZONE).date()
    errors: dict[str, str] = {}
    locations = {value for value, _text in options.locations}
    location = parse_id(data.location)
    if location is None or location not in locations:
        errors["location"] = (_("Kies de locatie waar HartingBank de order aflevert.") if not data.location
                              else _("Deze locatie kunt u niet kiezen. Kies een van uw locaties uit de lijst."))
    department = None
    if location in locations:
        offered = {value for value, _text in options.departments.get(location, [])}
        department = parse_id(data.department)
        if data.department and department not in offered:
            errors["department"] = _("Deze afdeling hoort niet bij de gekozen locatie of is niet de uwe. Kies een "
                                     "afdeling uit de lijst.")
        elif not data.department and offered:
            errors["department"] = _("Kies de afdeling waar HartingBank de order aflevert.")
    for name, label in (("report_to_name", _("bij wie de levering gemeld moet worden")),
                        ("contact_name", _("bij wie de levering afgegeven moet worden"))):
        if not getattr(data, name):
            errors[name] = _("Vul in %(what)s.") % {"what": label}
    for name, limit in TEXT_FIELDS.items():
        if len(getattr(data, name)) > limit and name not in errors:
            errors[name] = _("Dit veld mag ten hoogste %(n)s tekens bevatten.") % {"n": limit}
    for name in ("report_to_phone", "contact_phone"):
        value = getattr(data, name)
        if value and name not in errors and not PHONE.match(value):
            errors[name] = _("Vul een telefoonnummer in met alleen cijfers, spaties, + of -, bijvoorbeeld 030 123 45 67.")
    if len(data.message) > MESSAGE_MAX:
        errors["message"] = _("Het bericht mag ten hoogste %(n)s tekens bevatten.") % {"n": MESSAGE_MAX}
    wanted = None
    if data.requested_delivery_date:
        wanted = parse_date(data.requested_delivery_date)
        if wanted is None:
            errors["requested_delivery_date"] = _("Vul een datum in, bijvoorbeeld %(example)s.") % {
                "example": f"{today.day}-{today.month}-{today.year}"}
        elif wanted < today:
            errors["requested_delivery_date"] = _("Deze datum ligt in het verleden. Kies vandaag of later.")
        elif wanted > today + LATEST_DELIVERY:
            errors["requested_delivery_date"] = _("Kies een afleverdatum binnen een jaar.")
    if errors:
        return None, errors
    return Delivery(location, department, data.report_to_name, data.report_to_phone, data.contact_name,
                    data.contact_phone, data.reference, data.message, wanted), {}


# --- What the basket was when the customer last saw it -------------------------------------------------


def snapshot(contents: basket.Contents) -> str:
    """The orderable lines as shown: product, quantity and unit price (excl. VAT)."""
    return ";".join(f"{line.product_id}:{line.quantity}:{line.price.excl}" for line in contents.orderable)


def _read_snapshot(text: str) -> dict[int, tuple[int, Decimal]] | None:
    """A snapshot sent back by the browser; None when it is not one of ours (then nothing is compared)."""
    found: dict[int, tuple[int, Decimal]] = {}
    if not isinstance(text, str) or len(text) > SNAPSHOT_MAX:
        return None
    for part in filter(None, text.split(";")):
        pieces = part.split(":")
        product, quantity = (parse_id(pieces[0]), parse_id(pieces[1])) if len(pieces) == 3 else (None, None)
        try:
            price = Decimal(pieces[2]) if len(pieces) == 3 and len(pieces[2]) < 20 else None
        except InvalidOperation:
            price = None
        if product is None or quantity is None or price is None or not price.is_finite():
            return None
        found[product] = (quantity, price)
    return found


async def changes_since(seen: str, contents: basket.Contents) -> list[str]:
    """What changed in the basket since the customer saw `seen`, in words (empty: nothing)."""
    before = _read_snapshot(seen)
    if before is None:
        return []
    now = {line.product_id: line for line in contents.orderable}
    messages: list[str] = []
    for product_id, line in now.items():
        if product_id not in before:
            messages.append(_("%(name)s is aan uw winkelwagen toegevoegd (%(n)s stuks).") % {
                "name": line.name, "n": line.quantity})
            continue
        quantity, price = before[product_id]
        if quantity != line.quantity:
            messages.append(_("Het aantal van %(name)s is gewijzigd van %(old)s in %(new)s.") % {
                "name": line.name, "old": quantity, "new": line.quantity})
        if price != line.price.excl:
            messages.append(_("De prijs van %(name)s is gewijzigd van %(old)s in %(new)s (excl. btw).") % {
                "name": line.name, "old": format_money(price), "new": format_money(line.price.excl)})
    gone = sorted(set(before) - set(now))
    if gone:
        names = {row["id"]: row["name"] for row in await Product.select(Product.id, Product.name).where(Product.id.is_in(gone))}
        for product_id in gone:
            messages.append(_("%(name)s staat niet meer in uw winkelwagen of wordt niet meer verkocht.") % {
                "name": names.get(product_id, _("Een product"))})
    return messages


# --- Placing -------------------------------------------------------------------------------------------


@dataclass
class Placed:
    """The outcome of "Order plaatsen" (or "Offerte aanvragen"): what was made (new, or the one this checkout
    already made), or why not: errors per field (back to step 1), or changes in the basket (the review again)."""

    record: Any = None  # the Order (or, for a quote request, the Quote)
    errors: dict[str, str] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    again: bool = False  # it existed already: this was a second press, a reload or a second tab

    @property
    def order(self) -> Any:
        return self.record


class Refused(Exception):
    """The basket cannot be placed this way (say a quote ordered meanwhile); the message goes on the form."""


# (account, one-time key) → what this checkout made before, or None
Before = Callable[[Account, str], Awaitable[Any]]
# (account, scope, delivery, basket, key) → (what was made, what `after` needs); runs in the transaction
Store = Callable[[Account, Scope, Delivery, basket.Contents, str], Awaitable[tuple[Any, Any]]]
# (account, what was made, what store passed along) → tell those concerned
After = Callable[[Account, Any, Any], Awaitable[None]]


def stored_token(account: Account, token: str) -> str:
    return f"{account.id}:{token}"


async def _placed_before(account: Account, token: str) -> Order | None:
    return await Order.objects().where(Order.checkout_token == stored_token(account, token)).first()


async def place(account: Account, scope: Scope, data: CheckoutInput, seen: str) -> Placed:
    """Place the basket as one order (see the module's rules); waits for approval over a budget tier."""
    return await submit(account, scope, data, seen, _placed_before, _store, tell_about)


async def submit(account: Account, scope: Scope, data: CheckoutInput, seen: str, before: Before, store: Store,
                 after: After) -> Placed:
    """The last step of a checkout, for an order or a quote request: once per one-time key, with step 1
    checked again and the basket as the customer last saw it (the module's rules)."""
    if not TOKEN.match(data.token):
        return Placed(errors={"form": _("Dit bestelformulier is verlopen. Controleer de gegevens en klik opnieuw op "
                                        "Volgende.")})
    if (done := await before(account, data.token)) is not None:
        return Placed(record=done, again=True)
    delivery, errors = validate(data, await options_for(scope))
    if delivery is None:
        return Placed(errors=errors)
    try:
        async with write_transaction():
            await lock_basket(account.id)
            # Again inside the lock: a press of the same checkout just before this one may have placed it.
            if (done := await before(account, data.token)) is not None:
                return Placed(record=done, again=True)
            contents = await basket.contents(account)
            if not contents.orderable:
                return Placed(errors={"form": _("Uw winkelwagen is leeg. Voeg eerst producten toe.")})
            changes = await changes_since(seen, contents) if seen != snapshot(contents) else []
            if seen != snapshot(contents) and not changes:
                changes = [_("Uw winkelwagen is gewijzigd. Controleer de order.")]
            if changes:
                return Placed(changes=changes)
            record, passed = await store(account, scope, delivery, contents, data.token)
    except Refused as refused:
        return Placed(errors={"form": str(refused)})
    except Exception as error:  # the same checkout placed twice at the same moment: the first one counts
        if is_unique_violation(error) and (done := await before(account, data.token)) is not None:
            return Placed(record=done, again=True)
        raise
    await after(account, record, passed)
    return Placed(record=record)


async def _store(account: Account, scope: Scope, delivery: Delivery, contents: basket.Contents,
                 token: str) -> tuple[Order, approval.OrderAuthorisation | None]:
    """The order, its lines, its first step and its approval, and the ordered lines out of the basket (in
    the caller's transaction). Lines of a quote go at the quoted prices; the order records the quote."""
    if contents.quote_id and not await quote_ordering.take(contents.quote_id):
        raise Refused(_("De offerte van deze producten is intussen besteld of verlopen. Bekijk uw winkelwagen."))
    order, waits = await open_order(account, scope, PURCHASE, contents.totals.excl, stored_token(account, token),
                                    {**asdict(delivery), "quote": contents.quote_id})
    lines = contents.orderable
    await OrderLine.insert(*(
        OrderLine(order=order.id, product=line.product_id, article_number=line.article_number, name=line.name,
                  quantity=line.quantity, unit_price=line.price.excl, vat_rate=line.price.vat_rate,
                  line_total=line.total)
        for line in lines
    ))
    await BasketLine.delete().where(BasketLine.id.is_in([line.id for line in lines]))
    return order, waits


async def open_order(account: Account, scope: Scope, kind: str, total: Decimal, stored: str,
                     values: Mapping[str, Any]) -> tuple[Order, approval.OrderAuthorisation | None]:
    """A new order of `kind` (purchase or rental) without its lines: its number, its first step and, over
    a budget tier of `total`, its approval (in the caller's transaction)."""
    now = datetime.now(timezone.utc)
    waits = await approval.order_authorisation(account, total, now.astimezone(TIMEZONE).date())
    order = Order(
        number=await next_number("order"), organisation=scope.organisation_id, account=account.id, kind=kind,
        status=WAITING if waits else "submitted", total=total, created_at=now, checkout_token=stored, **values,
    )
    await order.save()
    if waits:
        await OrderApproval(order=order.id, tier_amount=waits.tier.from_amount, authoriser=waits.assigned,
                            decision="pending").save()
        await record_step(order, WAITING, by=account, at=now, note=_("Boven de budgetlimiet van %(amount)s") % {
            "amount": format_money(waits.tier.from_amount)})
    else:
        await record_step(order, "submitted", by=account, at=now)
    return order, waits


async def tell_about(account: Account, order: Order, waits: approval.OrderAuthorisation | None) -> None:
    """The confirmation to the requester; over a budget tier also the authoriser (or the administrators)."""
    wanted = (_(" Gevraagde afleverdatum: %(date)s.") % {"date": format_day(order.requested_delivery_date)}
              if order.requested_delivery_date else "")
    if waits:
        text = _("Uw order %(number)s van %(total)s (excl. btw) is ontvangen. Omdat het bedrag boven uw budgetlimiet "
                 "ligt, wacht de order op autorisatie; daarna gaat hij naar HartingBank.")
    else:
        text = _("Uw order %(number)s van %(total)s (excl. btw) is verstuurd naar HartingBank.")
    values = {"number": order.number, "total": format_money(order.total)}
    await tell(account.id, order, _("Bevestiging van uw order %(number)s") % values, text % values + wanted)
    if not waits:
        return
    for decider in sorted(await approval.deciders(order.organisation, waits.assigned, account.id,
                                                  datetime.now(TIMEZONE).date(), approval.orders_entitled)):
        await tell(decider, order, _("Order %(number)s wacht op uw autorisatie") % values,
                   _("%(name)s heeft order %(number)s geplaatst van %(total)s (excl. btw). Wilt u de order goedkeuren "
                     "of afwijzen?") % {**values, "name": account.name})



# --- The two steps as the pages show them --------------------------------------------------------------


@dataclass
class Checkout:
    """One step as its page shows it: step 1 (the form) unless `delivery` is set (the review)."""

    data: CheckoutInput
    options: FormOptions
    contents: basket.Contents
    snapshot: str  # the basket as this page shows it, sent back with the form
    errors: dict[str, str] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    delivery: Delivery | None = None
    location_name: str = ""
    department_name: str = ""
    notice: str = ""

    @property
    def empty(self) -> bool:
        return not self.contents.orderable


async def open_checkout(account: Account, scope: Scope) -> Checkout:
    """Step 1 as it opens, with a fresh one-time key."""
    options = await options_for(scope)
    contents = await basket.contents(account)
    return Checkout(initial(account, options), options, contents, snapshot(contents))


async def step(account: Account, scope: Scope, data: CheckoutInput, seen: str, *, forward: bool,
               errors: Mapping[str, str] | None = None,
               refuse: Callable[[basket.Contents], str] | None = None) -> Checkout:
    """"Volgende" (`forward`: the review when step 1 is complete, else step 1 with the messages) or
    "Vorige" (step 1 as typed). What changed in the basket since `seen` is shown either way. `refuse`
    (a quote request's) says why this basket cannot go on; it also means no order, so no approval notice."""
    options = await options_for(scope)
    contents = await basket.contents(account)
    if not TOKEN.match(data.token):
        data.token = new_token()
    shown = Checkout(data, options, contents, snapshot(contents), dict(errors or {}),
                     await changes_since(seen, contents) if seen != snapshot(contents) else [])
    if not forward or shown.errors:
        return shown
    if shown.empty:
        shown.errors["form"] = _("Uw winkelwagen is leeg. Voeg eerst producten toe.")
        return shown
    if refuse and (why := refuse(contents)):
        shown.errors["form"] = why
        return shown
    delivery, shown.errors = validate(data, options)
    if delivery is None:
        return shown
    shown.delivery = delivery
    shown.location_name = next(text for value, text in options.locations if value == delivery.location)
    shown.department_name = next((text for value, text in options.departments.get(delivery.location, [])
                                  if value == delivery.department), "")
    shown.notice = "" if refuse else await approval_notice(account, contents.totals.excl)
    return shown


async def approval_notice(account: Account, total: Decimal) -> str:
    """What the review says when an order of `total` will wait for authorisation."""
    waits = await approval.order_authorisation(account, total, datetime.now(TIMEZONE).date())
    if waits is None:
        return ""
    who = await Account.select(Account.name).where(Account.id == waits.assigned).first() if waits.assigned else None
    return _("Deze order ligt boven uw budgetlimiet van %(amount)s. Na het plaatsen wacht hij op autorisatie door "
             "%(name)s; daarna gaat hij naar HartingBank.") % {
        "amount": format_money(waits.tier.from_amount), "name": who["name"] if who else _("de administrator")}
