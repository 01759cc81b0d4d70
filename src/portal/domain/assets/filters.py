"""The filters of Mijn hulpmiddelen (AST-2) and the choices the filter form offers: read from the query
string in one place, checked against the account's Scope, corrected with a message when they make no
sense (Bad input: never an error page)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from portal.domain.assets.columns import FLEET_LISTING
from portal.domain.assets.inspections import INSPECTION_FILTER_LABELS
from portal.domain.parsing import Feedback, choice, date_range, first, parse_id
from portal.domain.scope import Scope
from portal.i18n import _
from portal.listing import Sort
from portal.tables import Category, Department, Location, ProductType, Subcategory

OBJECT_NUMBER_MAX = 30

ASSET_STATUS_LABELS: dict[str, str] = {
    "depot": _("In depot"),
    "in_use": _("In gebruik"),
    "transport": _("In transport"),
    "cleaning": _("In reiniging"),
}
OWNERSHIP_LABELS: dict[str, str] = {"owned": _("Eigendom"), "rented": _("Huur")}

# A choice in the form empties the lists that depend on it.
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "locatie": ("afdeling",),
    "categorie": ("subcategorie", "type"),
    "subcategorie": ("type",),
}


@dataclass(frozen=True)
class FleetFilters:
    """The validated filters and sort of the fleet list: what the queries, links and downloads use."""

    location: int | None = None
    department: int | None = None
    status: str | None = None
    object_number: str = ""
    category: int | None = None
    subcategory: int | None = None
    product_type: int | None = None
    ownership: str | None = None
    rental_from: date | None = None
    rental_to: date | None = None
    inspection: str | None = None  # "verlopen" | "binnenkort" (portal.domain.assets.inspections)
    sort: Sort = FLEET_LISTING.default_sort

    def params(self) -> dict[str, str]:
        """The canonical query of these filters (empty ones left out, the sort not included)."""
        values = {
            "locatie": self.location, "afdeling": self.department, "status": self.status,
            "objectnummer": self.object_number, "categorie": self.category, "subcategorie": self.subcategory,
            "type": self.product_type, "eigendom": self.ownership,
            "huur_van": self.rental_from.isoformat() if self.rental_from else None,
            "huur_tot": self.rental_to.isoformat() if self.rental_to else None,
            "keuring": self.inspection,
        }
        return {key: str(value) for key, value in values.items() if value not in (None, "")}

    def query(self) -> dict[str, str]:
        """The filters and the sort as the list's URL holds them (downloads, export jobs)."""
        return {**self.params(), **FLEET_LISTING.sort_query(self.sort)}

    @property
    def active_count(self) -> int:
        return len(self.params())


@dataclass
class FleetOptions:
    """The choices of the filter form: only what the account may see, dependent lists follow the choice."""

    locations: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    subcategories: list[dict] = field(default_factory=list)
    types: list[dict] = field(default_factory=list)


@dataclass
class ParsedFilters:
    filters: FleetFilters
    feedback: Feedback
    options: FleetOptions
    # All locations in scope (also inactive ones: their aids are still listed), id -> row.
    scope_locations: dict[int, dict]

    @property
    def messages(self) -> list[str]:
        return self.feedback.messages

    @property
    def raw(self) -> dict[str, str]:
        return self.feedback.raw


def without_dependents(params: Mapping[str, Any], changed: str) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key not in DEPENDENTS.get(changed, ())}


def normalise_object_number(raw: str) -> str:
    """Object numbers are printed in capitals; people type them in any case and with stray spaces."""
    return "".join(ch for ch in raw if ch.isprintable() and not ch.isspace()).upper()[:OBJECT_NUMBER_MAX]


async def parse_filters(scope: Scope, params: Mapping[str, Any]) -> ParsedFilters:
    """Read the list's query string in one place: unknown or malformed values never fail the page, they
    are dropped or corrected to the nearest valid choice with a message saying so."""
    feedback = Feedback()
    say = feedback.messages.append
    options = FleetOptions()
    locations = await scope_locations(scope)

    location = parse_id(first(params, "locatie"))
    if first(params, "locatie") and location not in locations:
        say(_("De gekozen locatie hoort niet bij uw locaties; er is niet op locatie gefilterd."))
        location = None

    department = parse_id(first(params, "afdeling"))
    if first(params, "afdeling"):
        row = await _department(scope, department, locations) if department is not None else None
        if row is None:
            say(_("De gekozen afdeling hoort niet bij uw locaties; er is niet op afdeling gefilterd."))
            department = None
        elif location is not None and row["location"] != location:
            say(_("De gekozen afdeling hoort niet bij de gekozen locatie; er is niet op afdeling gefilterd."))
            department = None
        elif location is None:
            location = row["location"]  # a department implies its location: the form shows both

    status = first(params, "status") or None
    if status is not None and choice(status, ASSET_STATUS_LABELS) is None:
        say(_("Onbekende status; er is niet op status gefilterd."))
        status = None

    category, subcategory, product_type = await _catalogue_choice(params, options, say)

    ownership = first(params, "eigendom") or None
    if ownership is not None and choice(ownership, OWNERSHIP_LABELS) is None:
        say(_("Kies bij eigendom of huur een van de mogelijkheden; er is niet op gefilterd."))
        ownership = None

    rental_from, rental_to = date_range(params, "huur_van", "huur_tot", feedback)
    inspection = first(params, "keuring") or None
    if inspection is not None and choice(inspection, INSPECTION_FILTER_LABELS) is None:
        say(_("Kies bij keuring verlopen of binnen 30 dagen; er is niet op keuring gefilterd."))
        inspection = None
    sort, problem = FLEET_LISTING.parse_sort(first(params, FLEET_LISTING.sort_param))
    if problem:
        say(problem)

    options.locations = [row for row in locations.values() if row["active"] or row["id"] == location]
    filters = FleetFilters(
        location=location, department=department, status=status,
        object_number=normalise_object_number(first(params, "objectnummer")),
        category=category, subcategory=subcategory, product_type=product_type, ownership=ownership,
        rental_from=rental_from, rental_to=rental_to, inspection=inspection, sort=sort,
    )
    await _dependent_options(scope, filters, options, locations)
    return ParsedFilters(filters, feedback, options, locations)


async def _catalogue_choice(params: Mapping[str, Any], options: FleetOptions,
                            say) -> tuple[int | None, int | None, int | None]:
    """Category, subcategory and type; a narrower choice implies the wider ones, a mismatch is dropped."""
    category = parse_id(first(params, "categorie"))
    subcategory = parse_id(first(params, "subcategorie"))
    product_type = parse_id(first(params, "type"))
    options.categories = await categories()
    if first(params, "categorie") and category not in {row["id"] for row in options.categories}:
        say(_("Onbekende categorie; er is niet op categorie gefilterd."))
        category = None
    if first(params, "type"):
        row = await ProductType.select(ProductType.id, ProductType.subcategory).where(
            ProductType.id == (product_type or 0)).first()
        if row is None:
            say(_("Onbekend type; er is niet op type gefilterd."))
            product_type = None
        elif subcategory is None:
            subcategory = row["subcategory"]
        elif row["subcategory"] != subcategory:
            say(_("Het gekozen type hoort niet bij de gekozen subcategorie; er is niet op type gefilterd."))
            product_type = None
    if first(params, "subcategorie") or subcategory is not None:
        row = await Subcategory.select(Subcategory.id, Subcategory.category).where(
            Subcategory.id == (subcategory or 0)).first()
        if row is None:
            say(_("Onbekende subcategorie; er is niet op subcategorie gefilterd."))
            subcategory = product_type = None
        elif category is None:
            category = row["category"]
        elif row["category"] != category:
            say(_("De gekozen subcategorie hoort niet bij de gekozen categorie; er is niet op subcategorie gefilterd."))
            subcategory = product_type = None
    return category, subcategory, product_type


async def scope_locations(scope: Scope) -> dict[int, dict]:
    """Every location in scope by name (inactive ones too: their aids are still listed), id -> row."""
    query = Location.select(Location.id, Location.name, Location.city, Location.active).where(
        scope.where(Location.organisation, Location.id))
    rows = await query
    rows.sort(key=lambda row: (name_key(row["name"]), row["id"]))
    return {row["id"]: row for row in rows}


async def _department(scope: Scope, department_id: int, locations: Mapping[int, dict]) -> dict | None:
    row = await Department.select(Department.id, Department.location).where(Department.id == department_id).first()
    if row is None or row["location"] not in locations or not scope.allows(row["location"], row["id"]):
        return None
    return row


async def categories() -> list[dict]:
    return sorted_by_name(await Category.select(Category.id, Category.name))


async def _dependent_options(scope: Scope, filters: FleetFilters, options: FleetOptions,
                             locations: Mapping[int, dict]) -> None:
    # The department list follows the chosen location; with one location in scope, that one.
    location = filters.location or (next(iter(locations)) if len(locations) == 1 else None)
    if location is not None:
        rows = await Department.select(Department.id, Department.name, Department.active).where(
            Department.location == location)
        options.departments = sorted_by_name([
            row for row in rows
            if (row["active"] or row["id"] == filters.department) and scope.allows(location, row["id"])
        ])
    if filters.category is not None:
        rows = await Subcategory.select(Subcategory.id, Subcategory.name).where(
            Subcategory.category == filters.category)
        options.subcategories = sorted_by_name(rows)
    if filters.subcategory is not None:
        rows = await ProductType.select(ProductType.id, ProductType.name, ProductType.supplier).where(
            ProductType.subcategory == filters.subcategory)
        options.types = sorted_by_name(rows)


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Alphabetical as people read it, the same on both databases: accents and case do not count."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sorted_by_name(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (name_key(row["name"]), row["id"]))
