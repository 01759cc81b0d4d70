"""The basket kernel (SHOP-4): quantities add up, unsold products are refused, foreign lines are NotFound."""

from decimal import Decimal

import pytest

from portal.domain.errors import NotFound
from portal.domain.parsing import MAX_QUANTITY, parse_quantity
from portal.domain.shop import basket
from tests import factories, shop_factories


async def _people():
    org = await factories.organisation()
    loc = await factories.location(org)
    return (await factories.account(org, role="2", locations=[loc]),
            await factories.account(org, role="2", locations=[loc]), org)


async def test_adding_twice_adds_up_and_the_totals_use_todays_contract_price():
    me, _other, org = await _people()
    bed = await shop_factories.product(list_price="1000.00", vat_rate="9.00")
    await shop_factories.contract_price(org, bed, "900.00")

    await basket.add(me, [(bed.id, 2)])
    result = await basket.add(me, [(bed.id, 3)])
    found = await basket.contents(me)

    assert result.added == {bed.id: 5}
    assert [(line.product_id, line.quantity, line.total) for line in found.lines] == [(bed.id, 5, Decimal("4500.00"))]
    assert (found.totals.excl, found.totals.incl, found.count) == (Decimal("4500.00"), Decimal("4905.00"), 5)
    assert await basket.count(me.id) == 5


async def test_unsold_and_unknown_products_are_refused_and_quantities_capped():
    me, _other, _org = await _people()
    gone = await shop_factories.product(active=False)
    rent_only = await shop_factories.product(purchasable=False, rentable=True)
    sling = await shop_factories.product()

    result = await basket.add(me, [(gone.id, 1), (rent_only.id, 1), (999_999, 1), (sling.id, MAX_QUANTITY),
                                   (sling.id, 1)])

    assert set(result.refused) == {gone.id, rent_only.id, 999_999}
    assert result.added == {sling.id: MAX_QUANTITY} and result.capped == {sling.id}
    assert [line.product_id for line in (await basket.contents(me)).lines] == [sling.id]


async def test_another_accounts_line_is_not_found_and_stays():
    me, other, _org = await _people()
    sling = await shop_factories.product()
    await basket.add(other, [(sling.id, 1)])
    line = (await basket.contents(other)).lines[0]
    await basket.add(me, [(sling.id, 1)])

    with pytest.raises(NotFound):
        await basket.remove(me, line.id)
    with pytest.raises(NotFound):
        await basket.set_quantity(me, line.id, 4)
    assert (await basket.contents(other)).lines[0].quantity == 1


@pytest.mark.parametrize("typed", ["0", "-1", "1.5", "2,5", "1000000000", "tien", "", " ", "١٢"])
def test_a_quantity_is_a_whole_number_from_one(typed):
    assert parse_quantity(typed) is None


def test_a_quantity_as_typed():
    assert (parse_quantity(" 12 "), parse_quantity("9999"), parse_quantity(3)) == (12, 9999, 3)
