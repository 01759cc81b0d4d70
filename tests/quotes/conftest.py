"""Set-up for the quote tests: the shop's care organisation (tests/shop/conftest.py: De Linde, the nurse of
role 2, the buyer of role 5, the administrator, another organisation), a quote factory, and the two steps of
"Offerte aanvragen" and HartingBank's answer as helpers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from portal.domain.numbering import next_number
from portal.domain.quotes import answer
from portal.domain.service_requests.execution import Staff
from portal.tables import Quote, QuoteLine
from tests.shop.conftest import DELIVERY, hidden_fields, shop, shown  # noqa: F401  (the fixture, re-used)

STAFF = Staff("staff:bart", "127.0.0.1")


async def quote(account, location, *lines: tuple[object, int, str], status: str = "sent", valid_days: int | None = 14,
                department=None, reference: str = "Kamer 2.04", created_days_ago: int = 0) -> Quote:
    """A quote of `account` with (product, quantity, unit price) lines; answered and valid by default."""
    total = sum((Decimal(price) * quantity for _product, quantity, price in lines), Decimal("0.00"))
    row = Quote(number=await next_number("quote"), organisation=account.organisation, account=account.id,
                status=status, location=location.id, department=department.id if department else None,
                report_to_name="Receptie", contact_name="Jan Balie", reference=reference, total=total,
                valid_until=date.today() + timedelta(days=valid_days) if valid_days is not None else None,
                created_at=datetime.now(timezone.utc) - timedelta(days=created_days_ago))
    await row.save()
    for product, quantity, price in lines:
        await QuoteLine(quote=row.id, product=product.id, article_number=product.article_number, name=product.name,
                        quantity=quantity, unit_price=Decimal(price), line_total=Decimal(price) * quantity).save()
    return row


async def request_step_one(client) -> str:
    page = await client.get("/offerte-aanvragen")
    assert page.status_code == 200, page.text
    return page.text


async def to_quote_review(client, fields: dict) -> tuple[int, str]:
    """Step 1 of "Offerte aanvragen" filled in and "Volgende"."""
    data = {**hidden_fields(await request_step_one(client)), **fields}
    response = await client.post("/offerte-aanvragen", data=data)
    return response.status_code, shown(response.text)


async def request_quote(client, location, department=None, **fields):
    """Both steps; answers the response of "Offerte aanvragen"."""
    status, review = await to_quote_review(client, {**DELIVERY, "location": str(location.id),
                                                    "department": str(department.id) if department else "", **fields})
    assert status == 200 and "Stap 2 van 2" in review, review
    return await client.post("/offerte-aanvragen/versturen", data=hidden_fields(review))


async def answered(number: str, prices: str, days: int = 30, note: str = "") -> Quote:
    return await answer.answer(number, prices, date.today() + timedelta(days=days), note, STAFF)
