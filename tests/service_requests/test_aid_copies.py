"""The aid's catalogue row and ownership on each of its requests (Planning and Mijn acties filter and sort
on them by index): the database fills them however a request is stored, and follows a change of the aid."""

from portal.tables import Asset, ServiceRequest
from tests import asset_factories, factories


async def _copies(request_id: int) -> tuple:
    row = await ServiceRequest.select(
        ServiceRequest.aid_category, ServiceRequest.aid_subcategory, ServiceRequest.aid_type,
        ServiceRequest.aid_ownership,
    ).where(ServiceRequest.id == request_id).first()
    return row["aid_category"], row["aid_subcategory"], row["aid_type"], row["aid_ownership"]


async def test_a_stored_request_carries_its_aids_catalogue_row_and_ownership():
    org = await factories.organisation()
    loc = await factories.location(org)
    cat = await asset_factories.catalogue()
    bed = await asset_factories.asset(org, loc, cat["sb755"], ownership="rented")
    hoist = await asset_factories.asset(org, loc, cat["birdie"])

    on_bed = await asset_factories.service_request(bed)
    on_hoist = await asset_factories.service_request(hoist, "inspection")

    assert await _copies(on_bed.id) == (cat["beds"].id, cat["bed_electric"].id, cat["sb755"].id, "rented")
    assert await _copies(on_hoist.id) == (cat["hoists"].id, cat["hoist_mobile"].id, cat["birdie"].id, "owned")


async def test_a_corrected_aid_corrects_its_requests_and_no_others():
    org = await factories.organisation()
    loc = await factories.location(org)
    cat = await asset_factories.catalogue()
    bed = await asset_factories.asset(org, loc, cat["sb755"])
    other = await asset_factories.asset(org, loc, cat["sb755"])
    first, second = await asset_factories.service_request(bed), await asset_factories.service_request(bed, "cleaning")
    untouched = await asset_factories.service_request(other)

    # Staff correct the aid in /admin: it is a low bed of another type.
    await Asset.update({Asset.subcategory: cat["bed_low"].id, Asset.product_type: cat["lowbed"].id}).where(
        Asset.id == bed.id)

    expected = (cat["beds"].id, cat["bed_low"].id, cat["lowbed"].id, "owned")
    assert await _copies(first.id) == expected and await _copies(second.id) == expected
    assert await _copies(untouched.id) == (cat["beds"].id, cat["bed_electric"].id, cat["sb755"].id, "owned")
