""""Historie inzien" (AST-6): one timeline of every request and maintenance on an aid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from portal.db import one_connection
from portal.domain.parsing import Feedback, date_range, first
from portal.domain.scope import Scope
from portal.domain.service_requests import SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS
from portal.i18n import TIMEZONE, _, format_day
from portal.listing import Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.tables import Asset, ServiceRequest

HISTORY_PAGE_SIZE = 50

HISTORY_LISTING = Listing(
    id="history-body",
    caption=_("Historie van het hulpmiddel"),
    columns=(
        Column("number", _("Ordernummer"), link="assets:history_request", nowrap=True),
        Column("kind_label", _("Soort")),
        Column("status_label", _("Status")),
        Column("requested_label", _("Aanvraagdatum"), nowrap=True),
        Column("executed_label", _("Uitvoerdatum"), nowrap=True),
    ),
    default_sort=Sort("nieuwste", descending=True),
    sorts={"nieuwste": _("Aanvraagdatum")},
)


@dataclass(frozen=True)
class HistoryFilters:
    period_from: date | None = None
    period_to: date | None = None
    kind: str | None = None
    page: int = 1

    def params(self) -> dict[str, str]:
        values = {"van": self.period_from.isoformat() if self.period_from else None,
                  "tot": self.period_to.isoformat() if self.period_to else None, "soort": self.kind}
        return {key: value for key, value in values.items() if value}

    @property
    def is_filtered(self) -> bool:
        return bool(self.params())


@dataclass
class History:
    filters: HistoryFilters
    messages: list[str]
    raw: dict[str, str]
    rows: list[dict]
    pager: Pager


def parse_history_filters(params: Mapping[str, Any]) -> tuple[HistoryFilters, Feedback]:
    feedback = Feedback()
    start, end = date_range(params, "van", "tot", feedback)
    kind = first(params, "soort") or None
    if kind is not None and kind not in SERVICE_KIND_LABELS:
        feedback.messages.append(_("Onbekende soort actie; er is niet op soort gefilterd."))
        kind = None
    page, valid = page_number(first(params, "pagina"))
    if not valid:
        feedback.messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))
    return HistoryFilters(start, end, kind, page), feedback


async def asset_history(scope: Scope, asset: Asset, params: Mapping[str, Any]) -> History:
    """"Historie inzien" (AST-6): one timeline of every request and maintenance on the aid, newest
    first, filtered by period (request date) and kind."""
    filters, feedback = parse_history_filters(params)
    condition = (ServiceRequest.asset == asset.id) & (ServiceRequest.organisation == scope.organisation_id)
    if filters.kind:
        condition &= ServiceRequest.kind == filters.kind
    if filters.period_from:
        condition &= ServiceRequest.created_at >= _start_of(filters.period_from)
    if filters.period_to:
        condition &= ServiceRequest.created_at < _start_of(filters.period_to + timedelta(days=1))
    async with one_connection():
        total = await ServiceRequest.count().where(condition)
        pages = max(1, -(-total // HISTORY_PAGE_SIZE))
        if filters.page > pages:
            feedback.messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))
            filters = replace(filters, page=1)
        rows = await ServiceRequest.select(
            ServiceRequest.id, ServiceRequest.number, ServiceRequest.kind, ServiceRequest.status,
            ServiceRequest.created_at, ServiceRequest.planned_date, ServiceRequest.executed_date,
        ).where(condition).order_by(ServiceRequest.created_at, ascending=False).order_by(
            ServiceRequest.id, ascending=False).limit(HISTORY_PAGE_SIZE).offset((filters.page - 1) * HISTORY_PAGE_SIZE)
    for row in rows:
        row["kind_label"] = SERVICE_KIND_LABELS.get(row["kind"], row["kind"])
        row["status_label"] = SERVICE_STATUS_LABELS.get(row["status"], row["status"])
        row["requested_label"] = format_day(row["created_at"])
        executed = row["executed_date"] or row["planned_date"]
        row["executed_label"] = format_day(executed) if executed else ""
    pager = numbered_pager(filters.page, pages, labels=(_("Nieuwste"), _("Nieuwere"), _("Oudere"), _("Oudste")))
    return History(filters, feedback.messages, feedback.raw, rows, pager)


def _start_of(day: date) -> datetime:
    """Midnight in the Netherlands, for a period of whole days as the user means them."""
    return datetime(day.year, day.month, day.day, tzinfo=TIMEZONE)
