"""The five request forms (SRV-2): exactly the fields of the manual's table per kind, what they offer
(only the requester's own locations, departments and the usable depots) and their rules. A form comes
back with what was typed and a Dutch message next to each field that is not right."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from portal.domain.parsing import clean_line, parse_date, parse_id
from portal.domain.scope import Scope
from portal.domain.service_requests.labels import PERFORMED_BY_LABELS
from portal.i18n import TIMEZONE, _
from portal.tables import Account, Asset, Depot

LATEST = timedelta(days=2 * 366)  # a requested date at most two years ahead
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+()\-. ]{6,20}$")
TEXT_MAX = 2000


@dataclass(frozen=True)
class Field:
    name: str  # the form field and the ServiceRequest column
    label: str
    widget: str  # date | text | textarea | email | tel | location | department | depot | performed_by
    required: bool = False
    help: str = ""
    location_field: str = ""  # a department: the location field it belongs to


FIELDS: dict[str, Field] = {field.name: field for field in (
    Field("requested_date", _("Gevraagde uitvoerdatum"), "date", True,
          _("De datum waarop u de actie uitgevoerd wenst.")),
    Field("intended_for", _("Bestemd voor"), "text", help=_("Naam van de cliënt voor wie het hulpmiddel bestemd is.")),
    Field("current_department", _("Huidige afdeling"), "department", help=_("De afdeling waar het hulpmiddel zich bevindt."),
          location_field="location"),
    Field("location", _("Locatie"), "location", True, _("De locatie waar het hulpmiddel zich bevindt.")),
    Field("department", _("Afdeling"), "department", help=_("De afdeling waar het hulpmiddel zich bevindt."),
          location_field="location"),
    Field("delivery_location", _("Afleverlocatie"), "location", True,
          _("De locatie waar het hulpmiddel afgeleverd moet worden.")),
    Field("delivery_department", _("Afdeling op de afleverlocatie"), "department", location_field="delivery_location"),
    Field("pickup_location", _("Ophaallocatie"), "location", True,
          _("De locatie waar het hulpmiddel opgehaald moet worden.")),
    Field("depot", _("Depot"), "depot", True,
          _("Het depot waar het hulpmiddel naartoe gebracht moet worden: een eigen depot of een depot bij HartingBank.")),
    Field("contact_name", _("Contactpersoon"), "text", True, _("De naam van de contactpersoon op de locatie.")),
    Field("contact_phone", _("Telefoonnummer contactpersoon"), "tel", True),
    Field("contact_email", _("E-mailadres contactpersoon"), "email"),
    Field("performed_by", _("Actie"), "performed_by", True, _("Wie de actie moet uitvoeren.")),
    Field("defect_description", _("Toelichting"), "textarea", True, _("Omschrijving van het defect aan het hulpmiddel.")),
    Field("message", _("Bericht"), "textarea", help=_("Ruimte voor een bericht.")),
)}

# The manual's table: which field on which form. "Huidige afdeling" is on the relocation and the depot
# delivery; the repair asks "Locatie" and "Afdeling", which are the same thing. A relocation and a pick-up
# from the depot also ask the department at the delivery location, so the aid lands where it should.
FORMS: dict[str, tuple[str, ...]] = {
    "repair": ("requested_date", "intended_for", "location", "department", "contact_name", "contact_phone",
               "contact_email", "defect_description", "message"),
    "relocation": ("requested_date", "intended_for", "current_department", "delivery_location",
                   "delivery_department", "performed_by", "message"),
    "to_depot": ("requested_date", "intended_for", "current_department", "depot", "contact_name", "contact_phone",
                 "contact_email", "performed_by", "message"),
    "from_depot": ("requested_date", "intended_for", "delivery_location", "delivery_department", "contact_name",
                   "contact_phone", "contact_email", "performed_by", "message"),
    "rental_pickup": ("requested_date", "intended_for", "pickup_location", "message"),
}
PERFORMED_BY = PERFORMED_BY_LABELS


def field_label(kind: str, name: str) -> str:
    if kind == "rental_pickup" and name == "requested_date":
        return _("Gewenste ophaaldatum")
    return FIELDS[name].label


@dataclass
class RequestInput:
    """The form as typed (strings), so an invalid form comes back exactly as it was sent."""

    values: dict[str, str] = field(default_factory=dict)
    key: str = ""  # the form's one-time key

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def parse_form(kind: str, form: Mapping[str, Any]) -> RequestInput:
    values = {
        name: _clean_text(form.get(name)) if FIELDS[name].widget == "textarea" else clean_line(form.get(name), 200)
        for name in FORMS[kind]
    }
    return RequestInput(values, clean_line(form.get("sleutel"), 64))


def _clean_text(value: Any) -> str:
    """Several lines of text: line breaks kept, other control characters and surrogates gone."""
    text = value if isinstance(value, str) else ""
    text = "".join(ch for ch in text if (ch >= " " or ch in "\n\t") and ch != "\x7f" and not "\ud800" <= ch <= "\udfff")
    return text.strip()[:TEXT_MAX]


def initial(kind: str, asset: Asset, requester: Account) -> RequestInput:
    """What the aid and the requester already tell: where it is, and who to call."""
    values = {name: "" for name in FORMS[kind]}
    place = {"location": asset.location, "pickup_location": asset.location, "department": asset.department,
             "current_department": asset.department}
    if kind == "from_depot":
        place["delivery_location"] = asset.location
    for name, value in place.items():
        if name in values and value:
            values[name] = str(value)
    if "contact_name" in values:
        values["contact_name"], values["contact_email"] = requester.name, requester.email
    if "performed_by" in values:
        values["performed_by"] = "hartingbank"
    return RequestInput(values)


@dataclass
class FormOptions:
    locations: list[tuple[int, str]]
    departments: dict[int, list[tuple[int, str]]]  # per location
    depots: list[tuple[int, str]]

    @property
    def departments_by_location(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """The departments under their location's name: the form works without script."""
        names = dict(self.locations)
        return [(names[location], rows) for location, rows in self.departments.items() if rows and location in names]


async def form_options(scope: Scope) -> FormOptions:
    locations = await scope.locations_query()
    departments: dict[int, list[tuple[int, str]]] = {location.id: [] for location in locations}
    for department in await scope.departments_query():
        departments.setdefault(department.location.id, []).append((department.id, department.name))
    depots = await Depot.select(Depot.id, Depot.name, Depot.city, Depot.organisation).where(
        (Depot.organisation == scope.organisation_id) | Depot.organisation.is_null()
    ).order_by(Depot.organisation, ascending=False).order_by(Depot.name)
    return FormOptions(
        locations=[(location.id, location.name) for location in locations],
        departments=departments,
        depots=[(row["id"], f"{row['name']}{', ' + row['city'] if row['city'] else ''}"
                 f"{'' if row['organisation'] else ' (HartingBank)'}") for row in depots],
    )


def validate(kind: str, data: RequestInput, options: FormOptions, aid_location: int,
             today: date | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's values in the types ServiceRequest takes, or the errors per field. `aid_location` is
    where the aid is: its "Huidige afdeling" is one of that location's."""
    today = today or datetime.now(TIMEZONE).date()
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    locations = {value for value, _text in options.locations}
    depots = {value for value, _text in options.depots}
    for name in FORMS[kind]:
        spec, raw = FIELDS[name], data.get(name)
        if not raw:
            if spec.required:
                errors[name] = _("Vul %(field)s in.") % {"field": field_label(kind, name).lower()}
            clean[name] = None if spec.widget in ("date", "location", "department", "depot") else ""
            continue
        if spec.widget == "date":
            day = parse_date(raw)
            if day is None:
                errors[name] = _("Vul een datum in, bijvoorbeeld %(example)s.") % {
                    "example": f"{today.day}-{today.month}-{today.year}"}
            elif day < today:
                errors[name] = _("Deze datum ligt in het verleden. Kies vandaag of later.")
            elif day > today + LATEST:
                errors[name] = _("Kies een datum binnen twee jaar.")
            clean[name] = day
        elif spec.widget == "location":
            value = parse_id(raw)
            if value not in locations:
                errors[name] = _("Kies een van uw locaties.")
            clean[name] = value
        elif spec.widget == "depot":
            value = parse_id(raw)
            if value not in depots:
                errors[name] = _("Kies een van de depots uit de lijst.")
            clean[name] = value
        elif spec.widget == "department":
            clean[name] = parse_id(raw)
        elif spec.widget == "performed_by":
            if raw not in PERFORMED_BY:
                errors[name] = _("Kies wie de actie uitvoert: HartingBank of uw eigen organisatie.")
            clean[name] = raw
        elif spec.widget == "email" and (len(raw) > 254 or not EMAIL.match(raw)):
            errors[name] = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
        elif spec.widget == "tel" and not PHONE.match(raw):
            errors[name] = _("Vul een telefoonnummer in, bijvoorbeeld 030 123 45 67.")
        if name not in clean:
            clean[name] = raw
    _check_departments(kind, clean, options, aid_location, errors)
    return clean, errors


def _check_departments(kind: str, clean: dict[str, Any], options: FormOptions, aid_location: int,
                       errors: dict[str, str]) -> None:
    """A department belongs to its location (the one chosen in the form, or the aid's own)."""
    for name in FORMS[kind]:
        spec = FIELDS[name]
        department = clean.get(name)
        if spec.widget != "department" or department is None or name in errors:
            continue
        location = clean.get(spec.location_field) if spec.location_field in FORMS[kind] else aid_location
        allowed = {value for value, _text in options.departments.get(location or 0, [])}
        if department not in allowed:
            errors[name] = _("Kies een afdeling van de gekozen locatie.")
