"""The records a conversation can be about, each with its own access rule (no new rule here): an order
through domain/orders/access.py, a quote through domain/quotes/access.py, a service request through the
request's scope rule. Adding a kind is one entry in KINDS and the thread partial on its page (see controllers/conversations.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from piccolo.table import Table

from portal.domain.orders.access import get_order_for
from portal.domain.quotes.access import get_quote_for
from portal.domain.scope import Scope
from portal.domain.service_requests.details import get_request_for
from portal.i18n import _
from portal.rights import Right
from portal.tables import Account, Order, Quote, ServiceRequest


@dataclass(frozen=True)
class Record:
    """What a thread needs of the record it is about."""

    kind: str
    id: int
    organisation_id: int
    number: str
    requester_id: int | None


@dataclass(frozen=True)
class RecordKind:
    kind: str
    label: str  # "Order", as in "Gesprek over order ORD-…"
    table: type[Table]  # has `number` and `organisation`
    requester: str  # the table's column of the account who asked for the record (told of staff messages)
    route: str  # the record's page (the thread is on it)
    param: str  # that page's path parameter: the record's number
    path: str  # where the thread's routes live, beside the record's page
    rights: tuple[Right, ...]  # the rights of the record's page
    find: Callable[[Account, Scope, str], Awaitable[Record]]  # the record's access rule; NotFound otherwise


async def _order(account: Account, scope: Scope, number: str) -> Record:
    order = await get_order_for(account, scope, number)
    return Record("order", order.id, order.organisation, order.number, order.account)


async def _quote(account: Account, scope: Scope, number: str) -> Record:
    quote = await get_quote_for(account, scope, number)
    return Record("quote", quote.id, quote.organisation, quote.number, quote.account)


async def _service_request(account: Account, scope: Scope, number: str) -> Record:
    request = await get_request_for(scope, number, decider=account)
    return Record("service_request", request.id, request.organisation, request.number, request.requester)


KINDS: dict[str, RecordKind] = {
    "order": RecordKind("order", _("Order"), Order, "account", "orders:show", "order_number",
                        "/profile/orders/{order_number:str}", (Right.VIEW_ORDERS, Right.VIEW_SERVICE_ORDERS), _order),
    "quote": RecordKind("quote", _("Offerte"), Quote, "account", "quotes:show", "quote_number",
                        "/profile/quotes/{quote_number:str}", (Right.QUOTES,), _quote),
    "service_request": RecordKind("service_request", _("Aanvraag"), ServiceRequest, "requester", "actions:show",
                                  "number", "/acties/{number:str}", (Right.VIEW_FLEET,), _service_request),
}


async def record_number(kind: str, record_id: int | None) -> str:
    """The number people know a record by (staff see it above the thread); '' when it is gone."""
    record_kind = KINDS.get(kind)
    if record_kind is None or record_id is None:
        return ""
    table = record_kind.table
    row = await table.select(table.number).where(table.id == record_id).first()  # type: ignore[attr-defined]
    return row["number"] if row else ""
