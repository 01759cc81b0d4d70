"""The five request forms (SRV-1, SRV-2): which actions an aid offers, exactly the manual's fields per form,
pre-filled where the aid tells, choices only of the requester's own locations, departments and usable
depots, and bad input that comes back with a message next to the field and what was typed."""

from __future__ import annotations

import re

import pytest

from portal.tables import ServiceRequest, ServiceRequestEvent
from tests.service_requests.conftest import REPAIR, fields_of, form_of, in_days, send, signed_in, values_of

FIELDS = {
    "repair": ["requested_date", "intended_for", "location", "department", "contact_name", "contact_phone",
               "contact_email", "defect_description", "message"],
    "relocation": ["requested_date", "intended_for", "current_department", "delivery_location", "delivery_department",
                   "performed_by", "message"],
    "to_depot": ["requested_date", "intended_for", "current_department", "depot", "contact_name", "contact_phone",
                 "contact_email", "performed_by", "message"],
    "from_depot": ["requested_date", "intended_for", "delivery_location", "delivery_department", "contact_name",
                   "contact_phone", "contact_email", "performed_by", "message"],
    "rental_pickup": ["requested_date", "intended_for", "pickup_location", "message"],
}


def offered(html: str) -> list[str]:
    block = html[html.index('<select id="f-actie"'):]
    return re.findall(r'<option value="([a-z_]+)"', block[:block.index("</select>")])


async def test_the_object_page_offers_only_the_actions_the_aid_allows(client, care):
    await signed_in(client, care.nurse)
    assert offered((await client.get("/hulpmiddelen/HB5001")).text) == ["repair", "relocation", "to_depot"]
    assert offered((await client.get("/hulpmiddelen/HB5002")).text) == ["repair", "relocation", "from_depot"]
    assert offered((await client.get("/hulpmiddelen/HB5003")).text) == ["repair", "relocation", "to_depot", "rental_pickup"]
    # "Kies actie" without script opens the form's own page; asking what the aid does not allow goes back.
    assert (await client.get("/hulpmiddelen/HB5001/aanvragen?actie=from_depot")).status_code == 303
    assert (await client.get("/hulpmiddelen/HB5001/aanvragen?actie=rental_pickup")).status_code == 303


@pytest.mark.parametrize("kind, aid", [("repair", "HB5001"), ("relocation", "HB5001"), ("to_depot", "HB5001"),
                                       ("from_depot", "HB5002"), ("rental_pickup", "HB5003")])
async def test_each_form_has_exactly_the_fields_of_the_manuals_table(client, care, kind, aid):
    await signed_in(client, care.nurse)
    html = await form_of(client, aid, kind)
    assert fields_of(html) == FIELDS[kind]
    assert "Aanvraag versturen" in html
    label = "Gewenste ophaaldatum" if kind == "rental_pickup" else "Gevraagde uitvoerdatum"
    assert f'<label for="f-requested_date">{label}' in html


async def test_htmx_swaps_the_form_into_the_object_page(client, care):
    await signed_in(client, care.nurse)
    response = await client.get("/hulpmiddelen/HB5001/aanvragen?actie=repair", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.lstrip().startswith("{#") is False and '<div id="request-form"' in response.text
    page = (await client.get("/hulpmiddelen/HB5001")).text
    assert 'hx-target="#request-form"' in page and '<div id="request-form"></div>' in page


async def test_the_form_is_pre_filled_with_where_the_aid_is_and_who_asks(client, care):
    await signed_in(client, care.nurse)
    values = values_of(await form_of(client, "HB5001", "repair"))
    assert values["location"] == str(care.linde.id) and values["department"] == str(care.west.id)
    assert values["contact_name"] == "Nina Verpleegkundige" and values["contact_email"] == "nina@delinde.nl"
    assert values_of(await form_of(client, "HB5002", "from_depot"))["delivery_location"] == str(care.linde.id)


async def test_choices_are_the_requesters_own_locations_departments_and_usable_depots(client, care):
    await signed_in(client, care.nurse)  # De Linde only
    html = await form_of(client, "HB5001", "to_depot")
    assert "Het Baken" not in html and "Zonnehof" not in html
    assert "Kelder De Linde" in html and "Centraal depot" in html
    html = await form_of(client, "HB5001", "relocation")
    block = html[html.index('id="f-delivery_location"'):]
    assert re.findall(r'<option value="(\d+)"', block[:block.index("</select>")]) == [str(care.linde.id)]


async def test_a_repair_is_sent_and_is_in_the_aids_history_at_once(client, care):
    await signed_in(client, care.colleague)  # Mia's requests need no authorisation
    response = await send(client, "HB5001", "repair", REPAIR)
    assert response.status_code == 303
    made = await ServiceRequest.objects().get(ServiceRequest.asset == care.in_use.id)
    assert response.headers["location"] == f"/acties/{made.number}"
    assert (made.kind, made.status, made.requester, made.location, made.department) == (
        "repair", "submitted", care.colleague.id, care.linde.id, care.west.id)
    assert (made.intended_for, made.defect_description, made.contact_phone) == (
        "Mevrouw Jansen", "Het bed gaat niet meer omhoog.", "030 123 45 67")
    page = await client.get(response.headers["location"])
    assert f"Uw aanvraag {made.number} is verstuurd. Status: aangevraagd." in page.text
    history = (await client.get("/hulpmiddelen/HB5001/historie")).text
    assert made.number in history and "Reparatie" in history
    trail = await ServiceRequestEvent.select().where(ServiceRequestEvent.service_request == made.id)
    assert [(row["status"], row["by_account"]) for row in trail] == [("submitted", care.colleague.id)]


@pytest.mark.parametrize("kind, aid, fields, stored", [
    ("relocation", "HB5001", {"delivery_location": "baken", "delivery_department": "zon", "performed_by": "own"},
     {"delivery_location": "baken", "delivery_department": "zon", "performed_by": "own", "current_department": "west"}),
    ("to_depot", "HB5001", {"depot": "hb_depot", "contact_phone": "06 12345678"},
     {"depot": "hb_depot", "performed_by": "hartingbank"}),
    ("from_depot", "HB5002", {"contact_phone": "06 12345678", "delivery_department": "oost"},
     {"delivery_location": "linde", "delivery_department": "oost"}),
    ("rental_pickup", "HB5003", {"message": "Graag voor de middag."}, {"pickup_location": "linde"}),
])
async def test_every_kind_stores_its_fields(client, care, kind, aid, fields, stored):
    await signed_in(client, care.leader)  # Tom needs no authorisation; he has both locations
    ids = {"baken": care.baken.id, "zon": care.zon.id, "hb_depot": care.hb_depot.id, "linde": care.linde.id,
           "oost": care.oost.id, "west": care.west.id}
    sent = {name: str(ids.get(value, value)) for name, value in fields.items()}
    response = await send(client, aid, kind, {"requested_date": in_days(1), **sent})
    assert response.status_code == 303, response.text
    made = await ServiceRequest.objects().get(ServiceRequest.kind == kind)
    for name, value in stored.items():
        assert getattr(made, name) == ids.get(value, value), name


@pytest.mark.parametrize("field, value, message", [
    ("requested_date", "", "Vul gevraagde uitvoerdatum in."),
    ("requested_date", "gisteren", "Vul een datum in"),
    ("requested_date", "2020-01-01", "Deze datum ligt in het verleden."),
    ("requested_date", in_days(800), "Kies een datum binnen twee jaar."),
    ("location", "999999", "Kies een van uw locaties."),
    ("location", "baken", "Kies een van uw locaties."),  # not Nina's
    ("department", "zon", "Kies een afdeling van de gekozen locatie."),
    ("contact_phone", "bel maar", "Vul een telefoonnummer in"),
    ("contact_email", "nina@", "Vul een geldig e-mailadres in"),
    ("defect_description", "", "Vul toelichting in."),
])
async def test_bad_input_comes_back_next_to_the_field_with_what_was_typed(client, care, field, value, message):
    await signed_in(client, care.nurse)
    ids = {"baken": str(care.baken.id), "zon": str(care.zon.id)}
    response = await send(client, "HB5001", "repair", {**REPAIR, field: ids.get(value, value)})
    assert response.status_code == 200
    assert re.search(rf'<small id="e-{field}" class="field-error">{re.escape(message)}', response.text), response.text[-3000:]
    assert "Het bed gaat niet meer omhoog." in response.text or field == "defect_description"
    assert await ServiceRequest.count() == 0


async def test_an_other_organisations_location_or_depot_is_refused(client, care):
    from portal.tables import Depot

    foreign_depot = Depot(organisation=care.other_admin.organisation, name="Depot Noord")
    await foreign_depot.save()
    await signed_in(client, care.leader)
    response = await send(client, "HB5001", "to_depot", {"requested_date": in_days(2), "depot": str(foreign_depot.id),
                                                        "contact_phone": "030 1234567"})
    assert "Kies een van de depots uit de lijst." in response.text and await ServiceRequest.count() == 0


async def test_a_double_click_or_two_tabs_make_one_request(client, care):
    await signed_in(client, care.colleague)
    html = await form_of(client, "HB5001", "repair")
    values = {**values_of(html), **REPAIR}
    first = await client.post("/hulpmiddelen/HB5001/aanvragen", data=values)
    second = await client.post("/hulpmiddelen/HB5001/aanvragen", data=values)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await ServiceRequest.count() == 1


async def test_a_rental_pick_up_of_an_owned_aid_and_an_aid_out_of_scope_are_refused(client, care):
    await signed_in(client, care.nurse)
    html = await form_of(client, "HB5003", "rental_pickup")
    response = await client.post("/hulpmiddelen/HB5001/aanvragen", data={**values_of(html), "requested_date": in_days(2)})
    assert response.status_code == 303 and await ServiceRequest.count() == 0  # back to the aid with a message
    assert (await client.get("/hulpmiddelen/ZN0001/aanvragen?actie=repair")).status_code == 404
    response = await client.post("/hulpmiddelen/ZN0001/aanvragen", data={**values_of(html), "actie": "repair"})
    assert response.status_code == 404


async def test_with_htmx_a_mistake_swaps_the_form_and_success_redirects(client, care):
    await signed_in(client, care.colleague)
    bad = await send(client, "HB5001", "repair", {**REPAIR, "requested_date": "nee"}, **{"HX-Request": "true"})
    assert bad.status_code == 200 and "<html" not in bad.text and 'id="e-requested_date"' in bad.text
    good = await send(client, "HB5001", "repair", REPAIR, **{"HX-Request": "true"})
    made = await ServiceRequest.objects().first()
    assert good.headers["hx-redirect"] == f"/acties/{made.number}"
