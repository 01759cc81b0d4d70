"""The filters of Planning (PLN-1) and Mijn acties (PLN-2), read from the query string in one place and
checked against the account's Scope; a value that makes no sense is dropped with a message (never an
error page). The aid's filters (location, department, object number, category, subcategory, type) and
their choices are the fleet's own (portal.domain.assets.filters), so both lists offer only what the
account may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from portal.domain.assets.filters import FleetOptions, name_key, parse_filters as parse_aid_filters
from portal.domain.parsing import Feedback, date_range, first
from portal.domain.scope import Scope
from portal.domain.service_requests.labels import SERVICE_KIND_LABELS
from portal.i18n import _
from portal.listing import Listing, Sort

PLANNING, ACTIONS = "planning", "actions"

# "Status" of Mijn acties: the actions for aids in the depot, for bought aids or for rented ones.
AID_GROUP_LABELS: dict[str, str] = {
    "depot": _("Hulpmiddelen in depot"),
    "eigendom": _("Aangeschafte hulpmiddelen"),
    "huur": _("Huurobjecten"),
}

# The query parameters each list takes from the fleet's filters.
AID_PARAMS: dict[str, tuple[str, ...]] = {
    PLANNING: ("locatie", "afdeling"),
    ACTIONS: ("locatie", "afdeling", "objectnummer", "categorie", "subcategorie", "type"),
}


@dataclass(frozen=True)
class RequestFilters:
    """The validated filters and sort of Planning or Mijn acties (each uses its own part)."""

    sort: Sort
    location: int | None = None
    department: int | None = None
    kind: str | None = None  # Planning: "soort actie"
    date_from: date | None = None  # Planning: the execution date
    date_to: date | None = None
    aid_group: str | None = None  # Mijn acties: "Status" (depot, bought, rented aids)
    object_number: str = ""
    category: int | None = None
    subcategory: int | None = None
    product_type: int | None = None

    def params(self) -> dict[str, str]:
        """The canonical query of these filters (empty ones left out, the sort not included)."""
        values = {
            "soort": self.kind, "locatie": self.location, "afdeling": self.department,
            "van": self.date_from.isoformat() if self.date_from else None,
            "tot": self.date_to.isoformat() if self.date_to else None,
            "status": self.aid_group, "objectnummer": self.object_number, "categorie": self.category,
            "subcategorie": self.subcategory, "type": self.product_type,
        }
        return {key: str(value) for key, value in values.items() if value not in (None, "")}

    def query(self) -> dict[str, str]:
        """The filters and the sort as the list's URL holds them (downloads, export jobs)."""
        return {**self.params(), "sorteren": self.sort.param}

    @property
    def active_count(self) -> int:
        return len(self.params())


@dataclass
class ParsedRequestFilters:
    filters: RequestFilters
    feedback: Feedback
    options: FleetOptions
    scope_locations: dict[int, dict]

    @property
    def messages(self) -> list[str]:
        return self.feedback.messages

    @property
    def raw(self) -> dict[str, str]:
        return self.feedback.raw


def kinds_by_label() -> list[tuple[str, str]]:
    """Every kind of action, alphabetically as people read the labels ("Soort actie")."""
    return sorted(SERVICE_KIND_LABELS.items(), key=lambda item: name_key(str(item[1])))


async def parse_filters(scope: Scope, params: Mapping[str, Any], which: str, listing: Listing) -> ParsedRequestFilters:
    """Read the list's query string: unknown or foreign values are left out with a message saying so."""
    aid = await parse_aid_filters(scope, {name: first(params, name) for name in AID_PARAMS[which]})
    feedback = aid.feedback
    say = feedback.messages.append
    kind = date_from = date_to = aid_group = None
    if which == PLANNING:
        kind = first(params, "soort") or None
        if kind is not None and kind not in SERVICE_KIND_LABELS:
            say(_("Onbekende soort actie; er is niet op soort actie gefilterd."))
            kind = None
        date_from, date_to = date_range(params, "van", "tot", feedback)
    else:
        aid_group = first(params, "status") or None
        if aid_group is not None and aid_group not in AID_GROUP_LABELS:
            say(_("Onbekende status; er is niet op status gefilterd."))
            aid_group = None
    sort, problem = listing.parse_sort(first(params, listing.sort_param))
    if problem:
        say(problem)
    a = aid.filters
    filters = RequestFilters(
        sort=sort, location=a.location, department=a.department, kind=kind, date_from=date_from, date_to=date_to,
        aid_group=aid_group, object_number=a.object_number, category=a.category, subcategory=a.subcategory,
        product_type=a.product_type,
    )
    return ParsedRequestFilters(filters, feedback, aid.options, aid.scope_locations)
