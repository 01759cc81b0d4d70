"""Money is exact on both engines (DESIGN: Decimal, euros with two places)."""

from datetime import datetime, timezone
from decimal import Decimal

from portal.money import money_sum, parse_money, to_money
from portal.tables import Order, OrderLine
from tests import factories


async def test_amounts_come_back_exact_and_add_up_to_the_cent():
    org = await factories.organisation()
    loc = await factories.location(org)
    order = Order(number="ORD-2026-000001", organisation=org.id, kind="purchase", status="submitted",
                  location=loc.id, total=Decimal("0.30"), created_at=datetime.now(timezone.utc))
    await order.save()
    for _ in range(3):
        await OrderLine(order=order.id, article_number="A1", name="Tilband", quantity=1,
                        unit_price=Decimal("0.10"), line_total=Decimal("0.10")).save()
    await OrderLine(order=order.id, article_number="A2", name="Hoog-laagbed", quantity=1,
                    unit_price=Decimal("1234567.89"), line_total=Decimal("1234567.89")).save()

    rows = await OrderLine.select(OrderLine.line_total).where(OrderLine.order == order.id)
    total = money_sum(row["line_total"] for row in rows)
    assert total == Decimal("1234568.19")
    assert str(total) == "1234568.19"
    stored = await Order.select(Order.total).where(Order.id == order.id).first()
    assert to_money(stored["total"]) == Decimal("0.30")


def test_dutch_amounts_are_parsed_and_nonsense_is_refused():
    assert parse_money("1.250,50") == Decimal("1250.50")
    assert parse_money("€ 12") == Decimal("12.00")
    assert parse_money("99.5") == Decimal("99.50")
    assert parse_money("2.500") == Decimal("2500.00")  # a Dutch thousands separator, not 2.50
    assert parse_money("1.000.000") == Decimal("1000000.00")
    assert parse_money("twaalf") is None
    assert parse_money("") is None
