"""Location requests (ADM-4, ADM-5): "Wijzig" per location in "Toegewezen locaties" opens
"Locatiewijzigingsverzoek" ("Wijzig locatie", "Verwijder locatie"); a new location is requested with name,
address and city. The administrator and role 1 may; staff carry a request out, after which every account
sees the new data; the requester follows the status."""

from __future__ import annotations

import argparse

import pytest

from portal import cli
from portal.domain import location_requests
from portal.tables import AuditEvent, Location, LocationRequest
from tests import factories
from tests.helpers import login, post_form

REQUESTS = "/mijn-account/locaties/verzoeken"


def change_url(location) -> str:
    return f"/mijn-account/locaties/{location.id}/wijzigen"


async def setup():
    org = await factories.organisation()
    linde = await factories.location(org, name="Zorgcentrum De Linde", city="Utrecht")
    baken = await factories.location(org, name="Verpleeghuis Het Baken", city="Zeist")
    admin = await factories.account(org, "admin", name="Anja Administrator")
    manager = await factories.account(org, "1", name="Bert Bakker", locations=[linde])
    carer = await factories.account(org, "4", name="Kees Verzorger", locations=[linde, baken])
    return org, linde, baken, admin, manager, carer


NEW_ADDRESS = {"name": "Zorgcentrum De Linde", "address": "Lindelaan 12", "postal_code": "3512 CD", "city": "Utrecht"}


async def test_wijzig_links_in_toegewezen_locaties_for_administrator_and_role_1_only(make_client):
    org, linde, baken, admin, manager, carer = await setup()
    for person, expected in ((admin, [linde, baken]), (manager, [linde])):
        client = make_client()
        await login(client, person.email)
        tab = await client.get("/mijn-account?tab=locaties")
        for location in expected:
            assert f'href="{change_url(location)}"' in tab.text
        assert 'href="/mijn-account/locaties/nieuw"' in tab.text and f'href="{REQUESTS}"' in tab.text
    as_carer = make_client()
    await login(as_carer, carer.email)
    tab = await as_carer.get("/mijn-account?tab=locaties")
    assert "Zorgcentrum De Linde" in tab.text
    assert "/wijzigen" not in tab.text and "Nieuwe locatie aanmelden" not in tab.text


async def test_the_form_shows_the_current_data_and_both_buttons(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)

    page = await client.get(change_url(linde))

    assert page.status_code == 200
    assert "<h1>Locatiewijzigingsverzoek</h1>" in page.text
    assert f'value="{linde.address}"' in page.text and f'value="{linde.city}"' in page.text
    assert 'value="delete"' in page.text and "Verwijder locatie" in page.text
    assert 'value="change"' in page.text and "Wijzig locatie" in page.text


async def test_wijzig_locatie_sends_the_request_and_the_requester_sees_it_in_progress(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)

    response = await post_form(client, change_url(linde), {**NEW_ADDRESS, "action": "change"})

    assert response.status_code == 303 and response.headers["location"] == REQUESTS
    request = await LocationRequest.objects().first()
    assert (request.organisation, request.requester, request.location, request.kind, request.status) == (
        org.id, admin.id, linde.id, "change", "open")
    assert (request.address, request.postal_code, request.city) == ("Lindelaan 12", "3512 CD", "Utrecht")
    # Nothing changes before HartingBank carries it out.
    assert (await Location.objects().where(Location.id == linde.id).first()).address == linde.address
    page = await client.get(REQUESTS)
    assert "Uw verzoek om Zorgcentrum De Linde te wijzigen is verstuurd aan HartingBank." in page.text
    assert "Locatie wijzigen" in page.text and "In behandeling" in page.text and "Lindelaan 12" in page.text
    assert await AuditEvent.count().where(AuditEvent.action == "location_request_created") == 1


async def test_verwijder_locatie_sends_a_delete_request_whatever_the_fields_say(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)

    response = await post_form(client, change_url(baken), {"name": "", "address": "", "city": "", "action": "delete"})

    assert response.status_code == 303
    request = await LocationRequest.objects().first()
    assert (request.kind, request.location, request.address) == ("delete", baken.id, baken.address)
    assert "Locatie verwijderen" in (await client.get(REQUESTS)).text


async def test_a_change_request_needs_address_and_city_and_keeps_what_was_typed(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)

    response = await post_form(client, change_url(linde), {
        "name": "Zorgcentrum De Linde", "address": "", "postal_code": "3512 CD", "city": "", "action": "change"})

    assert response.status_code == 200
    assert "Vul het adres in (straat en huisnummer)." in response.text
    assert "Vul de vestigingsplaats in." in response.text
    assert 'value="3512 CD"' in response.text
    nul = await post_form(client, change_url(linde), {**NEW_ADDRESS, "address": "Linde\x00laan 12", "action": "change"})
    assert nul.status_code == 303
    assert (await LocationRequest.objects().first()).address == "Lindelaan 12"
    await LocationRequest.delete(force=True)
    too_long = await post_form(client, change_url(linde), {**NEW_ADDRESS, "postal_code": "1" * 11, "action": "change"})
    assert "Dit is te lang (maximaal 10 tekens)." in too_long.text
    unchanged = await post_form(client, change_url(linde), {
        "name": linde.name, "address": linde.address, "postal_code": linde.postal_code, "city": linde.city,
        "action": "change"})
    assert "Er is niets gewijzigd." in unchanged.text
    assert await LocationRequest.count() == 0


async def test_a_new_location_is_requested_with_name_address_and_city(client):
    org, linde, baken, admin, manager, carer = await setup()
    await login(client, manager.email)

    empty = await post_form(client, "/mijn-account/locaties/nieuw", {"name": "", "address": "Dorpsstraat 1", "city": ""})
    assert "Vul de naam van de locatie in." in empty.text and "Vul de vestigingsplaats in." in empty.text
    assert 'value="Dorpsstraat 1"' in empty.text

    response = await post_form(client, "/mijn-account/locaties/nieuw", {
        "name": "Hospice De Horst", "address": "Dorpsstraat 1", "postal_code": "3701 AA", "city": "Zeist"})

    assert response.status_code == 303
    request = await LocationRequest.objects().first()
    assert (request.kind, request.location, request.name, request.requester) == ("new", None, "Hospice De Horst", manager.id)
    page = await client.get(REQUESTS)
    assert "Nieuwe locatie" in page.text and "Hospice De Horst" in page.text


async def test_role_1_may_ask_only_for_assigned_locations_others_not_at_all(make_client):
    org, linde, baken, admin, manager, carer = await setup()
    other_org = await factories.organisation()
    foreign = await factories.location(other_org, name="Elders Zorg")
    other_admin = await factories.account(other_org, "admin")
    as_manager, as_carer, as_other = make_client(), make_client(), make_client()
    await login(as_manager, manager.email)
    await login(as_carer, carer.email)
    await login(as_other, other_admin.email)

    assert (await as_manager.get(change_url(linde))).status_code == 200
    assert (await as_manager.get(change_url(baken))).status_code == 404  # not assigned to Bert
    assert (await post_form(as_manager, change_url(baken), {"action": "delete"}, token_from=REQUESTS)).status_code == 404
    for path in (change_url(linde), "/mijn-account/locaties/nieuw", REQUESTS):
        assert (await as_carer.get(path)).status_code == 403, path
    assert (await post_form(as_carer, change_url(linde), {"action": "delete"}, token_from="/mijn-account")).status_code == 403
    assert (await as_other.get(change_url(linde))).status_code == 404
    assert (await post_form(as_other, change_url(linde), {"action": "delete"}, token_from=REQUESTS)).status_code == 404
    assert (await as_manager.get(change_url(foreign))).status_code == 404
    for nonsense in ("abc", "0", "99999999999999999999"):
        assert (await as_manager.get(f"/mijn-account/locaties/{nonsense}/wijzigen")).status_code == 404
    assert await LocationRequest.count() == 0


async def test_each_requester_sees_only_their_own_requests(make_client):
    org, linde, baken, admin, manager, carer = await setup()
    as_admin, as_manager = make_client(), make_client()
    await login(as_admin, admin.email)
    await login(as_manager, manager.email)
    await post_form(as_admin, change_url(baken), {"action": "delete"})

    assert "Verpleeghuis Het Baken" in (await as_admin.get(REQUESTS)).text
    assert "U heeft nog geen locatieverzoeken ingediend." in (await as_manager.get(REQUESTS)).text


async def test_when_staff_carry_out_a_change_every_account_sees_the_new_address(make_client):
    org, linde, baken, admin, manager, carer = await setup()
    as_admin, as_carer = make_client(), make_client()
    await login(as_admin, admin.email)
    await login(as_carer, carer.email)
    await post_form(as_admin, change_url(linde), {**NEW_ADDRESS, "action": "change"})
    request = await LocationRequest.objects().first()

    await location_requests.carry_out(request.id, "staff:jan")

    for client in (as_admin, as_carer):
        tab = await client.get("/mijn-account?tab=locaties")
        assert "Lindelaan 12" in tab.text and "3512 CD" in tab.text
    assert "Uitgevoerd" in (await as_admin.get(REQUESTS)).text
    done = await AuditEvent.objects().where(AuditEvent.action == "location_request_done").output(load_json=True).first()
    assert done.actor_label == "staff:jan" and done.changes["location"]["address"] == [linde.address, "Lindelaan 12"]
    with pytest.raises(location_requests.RequestNotOpen):
        await location_requests.carry_out(request.id)  # once only


async def test_when_staff_carry_out_a_delete_the_location_disappears_for_everyone(make_client):
    org, linde, baken, admin, manager, carer = await setup()
    as_admin, as_carer = make_client(), make_client()
    await login(as_admin, admin.email)
    await login(as_carer, carer.email)
    await post_form(as_admin, change_url(baken), {"action": "delete"})

    await location_requests.carry_out((await LocationRequest.objects().first()).id)

    assert "Verpleeghuis Het Baken" not in (await as_carer.get("/mijn-account?tab=locaties")).text
    assert f'name="location" value="{baken.id}"' not in (await as_admin.get("/accountbeheer/nieuw")).text
    assert (await as_admin.get(change_url(baken))).status_code == 404
    assert not (await Location.objects().where(Location.id == baken.id).first()).active  # history stays


async def test_a_new_location_carried_out_can_be_assigned_by_the_administrator(make_client):
    org, linde, baken, admin, manager, carer = await setup()
    as_manager, as_admin = make_client(), make_client()
    await login(as_manager, manager.email)
    await login(as_admin, admin.email)
    await post_form(as_manager, "/mijn-account/locaties/nieuw", {
        "name": "Hospice De Horst", "address": "Dorpsstraat 1", "postal_code": "3701 AA", "city": "Zeist"})

    request = await location_requests.carry_out((await LocationRequest.objects().first()).id)

    horst = await Location.objects().where(Location.name == "Hospice De Horst").first()
    assert request.location == horst.id and horst.organisation == org.id and horst.city == "Zeist"
    form = await as_admin.get("/accountbeheer/nieuw")
    assert f'name="location" value="{horst.id}"' in form.text
    assert "Hospice De Horst" in (await as_admin.get("/mijn-account?tab=locaties")).text


async def test_staff_setting_the_status_in_admin_carries_the_request_out(make_client):
    """The piccolo-admin pre_patch hook: staff change the status to "done" (correcting a typo on the way)."""
    org, linde, baken, admin, *_ = await setup()
    as_admin = make_client()
    await login(as_admin, admin.email)
    await post_form(as_admin, change_url(linde), {**NEW_ADDRESS, "action": "change"})
    request = await LocationRequest.objects().first()

    # piccolo-api hands the hook the edited values keyed by column.
    values = await location_requests.on_staff_patch(
        request.id, {LocationRequest.status: "done", LocationRequest.address: "Lindelaan 12a"})

    assert values[LocationRequest.status] == "done" and values[LocationRequest.handled_at] is not None
    assert values[LocationRequest.location] == linde.id
    assert (await Location.objects().where(Location.id == linde.id).first()).address == "Lindelaan 12a"
    # Saving the row again in /admin does not carry it out twice.
    again = {LocationRequest.status: "done", LocationRequest.address: "Anders 1"}
    assert await location_requests.on_staff_patch(request.id, again) == again
    assert (await Location.objects().where(Location.id == linde.id).first()).address == "Lindelaan 12a"
    # Other edits pass through untouched.
    assert await location_requests.on_staff_patch(request.id, {"staff_note": "ok"}) == {"staff_note": "ok"}


async def test_staff_rejecting_in_admin_records_when(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)
    await post_form(client, change_url(baken), {"action": "delete"})
    request = await LocationRequest.objects().first()

    values = await location_requests.on_staff_patch(
        request.id, {LocationRequest.status: "rejected", LocationRequest.staff_note: "Locatie heeft nog huurmiddelen."})

    assert values[LocationRequest.handled_at] is not None
    assert (await Location.objects().where(Location.id == baken.id).first()).active
    page = await client.get(REQUESTS)
    assert "Afgewezen" in page.text and "Locatie heeft nog huurmiddelen." in page.text


async def test_a_rejected_request_shows_its_status_and_the_note(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)
    await post_form(client, change_url(baken), {"action": "delete"})
    request = await LocationRequest.objects().first()

    await cli.run(argparse.Namespace(command="location-request", request_id=request.id, outcome="rejected",
                                     note="Er staan nog hulpmiddelen op deze locatie."))

    page = await client.get(REQUESTS)
    assert "Afgewezen" in page.text and "Er staan nog hulpmiddelen op deze locatie." in page.text
    assert (await Location.objects().where(Location.id == baken.id).first()).active
    with pytest.raises(SystemExit):
        await cli.run(argparse.Namespace(command="location-request", request_id=request.id, outcome="done", note=""))


async def test_the_cli_carries_out_a_request(client):
    org, linde, baken, admin, *_ = await setup()
    await login(client, admin.email)
    await post_form(client, change_url(linde), {**NEW_ADDRESS, "action": "change"})
    request = await LocationRequest.objects().first()

    await cli.run(argparse.Namespace(command="location-request", request_id=request.id, outcome="done", note=""))

    assert (await Location.objects().where(Location.id == linde.id).first()).address == "Lindelaan 12"
    with pytest.raises(SystemExit):
        await cli.run(argparse.Namespace(command="location-request", request_id=999999, outcome="done", note=""))
