"""A few demo quotes of the role-2 demo login (SHOP-9), one of each kind the pages show: requested (waiting
for HartingBank), answered and valid (ready for "Bestellen"), expired ("Opnieuw aanvragen") and ordered
(with the order that came from it). Run after the bulk seed, through the portal's own numbering."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from portal.domain.numbering import next_number
from portal.domain.orders.trail import record_step
from portal.money import to_money
from portal.tables import Account, AccountLocation, Order, OrderLine, Product, Quote, QuoteLine

REQUESTER = "rol2@"  # the demo login of role 2 (portal.seed.demo.ACCOUNTS)
# (status, days ago requested, validity in days from today (None: not answered), reference, discount %)
PLANS = (
    ("requested", 1, None, "Inrichting nieuwe zorgkamer 1.14", 0),
    ("sent", 6, 24, "Vervanging bedden 2e verdieping", 8),
    ("sent", 70, -10, "Douchestoelen afdeling Oost", 5),
    ("ordered", 40, 20, "Tilliften revalidatie", 10),
)


async def add_demo_quotes() -> int:
    """The demo quotes; none when the role-2 demo login is not there. Answers how many were made."""
    account = await Account.objects().where(Account.email.like(f"{REQUESTER}%")).order_by(Account.id).first()
    if account is None:
        return 0
    place = await AccountLocation.select(AccountLocation.location).where(
        AccountLocation.account == account.id).order_by(AccountLocation.id).first()
    products = await Product.select(Product.id, Product.article_number, Product.name, Product.list_price).where(
        (Product.active == True) & (Product.purchasable == True)).order_by(Product.article_number).limit(12)  # noqa: E712
    if place is None or len(products) < 12:
        return 0
    now = datetime.now(timezone.utc)
    for index, (status, days_ago, valid_days, reference, discount) in enumerate(PLANS):
        created = now - timedelta(days=days_ago)
        chosen = products[index * 3:index * 3 + 3]
        factor = (Decimal(100) - discount) / Decimal(100)
        priced = [(product, 2 + position, to_money(Decimal(str(product["list_price"])) * factor))
                  for position, product in enumerate(chosen)]
        total = sum((price * quantity for _product, quantity, price in priced), Decimal("0.00"))
        quote = Quote(number=await next_number("quote"), organisation=account.organisation, account=account.id,
                      status=status, location=place["location"], report_to_name=account.name,
                      contact_name=account.name, reference=reference, total=total, created_at=created,
                      requested_delivery_date=date.today() + timedelta(days=30),
                      valid_until=date.today() + timedelta(days=valid_days) if valid_days is not None else None,
                      answered_at=created + timedelta(days=1) if valid_days is not None else None,
                      staff_note="Prijzen inclusief levering en montage." if valid_days is not None else "")
        await quote.save()
        await QuoteLine.insert(*(
            QuoteLine(quote=quote.id, product=product["id"], article_number=product["article_number"],
                      name=product["name"], quantity=quantity, unit_price=price, line_total=price * quantity)
            for product, quantity, price in priced))
        if status == "ordered":
            await _order_of(account, quote, priced, created + timedelta(days=3))
    return len(PLANS)


async def _order_of(account: Account, quote: Quote, priced: list, at: datetime) -> None:
    order = Order(number=await next_number("order"), organisation=account.organisation, account=account.id,
                  kind="purchase", status="submitted", location=quote.location, report_to_name=account.name,
                  contact_name=account.name, reference=quote.reference, total=quote.total, created_at=at,
                  quote=quote.id)
    await order.save()
    await OrderLine.insert(*(
        OrderLine(order=order.id, product=product["id"], article_number=product["article_number"], name=product["name"],
                  quantity=quantity, unit_price=price, line_total=price * quantity)
        for product, quantity, price in priced))
    await record_step(order, "submitted", by=account, at=at)
