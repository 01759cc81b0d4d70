"""Mijn hulpmiddelen (AST-1…6): the fleet list with its filters, sorting and paging, the object page and
its history. Every query here is narrowed by the account's Scope.

filters   the filters of the list and the choices the filter form offers
columns   the list's columns, declared once (table, sort links, downloads)
keyset    the query: keyset paging by segments, flat at a million aids
fleet     one page of the list, every row of it for the downloads, the filters in words
downloads the list as an export source (Excel, PDF, labels)
detail    the object page
history   the aid's timeline and one request of it
rent      what a rented aid costs so far, or in all once its rental ended
"""

from portal.domain.assets.columns import FLEET_LISTING
from portal.domain.assets.downloads import FLEET_EXPORT
from portal.domain.assets.detail import AssetDetails, asset_details, get_asset_for, requestable_actions
from portal.domain.assets.filters import (
    ASSET_STATUS_LABELS,
    DEPENDENTS,
    OWNERSHIP_LABELS,
    FleetFilters,
    FleetOptions,
    ParsedFilters,
    normalise_object_number,
    parse_filters,
    without_dependents,
)
from portal.domain.assets.fleet import (
    COUNT_CAP,
    PAGE_SIZE,
    FleetPage,
    count_fleet,
    describe_filters,
    filter_names,
    fleet_page,
    iterate_fleet,
)
from portal.domain.assets.history import (
    HISTORY_LISTING,
    History,
    HistoryFilters,
    asset_history,
    parse_history_filters,
)
from portal.domain.assets.inspections import INSPECTION_FILTER_LABELS
from portal.domain.assets.keyset import Cursor

__all__ = [
    "ASSET_STATUS_LABELS", "INSPECTION_FILTER_LABELS", "COUNT_CAP", "DEPENDENTS", "FLEET_EXPORT", "FLEET_LISTING",
    "HISTORY_LISTING", "OWNERSHIP_LABELS",
    "PAGE_SIZE", "AssetDetails", "Cursor", "FleetFilters", "FleetOptions", "FleetPage", "History",
    "HistoryFilters", "ParsedFilters", "asset_details", "asset_history", "count_fleet",
    "describe_filters", "filter_names", "fleet_page", "get_asset_for", "iterate_fleet",
    "normalise_object_number", "parse_filters", "parse_history_filters", "requestable_actions",
    "without_dependents",
]
