"""Prices (SHOP-1): contract price before list price, VAT per rate, totals exact to the cent on both engines."""

from decimal import Decimal

from portal.domain.shop import pricing
from tests import factories, shop_factories


async def test_the_contract_price_counts_where_one_is_agreed_else_the_list_price():
    org, other = await factories.organisation(), await factories.organisation()
    bed = await shop_factories.product(list_price="1250.00", vat_rate="9.00")
    sling = await shop_factories.product(list_price="89.95")
    await shop_factories.contract_price(org, bed, "1099.50")

    mine = await pricing.prices(org.id, [bed.id, sling.id, 999_999])
    theirs = await pricing.prices(other.id, [bed.id])

    assert set(mine) == {bed.id, sling.id}
    assert (mine[bed.id].excl, mine[bed.id].contract, mine[bed.id].list_price) == (
        Decimal("1099.50"), True, Decimal("1250.00"))
    assert mine[bed.id].incl == Decimal("1198.46")  # 1099.50 × 1.09 = 1198.455, rounded half up
    assert (mine[sling.id].excl, mine[sling.id].contract, mine[sling.id].incl) == (
        Decimal("89.95"), False, Decimal("108.84"))  # 89.95 × 1.21 = 108.8395
    assert theirs[bed.id].excl == Decimal("1250.00") and not theirs[bed.id].contract


async def test_totals_add_vat_per_rate_exact_to_the_cent():
    org = await factories.organisation()
    cheap = await shop_factories.product(list_price="0.10", vat_rate="21.00")
    low = await shop_factories.product(list_price="33.33", vat_rate="9.00")
    found = await pricing.prices(org.id, [cheap.id, low.id])

    totals = pricing.totals([(found[cheap.id], 3), (found[low.id], 3)])

    assert totals.excl == Decimal("100.29")  # 0.30 + 99.99, not 100.28999…
    assert totals.vat == {Decimal("9.00"): Decimal("9.00"), Decimal("21.00"): Decimal("0.06")}
    assert totals.incl == Decimal("109.35")
    assert str(totals.incl) == "109.35"
