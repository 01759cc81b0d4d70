"""Mijn verzoeken: the account's own contact and appointment requests, newest first, filtered by status,
a page at a time, each with its status and HartingBank's reply; and one request's page. A request of
anyone else (a colleague, another organisation) is NotFound."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.db import one_connection
from portal.domain.contact.labels import (
    DAY_LABELS,
    REACH_LABELS,
    STATUS_LABELS,
    TIME_LABELS,
    kind_label,
    listed,
    status_label,
)
from portal.domain.errors import NotFound
from portal.domain.orders.access import normalise_number
from portal.domain.parsing import first
from portal.i18n import _, format_moment
from portal.listing import DESKTOP, PAGE_PARAM, WIDE, Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.tables import Account, ContactRequest

PAGE_SIZE = 25
STATUS_PARAM = "status"
# The filter's values in the URL, in Dutch like the other lists' filters.
STATUS_FILTERS = {"open": "open", "afgehandeld": "handled"}

REQUESTS_LISTING = Listing(
    id="requests",
    caption=_("Mijn verzoeken"),
    columns=(
        Column("number", _("Nummer"), link="requests:show", link_params=(("request_number", "number"),),
               nowrap=True),
        Column("created_label", _("Verstuurd"), sort="datum", nowrap=True),
        Column("kind_label", _("Soort"), priority=DESKTOP),
        Column("subject", _("Onderwerp")),
        Column("status_label", _("Status"), sort="status", badge="status-badge", badge_key="status"),
        Column("reply_label", _("Antwoord van HartingBank"), priority=WIDE),
        Column("details_label", _("Details"), link="requests:show", link_params=(("request_number", "number"),),
               hidden_label=True),
    ),
    default_sort=Sort("datum", descending=True),
)
SORT_COLUMNS = {"datum": ContactRequest.created_at, "status": ContactRequest.status}


@dataclass
class RequestPage:
    status: str  # the filter's value in the URL ("open", "afgehandeld" or "")
    sort: Sort
    rows: list[dict]
    total: int
    pager: Pager
    messages: list[str] = field(default_factory=list)
    total_capped = False  # an account's requests are counted exactly (portal.listing.CappedCount)

    def params(self) -> dict[str, str]:
        return {STATUS_PARAM: self.status}


def _own(account: Account):
    return (ContactRequest.account == account.id) & (ContactRequest.organisation == account.organisation)


def _label(row: dict) -> dict:
    row["created_label"] = format_moment(row["created_at"])
    row["kind_label"] = kind_label(row["kind"])
    row["status_label"] = status_label(row["status"])
    reply = (row["reply"] or "").strip()
    row["reply_label"] = (reply[:117] + "…" if len(reply) > 120 else reply).replace("\n", " ")
    row["details_label"] = _("Bekijk details")
    return row


async def request_page(account: Account, params: Mapping[str, Any]) -> RequestPage:
    """One page of Mijn verzoeken as the URL describes it; a filter or sort that makes no sense is left
    out with a message."""
    messages: list[str] = []
    status = first(params, STATUS_PARAM)
    if status and status not in STATUS_FILTERS:
        messages.append(_("Kies open of afgehandeld; er is niet op status gefilterd."))
        status = ""
    sort, message = REQUESTS_LISTING.parse_sort(first(params, REQUESTS_LISTING.sort_param))
    if message:
        messages.append(message)
    wanted, _valid = page_number(first(params, PAGE_PARAM))
    condition = _own(account)
    if status:
        condition &= ContactRequest.status == STATUS_FILTERS[status]
    async with one_connection():
        total = await ContactRequest.count().where(condition)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(wanted, pages)
        rows = await ContactRequest.select(
            ContactRequest.id, ContactRequest.number, ContactRequest.created_at, ContactRequest.kind,
            ContactRequest.subject, ContactRequest.status, ContactRequest.reply,
        ).where(condition).order_by(SORT_COLUMNS[sort.key], ascending=not sort.descending).order_by(
            ContactRequest.id, ascending=not sort.descending).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    return RequestPage(status, sort, [_label(row) for row in rows], total, numbered_pager(page, pages), messages)


async def request_for(account: Account, number: str) -> dict:
    """One of the account's own requests with everything it says, for its page."""
    clean = normalise_number(number)
    row = await ContactRequest.select(
        *ContactRequest.all_columns(), ContactRequest.product.name.as_alias("product_name"),
        ContactRequest.product.article_number.as_alias("product_article_number"),
        ContactRequest.product.purchasable.as_alias("product_purchasable"),
        ContactRequest.product.rentable.as_alias("product_rentable"),
    ).where(_own(account) & (ContactRequest.number == clean)).first() if clean else None
    if row is None:
        raise NotFound(number)
    row["reach_label"] = REACH_LABELS.get(row["reach_by"], "")
    row["days_label"] = listed(row["preferred_days"], DAY_LABELS)
    row["times_label"] = listed(row["preferred_times"], TIME_LABELS)
    row["handled_label"] = format_moment(row["handled_at"])
    return _label(row)


STATUS_CHOICES = [(key, STATUS_LABELS[value]) for key, value in STATUS_FILTERS.items()]
