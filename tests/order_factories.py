"""Factories for orders and order templates (next to tests/shop_factories.py)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from portal.tables import (
    Account,
    BudgetTier,
    Department,
    Location,
    Order,
    OrderEvent,
    OrderLine,
    OrderTemplate,
    OrderTemplateLine,
    Product,
    ServiceRequest,
)
from tests import shop_factories

_counter = itertools.count(1)


async def order(account: Account | None, location: Location, *, department: Department | None = None,
                status: str = "submitted", kind: str = "purchase", lines: list[tuple[Product, int]] | None = None,
                reference: str = "", created_at: datetime | None = None, number: str | None = None,
                service_request: ServiceRequest | None = None, organisation_id: int | None = None) -> Order:
    n = next(_counter)
    created = created_at or datetime.now(timezone.utc) - timedelta(hours=n)
    if lines is None:
        lines = [(await shop_factories.product(), 1)]
    total = sum((Decimal(str(p.list_price)) * q for p, q in lines), Decimal("0.00"))
    row = Order(number=number or f"ORD-2026-{900000 + n:06d}", organisation=organisation_id or account.organisation,
                account=account.id if account else None, kind=kind, status=status, location=location.id,
                department=department.id if department else None, report_to_name="Receptie", contact_name="Balie",
                reference=reference, total=total, created_at=created,
                service_request=service_request.id if service_request else None)
    await row.save()
    for product, quantity in lines:
        price = Decimal(str(product.list_price))
        await OrderLine(order=row.id, product=product.id, article_number=product.article_number, name=product.name,
                        quantity=quantity, unit_price=price, line_total=price * quantity).save()
    await OrderEvent(order=row.id, status=status, at=created, by_label=account.name if account else "").save()
    return row


async def template(account: Account, name: str = "Weekbestelling", lines: list[tuple[Product, int]] = ()) -> OrderTemplate:
    row = OrderTemplate(account=account.id, name=name, created_at=datetime.now(timezone.utc))
    await row.save()
    for product, quantity in lines:
        await OrderTemplateLine(template=row.id, product=product.id, quantity=quantity).save()
    return row


async def budget(account: Account, *tiers: tuple[str, Account]) -> None:
    """Budget tiers for the account: (from amount, authoriser)."""
    await Account.update({Account.has_budget_limit: True}).where(Account.id == account.id)
    account.has_budget_limit = True
    for amount, authoriser in tiers:
        await BudgetTier(account=account.id, from_amount=Decimal(amount), authoriser=authoriser.id).save()
