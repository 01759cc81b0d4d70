"""HartingBank's side of a service request (SRV-3, STAFF-2): planning, carrying out and cancelling, what
the aid looks like after each kind is carried out, and what the requester sees and is told."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

import pytest

from portal.i18n import TIMEZONE
from portal.domain.errors import NotFound
from portal.domain.service_requests import execution
from portal.tables import Asset, AuditEvent, MailOutbox, Notification, ServiceRequest, ServiceRequestEvent
from tests import asset_factories as af
from tests.service_requests.conftest import signed_in

STAFF = execution.Staff("staff:bart", "10.77.0.1")
TODAY = datetime.now(TIMEZONE).date()  # the staff's today, as the domain reads it (not the machine's UTC)


@pytest.fixture(autouse=True)
async def routes(app):
    """Telling the requester makes links from route names: the app installs them."""
    yield


async def request_of(care, aid, kind: str, status: str = "submitted", **fields) -> ServiceRequest:
    row = await af.service_request(aid, kind, status, created_at=datetime.now(timezone.utc) - timedelta(days=3))
    await ServiceRequest.update({ServiceRequest.requester: care.nurse.id, **{getattr(ServiceRequest, k): v for k, v in fields.items()}}).where(
        ServiceRequest.id == row.id)
    return await ServiceRequest.objects().where(ServiceRequest.id == row.id).first()


async def aid_now(aid) -> Asset:
    return await Asset.objects().where(Asset.id == aid.id).first()


async def trail(request) -> list[tuple[str, str, str]]:
    rows = await ServiceRequestEvent.select().where(ServiceRequestEvent.service_request == request.id).order_by(
        ServiceRequestEvent.at)
    return [(row["status"], row["by_label"], row["note"]) for row in rows]


# Planning ---------------------------------------------------------------------------------------------


async def test_planning_sets_the_date_records_the_step_audits_it_and_tells_the_requester(care):
    request = await request_of(care, care.in_use, "repair")
    day = TODAY + timedelta(days=5)

    planned = await execution.plan(request.number, day, STAFF)

    assert (planned.status, planned.planned_date) == ("planned", day)
    assert (await trail(request))[-1] == ("planned", "HartingBank", f"Gepland op {day.day}-{day.month}-{day.year}")
    event = await AuditEvent.objects().where(AuditEvent.action == "service_planned").first()
    assert (event.actor_label, event.organisation, event.object_id, event.ip_address) == (
        "staff:bart", care.org.id, str(request.id), "10.77.0.1")
    [mail] = await MailOutbox.objects().where(MailOutbox.to_address == care.nurse.email)
    assert mail.subject == f"Aanvraag {request.number} is ingepland"
    assert f"{day.day}-{day.month}-{day.year}" in mail.body_text and f"/acties/{request.number}" in mail.body_text
    [note] = await Notification.objects().where(Notification.account == care.nurse.id)
    assert note.link == f"/acties/{request.number}"


async def test_a_planned_request_can_be_moved_to_another_day(care):
    request = await request_of(care, care.in_use, "repair")
    await execution.plan(request.number, TODAY + timedelta(days=5), STAFF)

    moved = await execution.plan(request.number, TODAY + timedelta(days=9), STAFF)

    assert moved.planned_date == TODAY + timedelta(days=9)
    assert (await trail(request))[-1][2].startswith("Verplaatst naar")
    subjects = [m.subject for m in await MailOutbox.objects().order_by(MailOutbox.id)]
    assert subjects[-1] == f"Aanvraag {request.number} is verplaatst"


@pytest.mark.parametrize("status, message", [
    ("awaiting_authorisation", "wacht nog op autorisatie"),
    ("done", "is al uitgevoerd"),
    ("cancelled", "is geannuleerd"),
    ("rejected", "door de klant afgewezen"),
])
async def test_only_open_requests_can_be_planned(care, status, message):
    request = await request_of(care, care.in_use, "repair", status)

    with pytest.raises(execution.StaffRefusal, match=message):
        await execution.plan(request.number, TODAY + timedelta(days=2), STAFF)

    assert (await ServiceRequest.objects().where(ServiceRequest.id == request.id).first()).status == status
    assert await MailOutbox.count() == 0


@pytest.mark.parametrize("day, message", [
    (None, "Vul de geplande datum in"),
    (TODAY - timedelta(days=1), "in het verleden"),
    (TODAY + timedelta(days=800), "binnen twee jaar"),
])
async def test_a_planned_date_must_be_today_or_later_and_within_two_years(care, day, message):
    request = await request_of(care, care.in_use, "repair")

    with pytest.raises(execution.StaffRefusal, match=message):
        await execution.plan(request.number, day, STAFF)


async def test_an_unknown_number_is_not_found(care):
    with pytest.raises(NotFound):
        await execution.plan("SRV-1900-000001", TODAY, STAFF)
    with pytest.raises(NotFound):
        await execution.record_maintenance("XX-NIET", "cleaning", TODAY, "", STAFF)


# Carrying out: the aid changes ------------------------------------------------------------------------


async def test_a_relocation_moves_the_aid_to_the_delivery_location_and_department(care):
    request = await request_of(care, care.in_use, "relocation", delivery_location=care.baken.id,
                               delivery_department=care.zon.id)
    await execution.plan(request.number, TODAY, STAFF)

    done = await execution.carry_out(request.number, TODAY, "", STAFF)

    aid = await aid_now(care.in_use)
    assert (done.status, done.executed_date) == ("done", TODAY)
    assert (aid.location, aid.department, aid.status) == (care.baken.id, care.zon.id, "in_use")
    event = await AuditEvent.objects().where(AuditEvent.action == "service_done").first()
    changes = event.changes if isinstance(event.changes, dict) else __import__("json").loads(event.changes)
    assert changes["asset"]["location"] == [care.linde.id, care.baken.id]


async def test_a_delivery_to_the_depot_puts_the_aid_in_that_depot(care):
    request = await request_of(care, care.in_use, "to_depot", depot=care.hb_depot.id)

    await execution.carry_out(request.number, TODAY, "", STAFF)

    aid = await aid_now(care.in_use)
    assert (aid.status, aid.depot, aid.department, aid.location) == ("depot", care.hb_depot.id, None, care.linde.id)


async def test_a_pick_up_from_the_depot_puts_the_aid_in_use_at_the_delivery_place(care):
    await Asset.update({Asset.depot: care.depot.id}).where(Asset.id == care.in_depot.id)
    request = await request_of(care, care.in_depot, "from_depot", delivery_location=care.baken.id,
                               delivery_department=care.zon.id)

    await execution.carry_out(request.number, TODAY, "", STAFF)

    aid = await aid_now(care.in_depot)
    assert (aid.status, aid.depot, aid.location, aid.department) == ("in_use", None, care.baken.id, care.zon.id)


async def test_a_rental_pick_up_ends_the_rental_and_the_aid_allows_no_more_requests(care, client):
    request = await request_of(care, care.rented, "rental_pickup", pickup_location=care.linde.id)
    day = TODAY - timedelta(days=1)

    await execution.carry_out(request.number, day, "", STAFF)

    aid = await aid_now(care.rented)
    assert (aid.status, aid.depot, aid.department, aid.ownership, aid.rental_end) == ("depot", None, None, "rented", day)
    await signed_in(client, care.admin)
    page = (await client.get(f"/hulpmiddelen/{aid.object_number}")).text
    assert "Huur beëindigd op" in page and "Acties aanvragen" not in page
    assert (await client.get(f"/hulpmiddelen/{aid.object_number}/aanvragen?actie=rental_pickup")).status_code in (200, 303, 404)


async def test_a_repair_leaves_the_aid_in_use(care):
    await Asset.update({Asset.status: "transport"}).where(Asset.id == care.in_use.id)
    request = await request_of(care, care.in_use, "repair")

    await execution.carry_out(request.number, TODAY, "Motor vervangen.", STAFF)

    aid = await aid_now(care.in_use)
    assert (aid.status, aid.location, aid.department) == ("in_use", care.linde.id, care.west.id)
    assert (await trail(request))[-1][2].endswith(": Motor vervangen.")
    mail = (await MailOutbox.objects().order_by(MailOutbox.id, ascending=False).first())
    assert mail.subject == f"Aanvraag {request.number} is uitgevoerd" and "Motor vervangen." in mail.body_text


@pytest.mark.parametrize("day, message", [
    (TODAY + timedelta(days=1), "in de toekomst"),
    (TODAY - timedelta(days=10), "vóór de aanvraagdatum"),
    (None, "Vul de uitvoerdatum in"),
])
async def test_the_execution_date_is_not_in_the_future_nor_before_the_request(care, day, message):
    request = await request_of(care, care.in_use, "relocation", delivery_location=care.baken.id)

    with pytest.raises(execution.StaffRefusal, match=message):
        await execution.carry_out(request.number, day, "", STAFF)

    assert (await aid_now(care.in_use)).location == care.linde.id


async def test_a_request_waiting_for_authorisation_cannot_be_carried_out(care):
    request = await request_of(care, care.in_use, "relocation", "awaiting_authorisation", delivery_location=care.baken.id)

    with pytest.raises(execution.StaffRefusal, match="wacht nog op autorisatie"):
        await execution.carry_out(request.number, TODAY, "", STAFF)
    assert (await aid_now(care.in_use)).location == care.linde.id


async def test_two_staff_at_once_one_wins_and_the_aid_changes_once(care):
    request = await request_of(care, care.in_use, "relocation", delivery_location=care.baken.id)

    results = await asyncio.gather(
        execution.carry_out(request.number, TODAY, "", execution.Staff("staff:bart")),
        execution.cancel(request.number, "Dubbele aanvraag", execution.Staff("staff:els")),
        return_exceptions=True,
    )

    refusals = [r for r in results if isinstance(r, execution.StaffRefusal)]
    assert len(refusals) == 1, results
    # Told either way: beaten at the update, or the step of the other was already there when it read.
    assert any(text in str(refusals[0]) for text in ("collega was u voor", "is al uitgevoerd", "is geannuleerd"))
    final = await ServiceRequest.objects().where(ServiceRequest.id == request.id).first()
    steps = [status for status, *_ in await trail(request)]
    assert steps.count("done") + steps.count("cancelled") == 1
    assert (await aid_now(care.in_use)).location == (care.baken.id if final.status == "done" else care.linde.id)


async def test_two_staff_planning_at_once_leave_one_consistent_plan(care):
    """Both read it as submitted: one wins, the other is told. (Had the second read it after the first
    wrote, it would be an ordinary move of the date: then both count, one after the other.)"""
    request = await request_of(care, care.in_use, "repair")

    results = await asyncio.gather(
        execution.plan(request.number, TODAY + timedelta(days=3), execution.Staff("staff:bart")),
        execution.plan(request.number, TODAY + timedelta(days=6), execution.Staff("staff:els")),
        return_exceptions=True,
    )

    refusals = [r for r in results if isinstance(r, execution.StaffRefusal)]
    assert all("net door een collega gewijzigd" in str(r) for r in refusals)
    successes = [r for r in results if isinstance(r, ServiceRequest)]
    assert len(successes) + len(refusals) == 2 and successes
    steps = [note for status, _by, note in await trail(request) if status == "planned"]
    assert len(steps) == len(successes) == await MailOutbox.count()
    final = await ServiceRequest.objects().where(ServiceRequest.id == request.id).first()
    assert steps[-1].endswith(f"{final.planned_date.day}-{final.planned_date.month}-{final.planned_date.year}")


# Cancelling -------------------------------------------------------------------------------------------


async def test_cancelling_needs_a_reason_and_tells_the_requester(care):
    request = await request_of(care, care.in_use, "repair")
    with pytest.raises(execution.StaffRefusal, match="reden"):
        await execution.cancel(request.number, "   ", STAFF)

    cancelled = await execution.cancel(request.number, "Het bed is al vervangen.", STAFF)

    assert cancelled.status == "cancelled"
    assert (await trail(request))[-1] == ("cancelled", "HartingBank", "Het bed is al vervangen.")
    mail = await MailOutbox.objects().first()
    assert mail.subject == f"Aanvraag {request.number} is geannuleerd" and "Het bed is al vervangen." in mail.body_text
    with pytest.raises(execution.StaffRefusal, match="is geannuleerd"):
        await execution.carry_out(request.number, TODAY, "", STAFF)


# Maintenance recorded by staff ------------------------------------------------------------------------


async def test_recorded_maintenance_is_in_the_aids_history_at_once(care, client):
    done = await execution.record_maintenance("hb5001", "cleaning", TODAY, "Gereinigd en gedesinfecteerd.", STAFF)

    assert (done.kind, done.status, done.executed_date, done.requester) == ("cleaning", "done", TODAY, None)
    assert await AuditEvent.exists().where(AuditEvent.action == "maintenance_recorded")
    await signed_in(client, care.nurse)
    history = (await client.get("/hulpmiddelen/HB5001/historie")).text
    assert done.number in history and "Reiniging" in history
    page = (await client.get(f"/hulpmiddelen/HB5001/historie/{done.number}")).text
    assert "Gereinigd en gedesinfecteerd." in page


async def test_maintenance_is_refused_for_a_future_date_or_another_kind(care):
    with pytest.raises(execution.StaffRefusal, match="in de toekomst"):
        await execution.record_maintenance("HB5001", "inspection", TODAY + timedelta(days=1), "", STAFF)
    with pytest.raises(execution.StaffRefusal, match="reiniging, keuring of onderhoud"):
        await execution.record_maintenance("HB5001", "repair", TODAY, "", STAFF)
    assert await ServiceRequest.count() == 0


# What the customer sees -------------------------------------------------------------------------------


async def test_the_requester_sees_each_step_with_its_date_on_the_request_page(care, client):
    request = await request_of(care, care.in_use, "repair")
    day = TODAY + timedelta(days=4)
    await execution.plan(request.number, day, STAFF)
    await signed_in(client, care.nurse)

    page = (await client.get(f"/acties/{request.number}")).text

    assert "Ingepland" in page and "Gepland op" in page and f"{day.day}-{day.month}-{day.year}" in page
    assert "HartingBank" in page
