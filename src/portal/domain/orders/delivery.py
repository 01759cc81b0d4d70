"""Delivering a rental order makes its items rented aids (issue 11, item 5). When staff mark a rental order
delivered ("Order geleverd" in /admin), every item of its rental lines (OrderLine.daily_rent) becomes an
aid in "Mijn hulpmiddelen": at the order's location and department, in use, rented, with its rental start,
rental reference, daily rent and the order line it came from. Staff give the object number of each item
on the form, one a line in the order of the order lines; an empty or missing line gets a new number.

Everything is checked before the order changes (`plan_aids`), and the aids are written in the transaction
of the delivery step (`make_aids`), which checks the numbers once more: of two deliveries naming the same
object number at once, one is refused and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

from portal.domain.assets import inspections
from portal.domain.assets.filters import OBJECT_NUMBER_MAX, normalise_object_number
from portal.domain.numbering import OBJECT_DIGITS, OBJECT_PREFIX, next_object_number
from portal.domain.orders.labels import RENTAL
from portal.domain.service_requests.execution import StaffRefusal
from portal.i18n import _
from portal.money import to_money
from portal.tables import Asset, Order, OrderLine, ProductType, RentalReference


@dataclass(frozen=True)
class Item:
    """One delivered item: a unit of a rental order line, with the object number staff gave ("" = new)."""

    line_id: int
    name: str
    product_id: int
    product_type_id: int
    subcategory_id: int
    category_id: int
    daily_rent: Decimal
    object_number: str


def typed_numbers(text: str | None) -> list[str]:
    """The object numbers as typed, one a line ("" for a line left empty: a new number); trailing empty
    lines dropped. A number too long to be one is refused rather than cut."""
    lines = (text or "").replace("\r", "").split("\n")
    numbers = []
    for line in lines:
        number = normalise_object_number(line[:OBJECT_NUMBER_MAX * 4])
        if len("".join(line.split())) > OBJECT_NUMBER_MAX:
            raise StaffRefusal(_("Objectnummer %(number)s… is te lang: een objectnummer heeft hoogstens %(max)s tekens.")
                               % {"number": number[:OBJECT_NUMBER_MAX], "max": OBJECT_NUMBER_MAX})
        numbers.append(number)
    while numbers and not numbers[-1]:
        numbers.pop()
    return numbers


def rental_start_for(order: Order, delivered: date) -> date:
    """The rent runs from the rental start the customer asked for, but never before the aid is there."""
    return max(order.rental_start, delivered) if order.rental_start else delivered


async def plan_aids(order: Order, typed: str | None) -> list[Item]:
    """The aids delivering `order` makes, with the object numbers staff typed; a StaffRefusal (in Dutch)
    for numbers given for a purchase order, more numbers than items, a number twice or one in use, or a
    product the fleet cannot place (no type in the catalogue)."""
    numbers = typed_numbers(typed)
    if order.kind != RENTAL:
        if numbers:
            raise StaffRefusal(_("Order %(number)s is een kooporder: objectnummers horen alleen bij een huurorder. "
                                 "Laat het veld Objectnummers leeg.") % {"number": order.number})
        return []
    lines = await OrderLine.select(
        OrderLine.id, OrderLine.name, OrderLine.quantity, OrderLine.daily_rent, OrderLine.product,
        OrderLine.product.product_type.as_alias("product_type"),
        OrderLine.product.product_type.subcategory.as_alias("subcategory"),
        OrderLine.product.product_type.subcategory.category.as_alias("category"),
    ).where((OrderLine.order == order.id) & OrderLine.daily_rent.is_not_null()).order_by(OrderLine.id)
    count = sum(max(0, line["quantity"]) for line in lines)
    if len(numbers) > count:
        raise StaffRefusal(_("U geeft %(given)s objectnummers op, maar order %(number)s heeft %(count)s "
                             "huurartikelen. Geef één objectnummer per geleverd artikel (een lege regel voor een "
                             "nieuw nummer).") % {"given": len(numbers), "number": order.number, "count": count})
    for line in lines:
        if line["product"] is None or line["product_type"] is None:
            raise StaffRefusal(_("Het product %(name)s van deze order heeft geen type in de catalogus, dus het "
                                 "hulpmiddel kan niet in Mijn hulpmiddelen komen. Vul het type in bij het product "
                                 "en meld de order daarna geleverd.") % {"name": line["name"]})
    await _check_free(order, numbers)
    padded = iter([*numbers, *[""] * (count - len(numbers))])
    return [Item(line["id"], line["name"], line["product"], line["product_type"], line["subcategory"],
                 line["category"], to_money(line["daily_rent"]), next(padded))
            for line in lines for _unit in range(max(0, line["quantity"]))]


async def _check_free(order: Order, numbers: list[str]) -> None:
    """Each typed number once, and not an aid's already (of this customer or another)."""
    typed = [number for number in numbers if number]
    twice = next((number for i, number in enumerate(typed) if number in typed[:i]), None)
    if twice:
        raise StaffRefusal(_("Objectnummer %(number)s staat twee keer in de lijst.") % {"number": twice})
    if not typed:
        return
    taken = await Asset.select(Asset.object_number, Asset.organisation).where(
        Asset.object_number.is_in(typed)).order_by(Asset.object_number).first()
    if taken is None:
        return
    if taken["organisation"] == order.organisation:
        raise StaffRefusal(_("Objectnummer %(number)s hoort al bij een ander hulpmiddel van deze klant. Kies een "
                             "ander nummer of laat de regel leeg voor een nieuw nummer.") % {"number": taken["object_number"]})
    raise StaffRefusal(_("Objectnummer %(number)s is al in gebruik bij een andere organisatie. Kies een ander "
                         "nummer of laat de regel leeg voor een nieuw nummer.") % {"number": taken["object_number"]})


async def _highest_object_number() -> int:
    """Where new object numbers continue: after the highest "HB" + seven digits in the fleet."""
    rows = await Asset.select(Asset.object_number).where(
        Asset.object_number.like(OBJECT_PREFIX + "_" * OBJECT_DIGITS)).order_by(
        Asset.object_number, ascending=False).limit(50)
    values = [int(row["object_number"][len(OBJECT_PREFIX):]) for row in rows
              if row["object_number"][len(OBJECT_PREFIX):].isdigit()]
    return max(values, default=0)


async def _new_object_number() -> str:
    while True:
        number = await next_object_number(_highest_object_number)
        if not await Asset.exists().where(Asset.object_number == number):
            return number


async def _reference_for(order: Order, start: date) -> int | None:
    """The order's rental reference; made from its reference text (at its location and department) when
    it has none, so the aids carry it."""
    if order.rental_reference:
        return order.rental_reference
    text = (order.reference or "").strip()
    if not text:
        return None
    same_department = (RentalReference.department == order.department if order.department
                       else RentalReference.department.is_null())
    found = await RentalReference.select(RentalReference.id).where(
        (RentalReference.organisation == order.organisation) & (RentalReference.location == order.location)
        & same_department & (RentalReference.reference == text)).first()
    if found:
        reference_id = found["id"]
    else:
        made = RentalReference(organisation=order.organisation, location=order.location, department=order.department,
                               reference=text, start_date=start, created_at=datetime.now(timezone.utc))
        await made.save()
        reference_id = made.id
    await Order.update({Order.rental_reference: reference_id}).where(Order.id == order.id)
    return reference_id


async def make_aids(order: Order, items: list[Item], delivered: date) -> list[str]:
    """Write the aids of `items` (inside the delivery's transaction); their object numbers."""
    if not items:
        return []
    await _check_free(order, [item.object_number for item in items])
    start = rental_start_for(order, delivered)
    reference = await _reference_for(order, start)
    now = datetime.now(timezone.utc)
    intervals = {row["id"]: row["inspection_interval_months"] for row in await ProductType.select(
        ProductType.id, ProductType.inspection_interval_months).where(
        ProductType.id.is_in(sorted({item.product_type_id for item in items})))}
    made = []
    for item in items:
        number = item.object_number or await _new_object_number()
        await Asset(
            object_number=number, organisation=order.organisation, category=item.category_id,
            subcategory=item.subcategory_id, product_type=item.product_type_id, product=item.product_id,
            location=order.location, department=order.department, status="in_use", ownership="rented",
            rental_start=start, rental_reference=reference, daily_rent=item.daily_rent, order_line=item.line_id,
            next_inspection=inspections.due_date(intervals.get(item.product_type_id), None, start),
            characteristics={}, created_at=now,
        ).save()
        made.append(number)
    return made




async def aids_of(order_id: int) -> list[dict]:
    """The aids delivering the order made, in the order of its lines: object number, product name,
    rental start and end, daily rent, where it is."""
    return await Asset.select(
        Asset.id, Asset.object_number, Asset.rental_start, Asset.rental_end, Asset.daily_rent, Asset.location,
        Asset.department, Asset.organisation, Asset.order_line.name.as_alias("name"),
    ).where(Asset.order_line.order == order_id).order_by(Asset.order_line).order_by(Asset.id)
