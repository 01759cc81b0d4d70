"""Mijn facturen (INV-1): the invoices and credit notes the account sees (portal.domain.invoices.access),
filtered by kind, period (with the quick choices "Dit kwartaal", "Afgelopen kwartaal", "Dit jaar",
"Vorig jaar"), status and document number, sorted, a page at a time, with the totals of the whole
filtered selection. The downloads read the same rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from piccolo.query.functions.aggregate import Sum

from portal.db import one_connection
from portal.domain.invoices.access import normalise_number, visible_where
from portal.domain.invoices.labels import (
    KIND_LABELS,
    KIND_PARAMS,
    OPEN,
    OVERDUE,
    PAID,
    STATUS_LABELS,
    STATUS_PARAMS,
    shown_status,
)
from portal.domain.parsing import Feedback, clean_line, date_range, first
from portal.domain.scope import Scope
from portal.i18n import _, format_day, format_money, local_today
from portal.listing import CappedCount, DESKTOP, DOWNLOADS_ONLY, PAGE_PARAM, WIDE, Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.money import to_money
from portal.tables import Invoice

PAGE_SIZE = 25
# The manual's address of Mijn facturen is Mijn orders with this parameter; every link of the list keeps it.
MANUAL_PAGE = {"page": "financial"}

INVOICES_LISTING = Listing(
    id="invoices",
    caption=_("Mijn facturen"),
    columns=(
        Column("number", _("Documentnummer"), sort="documentnummer", link="invoices:document",
               link_params=(("invoice_number", "number"),), nowrap=True, width=18),
        Column("kind_label", _("Soort"), width=11),
        Column("date_label", _("Factuurdatum"), sort="datum", nowrap=True, export="invoice_date", width=12),
        Column("subject", _("Betreft"), priority=DESKTOP, width=30),
        Column("location_name", _("Locatie"), priority=WIDE, width=22),
        Column("due_label", _("Vervaldatum"), sort="vervaldatum", priority=WIDE, nowrap=True, export="due_date", width=12),
        Column("excl_label", _("Bedrag excl. btw"), priority=WIDE, nowrap=True, export="excl", width=14),
        Column("vat_label", _("Btw"), priority=DOWNLOADS_ONLY, export="vat", width=12),
        Column("total_label", _("Totaal incl. btw"), sort="bedrag", nowrap=True, export="total", width=14),
        Column("status_label", _("Status"), badge="status-badge", badge_key="status", width=11),
        Column("credited_number", _("Bij factuur"), priority=DOWNLOADS_ONLY, width=18),
    ),
    default_sort=Sort("datum", descending=True),
)
SORT_COLUMNS = {"documentnummer": Invoice.number, "datum": Invoice.invoice_date, "vervaldatum": Invoice.due_date,
                "bedrag": Invoice.total_incl_vat}


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quick_periods(today: date) -> dict[str, tuple[str, date, date]]:
    """The quick choices of the period: key -> (label, first day, last day)."""
    this_quarter = _quarter_start(today)
    last_quarter = _quarter_start(this_quarter - timedelta(days=1))
    return {
        "dit-kwartaal": (_("Dit kwartaal"), this_quarter, today),
        "afgelopen-kwartaal": (_("Afgelopen kwartaal"), last_quarter, this_quarter - timedelta(days=1)),
        "dit-jaar": (_("Dit jaar"), date(today.year, 1, 1), today),
        "vorig-jaar": (_("Vorig jaar"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }


@dataclass(frozen=True)
class InvoiceFilters:
    number: str = ""
    kind: str = ""  # "factuur" | "creditnota" | ""
    status: str = ""  # "open" | "betaald" | "vervallen" | ""
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = INVOICES_LISTING.default_sort
    page: int = 1
    today: date = field(default_factory=local_today)

    def params(self) -> dict[str, str]:
        """The filters as the list's query (without sort and page)."""
        return {"documentnummer": self.number, "soort": self.kind, "status": self.status,
                "van": self.date_from.isoformat() if self.date_from else "",
                "tot": self.date_to.isoformat() if self.date_to else ""}

    def query(self) -> dict[str, str]:
        return {**{k: v for k, v in self.params().items() if v}, **INVOICES_LISTING.sort_query(self.sort)}

    def list_query(self) -> dict[str, str]:
        """The list's own query at the manual's address."""
        return {**MANUAL_PAGE, **self.params()}

    @property
    def active_count(self) -> int:
        return sum(1 for value in self.params().values() if value)

    def period_choices(self) -> list[dict[str, Any]]:
        """Each quick choice as the filters with its period (the page makes links of them)."""
        return [{"label": label, "query": {**MANUAL_PAGE, **self.query(), "van": start.isoformat(), "tot": end.isoformat()},
                 "current": (start, end) == (self.date_from, self.date_to),
                 "dates": f"{format_day(start)} – {format_day(end)}"}
                for label, start, end in quick_periods(self.today).values()]


@dataclass
class InvoicePage(CappedCount):
    filters: InvoiceFilters
    rows: list[dict]
    total: int  # counted exactly: an organisation has thousands of invoices, not millions
    totals: SelectionTotals
    pager: Pager
    messages: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def count_cap(self) -> int:
        return self.total


def parse_filters(params: Mapping[str, Any], today: date | None = None) -> tuple[InvoiceFilters, Feedback]:
    """The filters of the URL; what is not valid is left out with a message (the list still shows)."""
    today = today or local_today()
    feedback = Feedback()
    number = normalise_number(clean_line(first(params, "documentnummer"), 40))
    start, end = date_range(params, "van", "tot", feedback)
    quick = first(params, "periode")
    if quick:
        periods = quick_periods(today)
        if quick in periods:
            _label, start, end = periods[quick]
        else:
            feedback.messages.append(_("Kies een periode uit de lijst; er is niet op periode gefilterd."))
    kind = first(params, "soort")
    if kind and kind not in KIND_PARAMS:
        feedback.messages.append(_("Kies factuur of creditnota; er is niet op soort gefilterd."))
        kind = ""
    status = first(params, "status")
    if status and status not in STATUS_PARAMS:
        feedback.messages.append(_("Kies open, betaald of vervallen; er is niet op status gefilterd."))
        status = ""
    sort, message = INVOICES_LISTING.parse_sort(first(params, INVOICES_LISTING.sort_param))
    if message:
        feedback.messages.append(message)
    page, _valid = page_number(first(params, PAGE_PARAM))
    return InvoiceFilters(number, kind, status, start, end, sort, page, today), feedback


def _where(scope: Scope, f: InvoiceFilters):
    condition = visible_where(scope)
    if f.number:
        condition &= Invoice.number.like(f"%{f.number.replace('%', '').replace('_', '')}%")
    if f.kind:
        condition &= Invoice.kind == KIND_PARAMS[f.kind]
    if f.date_from:
        condition &= Invoice.invoice_date >= f.date_from
    if f.date_to:
        condition &= Invoice.invoice_date <= f.date_to
    status = STATUS_PARAMS.get(f.status)
    if status == PAID:
        condition &= Invoice.status == PAID
    elif status == OPEN:
        condition &= (Invoice.status == OPEN) & (Invoice.due_date.is_null() | (Invoice.due_date >= f.today))
    elif status == OVERDUE:
        condition &= (Invoice.status == OPEN) & (Invoice.due_date < f.today)
    return condition


COLUMNS = (Invoice.id, Invoice.number, Invoice.kind, Invoice.invoice_date, Invoice.due_date, Invoice.status,
           Invoice.total_excl_vat, Invoice.vat, Invoice.total_incl_vat, Invoice.period_start, Invoice.period_end,
           Invoice.location.name.as_alias("location_name"), Invoice.order.number.as_alias("order_number"),
           Invoice.service_request.number.as_alias("service_number"),
           Invoice.credited_invoice.number.as_alias("credited_number"))


def _query(scope: Scope, f: InvoiceFilters):
    column = SORT_COLUMNS[f.sort.key]
    ascending = not f.sort.descending
    return Invoice.select(*COLUMNS).where(_where(scope, f)).order_by(column, ascending=ascending).order_by(
        Invoice.id, ascending=ascending)


@dataclass(frozen=True)
class SelectionTotals:
    """The sums of a filtered selection; credit notes are stored negative, so they count against it."""

    excl: Decimal
    vat: Decimal
    incl: Decimal


async def selection_totals(scope: Scope, f: InvoiceFilters) -> SelectionTotals:
    sums = await Invoice.select(Sum(Invoice.total_excl_vat, alias="excl"), Sum(Invoice.vat, alias="vat"),
                                Sum(Invoice.total_incl_vat, alias="incl")).where(_where(scope, f)).first()
    return SelectionTotals(to_money(sums["excl"]), to_money(sums["vat"]), to_money(sums["incl"]))


async def invoice_page(scope: Scope, params: Mapping[str, Any]) -> InvoicePage:
    """One page of Mijn facturen as the URL describes it."""
    f, feedback = parse_filters(params)
    async with one_connection():
        total = await Invoice.count().where(_where(scope, f))
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(f.page, pages)
        rows = await _query(scope, f).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        totals = await selection_totals(scope, f)
    label(rows, f.today)
    return InvoicePage(f, rows, total, totals, numbered_pager(page, pages), feedback.messages, feedback.raw)


def subject(row: Mapping[str, Any]) -> str:
    """What the invoice is for: its order, its service request or its rental period."""
    if row.get("order_number"):
        return _("Order %(number)s") % {"number": row["order_number"]}
    if row.get("service_number"):
        return _("Serviceaanvraag %(number)s") % {"number": row["service_number"]}
    if row.get("period_start"):
        return _("Huur %(start)s t/m %(end)s") % {"start": format_day(row["period_start"]),
                                                   "end": format_day(row["period_end"])}
    return ""


def label(rows: list[dict], today: date) -> None:
    """What the list shows of codes, amounts and dates."""
    for row in rows:
        row["excl"], row["vat"], row["total"] = (to_money(row["total_excl_vat"]), to_money(row["vat"]),
                                                 to_money(row["total_incl_vat"]))
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
        row["date_label"] = format_day(row["invoice_date"])
        row["due_label"] = format_day(row["due_date"])
        row["excl_label"], row["vat_label"] = format_money(row["excl"]), format_money(row["vat"])
        row["total_label"] = format_money(row["total"])
        row["status"] = shown_status(row["status"], row["due_date"], today)
        row["status_label"] = STATUS_LABELS[row["status"]]
        row["subject"] = subject(row)
        if row["credited_number"]:  # a credit note says which invoice it credits
            row["subject"] = " · ".join(filter(None, (_("Bij factuur %(number)s") % {"number": row["credited_number"]},
                                                      row["subject"])))
        row["location_name"] = row["location_name"] or ""
        row["credited_number"] = row["credited_number"] or ""


async def iterate_invoices(scope: Scope, f: InvoiceFilters, batch_size: int = 2000) -> AsyncIterator[list[dict]]:
    """Every row of the filtered list, in batches, in the list's order (the downloads)."""
    offset = 0
    while True:
        rows = await _query(scope, f).limit(batch_size).offset(offset)
        if not rows:
            return
        label(rows, f.today)
        yield rows
        offset += batch_size


async def count_invoices(scope: Scope, f: InvoiceFilters, cap: int) -> int:
    return min(await Invoice.count().where(_where(scope, f)), cap + 1)
