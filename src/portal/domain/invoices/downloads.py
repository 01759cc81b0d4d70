"""The Excel and PDF of Mijn facturen (INV-1) as an export source, declared as Mijn orders' is: the rows
are the list's own (filters, scope, order), the columns its declared ones."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

from portal.domain.exports.source import ExportSource, register
from portal.domain.invoices.labels import KIND_LABELS, KIND_PARAMS, STATUS_LABELS, STATUS_PARAMS
from portal.domain.invoices.listing import INVOICES_LISTING, InvoiceFilters, count_invoices, iterate_invoices, parse_filters
from portal.domain.scope import Scope
from portal.i18n import _, format_day


async def _parse(scope: Scope, params: Mapping[str, str]) -> InvoiceFilters:
    return parse_filters(params)[0]


def _rows(scope: Scope, filters: InvoiceFilters, batch_size: int) -> AsyncIterator[list[dict]]:
    return iterate_invoices(scope, filters, batch_size)


async def _count(scope: Scope, filters: InvoiceFilters, cap: int) -> int:
    return await count_invoices(scope, filters, cap)


async def _describe(filters: InvoiceFilters) -> list[tuple[str, str]]:
    """The filters in words, for the head of the PDF."""
    out: list[tuple[str, str]] = []
    if filters.number:
        out.append((_("Documentnummer"), filters.number))
    if filters.kind:
        out.append((_("Soort"), KIND_LABELS[KIND_PARAMS[filters.kind]]))
    if filters.status:
        out.append((_("Status"), STATUS_LABELS[STATUS_PARAMS[filters.status]]))
    if filters.date_from or filters.date_to:
        out.append((_("Periode"), f"{format_day(filters.date_from) or '…'} – {format_day(filters.date_to) or '…'}"))
    out.append((_("Sorteren"), INVOICES_LISTING.describe_sort(filters.sort)))
    return out


INVOICES_EXPORT = register(ExportSource(
    name="invoices", listing=INVOICES_LISTING, title=_("Mijn facturen"), unit=_("facturen en creditnota's"),
    file_stem="mijn-facturen", list_route="invoices:list", parse=_parse, rows=_rows, count=_count,
    describe=_describe,
))
