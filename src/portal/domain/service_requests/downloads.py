"""The downloads of Planning (PLN-1) and Mijn acties (PLN-2) as export sources: their rows are the lists'
own (filters, scope, keyset order), their columns the lists' declared ones, so the Excel and PDF hold
what the list shows and get the fleet's caps, background jobs and progress."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from datetime import date

from portal.domain.assets.fleet import filter_names
from portal.domain.exports.source import ExportSource, register
from portal.domain.scope import Scope
from portal.domain.service_requests.filters import AID_GROUP_LABELS, ACTIONS, PLANNING, RequestFilters, parse_filters
from portal.domain.service_requests.labels import SERVICE_KIND_LABELS
from portal.domain.service_requests.listing import LISTINGS, count_requests, iterate_requests
from portal.i18n import _


def _day(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else "…"


def _source(which: str, name: str, title: str, stem: str, route: str) -> ExportSource:
    listing = LISTINGS[which]

    async def parse(scope: Scope, params: Mapping[str, str]) -> RequestFilters:
        return (await parse_filters(scope, params, which, listing)).filters

    def rows(scope: Scope, filters: RequestFilters, batch_size: int) -> AsyncIterator[list[dict]]:
        return iterate_requests(scope, which, filters, batch_size)

    async def count(scope: Scope, filters: RequestFilters, cap: int) -> int:
        return await count_requests(scope, which, filters, cap)

    async def describe(filters: RequestFilters) -> list[tuple[str, str]]:
        """The filters in words, for the head of the PDF."""
        names = await filter_names(filters)  # type: ignore[arg-type]  (the same location/catalogue fields)
        out: list[tuple[str, str]] = []
        for key, label in (("location", _("Locatie")), ("department", _("Afdeling")), ("category", _("Categorie")),
                           ("subcategory", _("Subcategorie")), ("product_type", _("Type"))):
            if getattr(filters, key) is not None:
                out.append((label, names.get(key, str(getattr(filters, key)))))
        if filters.kind:
            out.append((_("Soort actie"), str(SERVICE_KIND_LABELS[filters.kind])))
        if filters.date_from or filters.date_to:
            out.append((_("Uitvoerdatum"), f"{_day(filters.date_from)} – {_day(filters.date_to)}"))
        if filters.aid_group:
            out.append((_("Status"), str(AID_GROUP_LABELS[filters.aid_group])))
        if filters.object_number:
            out.append((_("Objectnummer"), filters.object_number))
        out.append((_("Sorteren"), listing.describe_sort(filters.sort)))
        return out

    return register(ExportSource(name=name, listing=listing, title=title, unit=_("acties"), file_stem=stem,
                                 list_route=route, parse=parse, rows=rows, count=count, describe=describe))


PLANNING_EXPORT = _source(PLANNING, "planning", _("Planning"), "planning", "planning:list")
ACTIONS_EXPORT = _source(ACTIONS, "actions", _("Mijn acties"), "mijn-acties", "actions:list")
