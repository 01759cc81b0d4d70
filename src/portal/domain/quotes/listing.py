"""Mijn offertes (SHOP-9): the account's quotes (portal.domain.quotes.access decides which), filtered by
quote number and period, newest first, a page at a time; each row with what was entered at the request
(reference, location, requested delivery date, message) and the status and validity HartingBank gave."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from portal.db import one_connection
from portal.domain.orders.listing import number_and_period
from portal.domain.parsing import Feedback, clean_line, date_range, first
from portal.domain.quotes import access
from portal.domain.quotes.labels import shown_status, status_label
from portal.domain.scope import Scope
from portal.i18n import TIMEZONE, _, format_day, format_money
from portal.listing import DESKTOP, PAGE_PARAM, WIDE, Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.tables import Account, Quote

PAGE_SIZE = 25
MESSAGE_SHOWN = 80

QUOTES_LISTING = Listing(
    id="quotes",
    caption=_("Mijn offertes"),
    columns=(
        Column("number", _("Offertenummer"), sort="offertenummer", link="quotes:show",
               link_params=(("quote_number", "number"),), nowrap=True),
        Column("created_label", _("Aangevraagd op"), sort="datum", nowrap=True),
        Column("reference", _("Referentie")),
        Column("status_label", _("Status"), sort="status", badge="status-badge", badge_key="status"),
        Column("valid_label", _("Geldig tot"), sort="geldig", nowrap=True, priority=DESKTOP),
        Column("total_label", _("Totaal (excl. btw)"), sort="totaal", nowrap=True, priority=DESKTOP),
        Column("location_name", _("Locatie"), priority=DESKTOP),
        Column("requested_label", _("Gevraagde afleverdatum"), nowrap=True, priority=WIDE),
        Column("message_label", _("Bericht"), priority=WIDE),
        Column("details_label", _("Details"), link="quotes:show", link_params=(("quote_number", "number"),),
               hidden_label=True),
    ),
    default_sort=Sort("datum", descending=True),
)
SORT_COLUMNS = {"offertenummer": Quote.number, "datum": Quote.created_at, "status": Quote.status,
                "geldig": Quote.valid_until, "totaal": Quote.total}


@dataclass(frozen=True)
class QuoteFilters:
    number: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = QUOTES_LISTING.default_sort
    page: int = 1

    def params(self) -> dict[str, str]:
        """The filters as the list's query (without sort and page)."""
        return {"offertenummer": self.number, "van": self.date_from.isoformat() if self.date_from else "",
                "tot": self.date_to.isoformat() if self.date_to else ""}

    @property
    def active_count(self) -> int:
        return sum(1 for value in self.params().values() if value)


@dataclass
class QuotePage:
    total_capped = False  # counted exactly (an account's own; portal.listing.CappedCount)
    filters: QuoteFilters
    rows: list[dict]
    total: int
    pager: Pager
    messages: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)


def parse_filters(params: Mapping[str, Any]) -> tuple[QuoteFilters, Feedback]:
    """The filters of the URL; what is not valid is left out with a message."""
    feedback = Feedback()
    number = access.normalise_number(clean_line(first(params, "offertenummer"), 40))
    start, end = date_range(params, "van", "tot", feedback)
    sort, message = QUOTES_LISTING.parse_sort(first(params, QUOTES_LISTING.sort_param))
    if message:
        feedback.messages.append(message)
    page, _valid = page_number(first(params, PAGE_PARAM))
    return QuoteFilters(number, start, end, sort, page), feedback


def _where(account: Account, scope: Scope, f: QuoteFilters):
    return number_and_period(access.visible_where(account, scope), Quote.number, Quote.created_at, f.number,
                             f.date_from, f.date_to)


COLUMNS = (Quote.id, Quote.number, Quote.created_at, Quote.reference, Quote.status, Quote.valid_until, Quote.total,
           Quote.requested_delivery_date, Quote.message, Quote.location.name.as_alias("location_name"))


def label(rows: list[dict]) -> None:
    """The row's values as Mijn offertes (and the dashboard) shows them; "Verlopen" as of today."""
    today = datetime.now(TIMEZONE).date()
    for row in rows:
        row["status"] = shown_status(row["status"], row["valid_until"], today)
        row["status_label"] = status_label(row["status"])
        row["created_label"] = format_day(row["created_at"])
        row["valid_label"] = format_day(row["valid_until"])
        row["total_label"] = format_money(row["total"])
        row["requested_label"] = format_day(row.get("requested_delivery_date"))
        message = (row.get("message") or "").splitlines()[0] if row.get("message") else ""
        row["message_label"] = message[:MESSAGE_SHOWN] + ("…" if len(message) > MESSAGE_SHOWN else "")
        row["reference"] = row["reference"] or ""
        row["details_label"] = _("Bekijk details")


async def quote_page(account: Account, scope: Scope, params: Mapping[str, Any]) -> QuotePage:
    """One page of Mijn offertes as the URL describes it."""
    f, feedback = parse_filters(params)
    column = SORT_COLUMNS[f.sort.key]
    async with one_connection():
        total = await Quote.count().where(_where(account, scope, f))
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(f.page, pages)
        rows = await Quote.select(*COLUMNS).where(_where(account, scope, f)).order_by(
            column, ascending=not f.sort.descending).order_by(Quote.id, ascending=not f.sort.descending).limit(
            PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    label(rows)
    return QuotePage(f, rows, total, numbered_pager(page, pages), feedback.messages, feedback.raw)
