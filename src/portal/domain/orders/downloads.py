"""The Excel and PDF of Mijn orders (SHOP-8) as an export source, declared as Planning's is: the rows are
the list's own (filters, the account's orders, its order), the columns its declared ones."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

from portal.domain.exports.source import ExportSource, register
from portal.domain.orders.listing import KINDS, ORDERS_LISTING, OrderFilters, count_orders, iterate_orders, parse_filters
from portal.domain.orders.labels import ORDER_KIND_LABELS
from portal.domain.scope import Scope
from portal.i18n import _, format_day


async def _parse(scope: Scope, params: Mapping[str, str]) -> OrderFilters:
    return parse_filters(params)[0]


def _rows(scope: Scope, filters: OrderFilters, batch_size: int) -> AsyncIterator[list[dict]]:
    return iterate_orders(scope, filters, batch_size)


async def _count(scope: Scope, filters: OrderFilters, cap: int) -> int:
    return await count_orders(scope, filters, cap)


async def _describe(filters: OrderFilters) -> list[tuple[str, str]]:
    """The filters in words, for the head of the PDF."""
    out: list[tuple[str, str]] = []
    if filters.number:
        out.append((_("Ordernummer"), filters.number))
    if filters.date_from or filters.date_to:
        out.append((_("Periode"), f"{format_day(filters.date_from) or '…'} – {format_day(filters.date_to) or '…'}"))
    if filters.kind:
        out.append((_("Soort"), ORDER_KIND_LABELS[KINDS[filters.kind]]))
    out.append((_("Sorteren"), ORDERS_LISTING.describe_sort(filters.sort)))
    return out


ORDERS_EXPORT = register(ExportSource(
    name="orders", listing=ORDERS_LISTING, title=_("Mijn orders"), unit=_("orders"), file_stem="mijn-orders",
    list_route="orders:list", parse=_parse, rows=_rows, count=_count, describe=_describe,
))
