"""The downloads of Mijn hulpmiddelen (AST-4, AST-5) as an export source: the rows are the fleet list's
own (its filters, scope and keyset order), the columns its declared ones, and the label sheet's QR codes
open each aid's object page."""

from __future__ import annotations

from collections.abc import Mapping

from portal.domain.assets.columns import FLEET_LISTING
from portal.domain.assets.filters import FleetFilters, parse_filters
from portal.domain.assets.fleet import count_fleet, describe_filters, filter_names, iterate_fleet
from portal.domain.exports.source import ExportSource, Labels, register
from portal.domain.scope import Scope
from portal.i18n import _


async def _parse(scope: Scope, params: Mapping[str, str]) -> FleetFilters:
    return (await parse_filters(scope, params)).filters


async def _describe(filters: FleetFilters) -> list[tuple[str, str]]:
    return describe_filters(filters, await filter_names(filters))


FLEET_EXPORT = register(ExportSource(
    name="fleet",
    listing=FLEET_LISTING,
    title=_("Mijn hulpmiddelen"),
    unit=_("hulpmiddelen"),
    file_stem="hulpmiddelen",
    list_route="assets:list",
    parse=_parse,
    rows=iterate_fleet,
    count=count_fleet,
    describe=_describe,
    labels=Labels(route="assets:show", parameter="object_number", key="object_number",
                  fields=("type_name", "location_name", "department_name"), title=_("Etiketten van hulpmiddelen")),
))
