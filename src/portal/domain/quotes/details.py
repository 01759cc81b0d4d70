"""One quote as the customer sees it (SHOP-9 "Bekijk details"): all its articles, with HartingBank's prices
once answered, the status, the validity date and HartingBank's note, and what may be done now:
"Bestellen" while valid, "Opnieuw aanvragen" once expired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.db import one_connection
from portal.domain.quotes.access import get_quote_for
from portal.domain.quotes.labels import ANSWERED, EXPIRED, ORDERED, REQUESTED, shown_status, status_label
from portal.domain.scope import Scope
from portal.i18n import TIMEZONE
from portal.tables import Account, Department, Location, Order, Quote, QuoteLine


@dataclass
class QuoteDetails:
    quote: Quote
    status: str  # as shown today: expired is worked out from the validity date
    status_label: str
    lines: list[dict]
    location_name: str
    department_name: str
    requester_name: str
    order_number: str  # the order placed from it, once ordered

    @property
    def answered(self) -> bool:
        return self.status in (ANSWERED, ORDERED, EXPIRED)

    @property
    def may_order(self) -> bool:
        return self.status == ANSWERED

    @property
    def may_request_again(self) -> bool:
        return self.status == EXPIRED

    @property
    def waiting(self) -> bool:
        return self.status == REQUESTED


async def quote_details(account: Account, scope: Scope, number: str) -> QuoteDetails:
    """The quote with this number (one the account may see, else NotFound) with all it shows."""
    async with one_connection():
        quote = await get_quote_for(account, scope, number)
        lines = await QuoteLine.select().where(QuoteLine.quote == quote.id).order_by(QuoteLine.id)
        location = await Location.select(Location.name).where(Location.id == quote.location).first()
        department = await Department.select(Department.name).where(Department.id == quote.department).first() \
            if quote.department else None
        requester = await Account.select(Account.name).where(Account.id == quote.account).first() if quote.account else None
        order = await Order.select(Order.number).where(Order.quote == quote.id).first()
    status = shown_status(quote.status, quote.valid_until, datetime.now(TIMEZONE).date())
    return QuoteDetails(quote, status, status_label(status), lines, location["name"] if location else "",
                        department["name"] if department else "", requester["name"] if requester else "",
                        order["number"] if order else "")
