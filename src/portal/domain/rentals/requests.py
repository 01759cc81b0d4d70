""""Huuraanvraag" (RENT-2): a product for rent in a quantity, for a location and department of the
account's Scope, under a new or an existing reference (a room number), with whom to report to and whom to
hand it over to.

* A new reference is unique within its location (letter case and spaces aside). It is saved when its
  first request enters the rental basket, so the next request can pick it as "Bestaand" at once.
* An existing reference brings its start date and note ("Startdatum huur", "Toelichting"); it is never
  typed again. It belongs to a location and department: another one chosen with it is a message at the
  field. A reference id outside the account's Scope (another organisation, a location not its own) is
  NotFound (404), like every foreign id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from portal.db import is_unique_violation, write_transaction
from portal.domain.errors import NotFound
from portal.domain.orders.checkout import LATEST_DELIVERY, PHONE, options_for
from portal.domain.parsing import MAX_QUANTITY, clean_line, parse_date, parse_id, parse_quantity, quantity_message
from portal.domain.scope import Scope
from portal.domain.service_requests.forms import EMAIL, FormOptions
from portal.domain.shop import basket, catalogue
from portal.i18n import TIMEZONE, _
from portal.tables import Account, Basket, BasketLine, RentalReference

NEW, EXISTING = "nieuw", "bestaand"
QUANTITY_FIELD = "aantal"
CONTACT_FIELDS = {"report_to_name": 200, "report_to_phone": 40, "report_to_email": 254,
                  "contact_name": 200, "contact_phone": 40, "contact_email": 254}
REFERENCE_MAX = 100
NOTE_MAX = 2000


def taken_message() -> str:
    return _("Deze referentie bestaat al op deze locatie. Kies hem bij Bestaand of vul een andere referentie in.")


@dataclass
class RequestInput:
    """The form as typed (strings), shown again as typed when something is wrong."""

    aantal: str = "1"
    location: str = ""
    department: str = ""
    reference_kind: str = ""
    new_reference: str = ""
    rental_start: str = ""
    rental_note: str = ""
    existing_reference: str = ""
    report_to_name: str = ""
    report_to_phone: str = ""
    report_to_email: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


def parse_form(form: Mapping[str, Any]) -> RequestInput:
    note = form.get("rental_note") if isinstance(form.get("rental_note"), str) else ""
    note = "".join(ch for ch in note if (ch >= " " or ch in "\n\t") and not "\ud800" <= ch <= "\udfff")
    return RequestInput(
        aantal=clean_line(form.get(QUANTITY_FIELD), 20), location=clean_line(form.get("location"), 12),
        department=clean_line(form.get("department"), 12), reference_kind=clean_line(form.get("reference_kind"), 12),
        new_reference=clean_line(form.get("new_reference"), REFERENCE_MAX + 50),
        rental_start=clean_line(form.get("rental_start"), 30), rental_note=note.strip()[:NOTE_MAX + 100],
        existing_reference=clean_line(form.get("existing_reference"), 12),
        **{name: clean_line(form.get(name), limit + 50) for name, limit in CONTACT_FIELDS.items()},
    )


def initial(account: Account, options: "RequestOptions", quantity: str) -> RequestInput:
    """The form as it opens: the quantity chosen on the product page, the only location when there is
    one, "Nieuw" unless references exist, the account as the one to report to."""
    locations = options.form.locations
    typed = clean_line(quantity, 20)
    return RequestInput(
        aantal=typed if parse_quantity(typed) else "1", location=str(locations[0][0]) if len(locations) == 1 else "",
        reference_kind=EXISTING if options.references else NEW, report_to_name=account.name,
        report_to_email=account.email,
    )


@dataclass(frozen=True)
class ReferenceChoice:
    """An existing reference as the form offers it: with where it is and what it brings along."""

    id: int
    reference: str
    location: int
    location_name: str
    department: int | None
    department_name: str
    start_date: date
    note: str


@dataclass
class RequestOptions:
    form: FormOptions  # the account's locations and departments
    references: list[ReferenceChoice]


async def _references(scope: Scope) -> list[ReferenceChoice]:
    rows = await RentalReference.select(
        RentalReference.id, RentalReference.reference, RentalReference.location, RentalReference.location.name,
        RentalReference.department, RentalReference.department.name, RentalReference.start_date, RentalReference.note,
    ).where(scope.where(RentalReference.organisation, RentalReference.location, RentalReference.department)).order_by(
        RentalReference.location.name).order_by(RentalReference.reference)
    return [ReferenceChoice(row["id"], row["reference"], row["location"], row["location.name"], row["department"],
                            row["department.name"] or "", row["start_date"], row["note"]) for row in rows]


async def request_options(scope: Scope) -> RequestOptions:
    """The locations, departments and existing references the account may choose (its Scope)."""
    return RequestOptions(await options_for(scope), await _references(scope))


@dataclass(frozen=True)
class RentalRequest:
    """The form checked: what a rental basket line takes."""

    quantity: int
    location: int
    department: int | None
    reference: ReferenceChoice | None  # an existing one; None: `new_reference` is made
    new_reference: str
    rental_start: date
    rental_note: str
    contacts: dict[str, str] = field(default_factory=dict)


def _check_place(data: RequestInput, options: FormOptions, errors: dict[str, str]) -> tuple[int | None, int | None]:
    """The location and department chosen; an existing reference may bring the department along."""
    locations = {value for value, _text in options.locations}
    location = parse_id(data.location)
    if location is None or location not in locations:
        errors["location"] = (_("Kies de locatie waar het hulpmiddel nodig is.") if not data.location
                              else _("Deze locatie kunt u niet kiezen. Kies een van uw locaties uit de lijst."))
        return None, None
    offered = {value for value, _text in options.departments.get(location, [])}
    department = parse_id(data.department)
    if data.department and department not in offered:
        errors["department"] = _("Deze afdeling hoort niet bij de gekozen locatie of is niet de uwe. Kies een "
                                 "afdeling uit de lijst.")
    elif not data.department and offered and data.reference_kind != EXISTING:
        errors["department"] = _("Kies de afdeling waar het hulpmiddel nodig is.")
    return location, department if data.department else None


def _check_start(data: RequestInput, today: date, errors: dict[str, str]) -> date | None:
    if not data.rental_start:
        errors["rental_start"] = _("Vul de datum in per wanneer u het hulpmiddel nodig heeft.")
        return None
    start = parse_date(data.rental_start)
    if start is None:
        errors["rental_start"] = _("Vul een datum in, bijvoorbeeld %(example)s.") % {
            "example": f"{today.day}-{today.month}-{today.year}"}
    elif start < today:
        errors["rental_start"] = _("Deze datum ligt in het verleden. Kies vandaag of later.")
    elif start > today + LATEST_DELIVERY:
        errors["rental_start"] = _("Kies een startdatum binnen een jaar.")
    return start


def _check_contacts(data: RequestInput, errors: dict[str, str]) -> dict[str, str]:
    for name, label in (("report_to_name", _("bij wie de afleveraar zich moet melden")),
                        ("contact_name", _("wie de contactpersoon bij aflevering is"))):
        if not getattr(data, name):
            errors[name] = _("Vul in %(what)s.") % {"what": label}
    for name, limit in CONTACT_FIELDS.items():
        value = getattr(data, name)
        if name in errors or not value:
            continue
        if len(value) > limit:
            errors[name] = _("Dit veld mag ten hoogste %(n)s tekens bevatten.") % {"n": limit}
        elif name.endswith("_phone") and not PHONE.match(value):
            errors[name] = _("Vul een telefoonnummer in met alleen cijfers, spaties, + of -, bijvoorbeeld 030 123 45 67.")
        elif name.endswith("_email") and not EMAIL.match(value):
            errors[name] = _("Vul een e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
    return {name: getattr(data, name) for name in CONTACT_FIELDS}


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


async def _taken(location: int, reference: str) -> bool:
    """Whether the location has this reference already (whoever made it, whatever the department)."""
    rows = await RentalReference.select(RentalReference.reference).where(RentalReference.location == location)
    return any(_same(row["reference"], reference) for row in rows)


async def validate(data: RequestInput, options: RequestOptions, scope: Scope,
                   today: date | None = None) -> tuple[RentalRequest | None, dict[str, str]]:
    """The request, or the Dutch message per field. NotFound for a reference outside the Scope."""
    today = today or datetime.now(TIMEZONE).date()
    errors: dict[str, str] = {}
    quantity = parse_quantity(data.aantal)
    if quantity is None:
        errors[QUANTITY_FIELD] = quantity_message()
    location, department = _check_place(data, options.form, errors)
    reference, start, note = None, None, ""
    if data.reference_kind == EXISTING:
        reference = await _existing(data, options, scope, location, department, errors)
        if reference is not None:
            start, note, department = reference.start_date, reference.note, reference.department
    elif data.reference_kind == NEW:
        if not data.new_reference:
            errors["new_reference"] = _("Vul een unieke referentie in, bijvoorbeeld een kamernummer.")
        elif len(data.new_reference) > REFERENCE_MAX:
            errors["new_reference"] = _("De referentie mag ten hoogste %(n)s tekens bevatten.") % {"n": REFERENCE_MAX}
        elif location is not None and await _taken(location, data.new_reference):
            errors["new_reference"] = taken_message()
        start = _check_start(data, today, errors)
        note = data.rental_note
        if len(note) > NOTE_MAX:
            errors["rental_note"] = _("De toelichting mag ten hoogste %(n)s tekens bevatten.") % {"n": NOTE_MAX}
    else:
        errors["reference_kind"] = _("Kies Nieuw of Bestaand.")
    contacts = _check_contacts(data, errors)
    if errors or quantity is None or location is None or start is None:
        return None, errors
    return RentalRequest(quantity, location, department, reference, data.new_reference, start, note, contacts), {}


async def _existing(data: RequestInput, options: RequestOptions, scope: Scope, location: int | None,
                    department: int | None, errors: dict[str, str]) -> ReferenceChoice | None:
    if not data.existing_reference:
        errors["existing_reference"] = _("Kies de referentie uit de lijst.")
        return None
    chosen = parse_id(data.existing_reference)
    found = next((choice for choice in options.references if choice.id == chosen), None)
    if found is None:
        raise NotFound  # not a reference of the account's locations: another organisation's, or none at all
    if location is not None and found.location != location:
        errors["existing_reference"] = _("Referentie %(reference)s hoort bij locatie %(location)s. Kies die locatie "
                                         "of een andere referentie.") % {"reference": found.reference,
                                                                         "location": found.location_name}
    elif "department" not in errors and department is not None and found.department != department:
        errors["existing_reference"] = _("Referentie %(reference)s hoort bij %(department)s. Kies die afdeling of een "
                                         "andere referentie.") % {"reference": found.reference,
                                                                  "department": found.department_name
                                                                  or _("geen afdeling")}
    return found


# --- Into the rental basket ----------------------------------------------------------------------------


@dataclass
class Requested:
    """What "Naar overzicht huuraanvraag" did: the request in the basket, or the messages per field."""

    line_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    capped: bool = False


async def add_request(account: Account, scope: Scope, card: catalogue.Card, data: RequestInput) -> Requested:
    """The request into the account's rental basket (a new reference saved with it). The same product
    for the same reference adds up (to at most MAX_QUANTITY). Every request of a reference carries the
    contacts typed last: the reference becomes one order with one "Melden bij" and one contact."""
    options = await request_options(scope)
    request, errors = await validate(data, options, scope)
    if request is None:
        return Requested(errors=errors)
    try:
        return await _store(account, scope, card, request)
    except Exception as error:  # the same new reference made at the same moment in another tab
        if is_unique_violation(error):
            return Requested(errors={"new_reference": taken_message()})
        raise


async def _store(account: Account, scope: Scope, card: catalogue.Card, request: RentalRequest) -> Requested:
    """The new reference (checked again inside the lock) and the request, in one transaction."""
    now = datetime.now(timezone.utc)
    async with write_transaction():
        if request.reference is None:
            if await _taken(request.location, request.new_reference):  # made in another tab just now
                return Requested(errors={"new_reference": taken_message()})
            made = RentalReference(organisation=scope.organisation_id, location=request.location,
                                   department=request.department, reference=request.new_reference,
                                   start_date=request.rental_start, note=request.rental_note, created_at=now)
            await made.save()
            reference_id = made.id
        else:
            reference_id = request.reference.id
        found = await basket.basket_id(account.id, create=True, kind=basket.RENTAL)
        same = await BasketLine.select(BasketLine.id, BasketLine.quantity).where(
            (BasketLine.basket == found) & (BasketLine.product == card.id)
            & (BasketLine.rental_reference == reference_id)).first()
        total = request.quantity + (same["quantity"] if same else 0)
        capped = total > MAX_QUANTITY
        total = min(total, MAX_QUANTITY)
        await BasketLine.update({getattr(BasketLine, name): value for name, value in request.contacts.items()}).where(
            (BasketLine.basket == found) & (BasketLine.rental_reference == reference_id))
        if same:
            await BasketLine.update({BasketLine.quantity: total}).where(BasketLine.id == same["id"])
            line_id = same["id"]
        else:
            line = BasketLine(basket=found, product=card.id, quantity=total, location=request.location,
                              department=request.department, rental_reference=reference_id,
                              rental_start=request.rental_start, rental_note=request.rental_note, added_at=now,
                              **request.contacts)
            await line.save()
            line_id = line.id
        await Basket.update({Basket.updated_at: now}).where(Basket.id == found)
    return Requested(line_id, capped=capped)

