"""The staff's work on service requests in /admin (STAFF-2): the queue, the forms Plannen, Uitgevoerd,
Annuleren and Onderhoud registreren, refusals in Dutch, and inspection intervals on product types."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from portal.i18n import TIMEZONE
from portal.admin import SIDEBAR_LINKS
from portal.domain.assets import inspections
from portal.tables import Asset, AuditEvent, MailOutbox, ProductType, ServiceRequest
from tests import asset_factories as af
from tests import factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401

TODAY = datetime.now(TIMEZONE).date()  # the staff's today, as the domain reads it (not the machine's UTC)
FORMS = "/admin/api/forms"


@pytest.fixture
async def world():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde")
    baken = await factories.location(org, "Het Baken")
    nurse = await factories.account(org, "4", name="Nina", email="nina@delinde.nl", locations=[linde, baken])
    cat = await af.catalogue()
    aid = await af.asset(org, linde, cat["birdie"], object_number="HB6001")
    waiting = await af.service_request(aid, "relocation", "awaiting_authorisation", number="SRV-2026-900001",
                                       created_at=datetime.now(timezone.utc) - timedelta(days=3))
    submitted = await af.service_request(aid, "relocation", "submitted", number="SRV-2026-900002",
                                         created_at=datetime.now(timezone.utc) - timedelta(days=2))
    await ServiceRequest.update({ServiceRequest.requester: nurse.id, ServiceRequest.delivery_location: baken.id}).where(
        ServiceRequest.id.is_in([waiting.id, submitted.id]))
    return {"org": org, "linde": linde, "baken": baken, "nurse": nurse, "cat": cat, "aid": aid, "waiting": waiting,
            "submitted": submitted}


async def signed_in_staff(browser):
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


async def test_the_forms_are_in_the_admin_under_hulpmiddelen(browser):
    http = await signed_in_staff(browser)

    forms = {f["slug"]: f["name"] for f in (await http.get(f"{FORMS}/")).json()}

    assert {"plannen": "Plannen", "uitgevoerd": "Uitgevoerd", "annuleren": "Annuleren",
            "onderhoud-registreren": "Onderhoud registreren"}.items() <= forms.items()
    schema = (await http.get(f"{FORMS}/plannen/schema/")).json()
    assert schema["properties"]["planned_date"]["title"] == "Geplande datum"
    assert schema["properties"]["planned_date"]["format"] == "date"
    kinds = (await http.get(f"{FORMS}/onderhoud-registreren/schema/")).json()["properties"]["kind"]["enum"]
    assert kinds == ["Reiniging", "Keuring", "Onderhoud"]


async def test_the_queue_lists_the_requests_to_plan_oldest_requested_first(browser, world):
    http = await signed_in_staff(browser)
    later = await af.service_request(world["aid"], "repair", "submitted", number="SRV-2026-900003",
                                     created_at=datetime.now(timezone.utc) - timedelta(days=30))
    link = SIDEBAR_LINKS["Service: te plannen"]
    assert link == "/admin/#/service_request/?status=submitted&__order=requested_date"

    rows = (await http.get("/admin/api/tables/service_request/",
                           params={"status": "submitted", "__order": "requested_date"})).json()["rows"]
    count = (await http.get("/admin/api/tables/service_request/count/", params={"status": "submitted"})).json()

    assert [row["number"] for row in rows] == [later.number, world["submitted"].number]
    assert count["count"] == 2


def test_status_and_kind_filters_match_exactly_so_the_indexes_serve_them():
    from portal.admin.asgi import exact_codes

    assert exact_codes("/api/tables/service_request/", b"status=submitted&__order=requested_date") == (
        b"status=submitted&__order=requested_date&status__match=exact")
    assert exact_codes("/api/tables/service_request/count/", b"kind=repair&kind__match=contains") == (
        b"kind=repair&kind__match=contains")
    assert exact_codes("/api/tables/account/", b"status=x") == b"status=x"


async def test_staff_plan_then_mark_done_and_the_aid_moves(browser, world):
    http = await signed_in_staff(browser)
    number = world["submitted"].number
    day = TODAY + timedelta(days=3)

    planned = await admin_send(http, "POST", f"{FORMS}/plannen/", {"number": f" {number.lower()} ", "planned_date": day.isoformat()})

    assert planned.status_code == 200, planned.text
    assert f"gepland op {day.day}-{day.month}-{day.year}" in planned.json()["custom_form_success"]
    done = await admin_send(http, "POST", f"{FORMS}/uitgevoerd/",
                            {"number": number, "executed_date": TODAY.isoformat(), "note": "Verplaatst naar kamer 12."})
    assert done.status_code == 200, done.text
    row = await ServiceRequest.objects().where(ServiceRequest.number == number).first()
    assert (row.status, row.planned_date, row.executed_date) == ("done", day, TODAY)
    assert (await Asset.objects().where(Asset.id == world["aid"].id).first()).location == world["baken"].id
    assert [m.subject for m in await MailOutbox.objects().order_by(MailOutbox.id)] == [
        f"Aanvraag {number} is ingepland", f"Aanvraag {number} is uitgevoerd"]
    actions = [e.actor_label for e in await AuditEvent.objects().where(AuditEvent.action.is_in(["service_planned", "service_done"]))]
    assert actions == ["staff:bart", "staff:bart"]


@pytest.mark.parametrize("form, fields, message", [
    ("plannen", {"number": "SRV-2026-900001", "planned_date": "2099-01-01"}, "wacht nog op autorisatie"),
    ("plannen", {"number": "SRV-2026-900002", "planned_date": "2020-01-01"}, "in het verleden"),
    ("plannen", {"number": "SRV-2026-900002", "planned_date": "morgen"}, "Vul een geldige datum in"),
    ("plannen", {"number": "SRV-2026-900002", "planned_date": ""}, "Vul de geplande datum in"),
    ("plannen", {"number": "SRV-1999-999999", "planned_date": "2099-01-01"}, "Er is geen aanvraag met ordernummer SRV-1999-999999"),
    ("plannen", {"planned_date": "2099-01-01"}, "Vul het ordernummer van de aanvraag in"),
    ("uitgevoerd", {"number": "SRV-2026-900002", "executed_date": "2099-01-01"}, "in de toekomst"),
    ("uitgevoerd", {"number": "SRV-2026-900001", "executed_date": TODAY.isoformat()}, "wacht nog op autorisatie"),
    ("annuleren", {"number": "SRV-2026-900002", "reason": ""}, "Vul de reden van de annulering in"),
    ("onderhoud-registreren", {"object_number": "XX9999", "kind": "Keuring", "executed_date": TODAY.isoformat()},
     "Er is geen hulpmiddel met objectnummer XX9999"),
    ("onderhoud-registreren", {"object_number": "HB6001", "kind": "Sloop", "executed_date": TODAY.isoformat()},
     "Kies reiniging, keuring of onderhoud"),
    ("onderhoud-registreren", {"object_number": "HB6001", "kind": "Keuring", "executed_date": "31-02-2026"},
     "Vul een geldige datum in"),
])
async def test_bad_input_is_refused_in_dutch_and_changes_nothing(browser, world, form, fields, message):
    http = await signed_in_staff(browser)

    response = await admin_send(http, "POST", f"{FORMS}/{form}/", fields)

    assert response.status_code == 422, response.text
    assert message in response.json()["custom_form_error"]
    statuses = {r["number"]: r["status"] for r in await ServiceRequest.select(ServiceRequest.number, ServiceRequest.status)}
    assert statuses == {"SRV-2026-900001": "awaiting_authorisation", "SRV-2026-900002": "submitted"}
    assert await MailOutbox.count() == 0


async def test_staff_cancel_with_a_reason(browser, world):
    http = await signed_in_staff(browser)

    response = await admin_send(http, "POST", f"{FORMS}/annuleren/",
                                {"number": "SRV-2026-900002", "reason": "Klant heeft het zelf opgelost."})

    assert response.status_code == 200, response.text
    row = await ServiceRequest.objects().where(ServiceRequest.number == "SRV-2026-900002").first()
    assert row.status == "cancelled"
    assert "Klant heeft het zelf opgelost." in (await MailOutbox.objects().first()).body_text


async def test_an_inspection_recorded_in_the_admin_sets_the_next_inspection(browser, world):
    await ProductType.update({ProductType.inspection_interval_months: 12}).where(ProductType.id == world["cat"]["birdie"].id)
    http = await signed_in_staff(browser)
    day = TODAY - timedelta(days=2)

    response = await admin_send(http, "POST", f"{FORMS}/onderhoud-registreren/",
                                {"object_number": "hb6001", "kind": "Keuring", "executed_date": day.isoformat(),
                                 "note": "Goedgekeurd, sticker geplakt."})

    assert response.status_code == 200, response.text
    recorded = await ServiceRequest.objects().where(ServiceRequest.kind == "inspection").first()
    assert (recorded.status, recorded.executed_date, recorded.message) == ("done", day, "Goedgekeurd, sticker geplakt.")
    aid = await Asset.objects().where(Asset.id == world["aid"].id).first()
    assert aid.next_inspection == inspections.add_months(day, 12)


async def test_editing_a_request_row_is_refused_the_forms_do_the_work(browser, world):
    http = await signed_in_staff(browser)

    response = await admin_send(http, "PATCH", f"/admin/api/tables/service_request/{world['submitted'].id}/",
                                {"status": "done"})

    assert response.status_code == 405
    assert "Plannen" in response.text
    assert (await ServiceRequest.objects().where(ServiceRequest.id == world["submitted"].id).first()).status == "submitted"


async def test_changing_a_types_interval_in_the_admin_gives_its_aids_a_due_date(browser, world):
    http = await signed_in_staff(browser)
    birdie = world["cat"]["birdie"]

    changed = await admin_send(http, "PATCH", f"/admin/api/tables/product_type/{birdie.id}/",
                               {"inspection_interval_months": 12})

    assert changed.status_code == 200, changed.text
    aid = await Asset.objects().where(Asset.id == world["aid"].id).first()
    assert aid.next_inspection is not None
    refused = await admin_send(http, "PATCH", f"/admin/api/tables/product_type/{birdie.id}/",
                               {"inspection_interval_months": 500})
    assert refused.status_code == 400
    assert "tussen 1 en 120 maanden" in refused.text
    cleared = await admin_send(http, "PATCH", f"/admin/api/tables/product_type/{birdie.id}/",
                               {"inspection_interval_months": None})
    assert cleared.status_code == 200
    assert (await Asset.objects().where(Asset.id == world["aid"].id).first()).next_inspection is None


async def test_only_signed_in_staff_can_use_the_forms(browser, world):
    http = browser()

    response = await admin_send(http, "POST", f"{FORMS}/plannen/", {"number": "SRV-2026-900002", "planned_date": "2099-01-01"})

    assert response.status_code == 401
    assert (await ServiceRequest.objects().where(ServiceRequest.number == "SRV-2026-900002").first()).status == "submitted"


async def test_an_aid_added_in_the_admin_gets_its_due_date_from_its_type(browser, world):
    await ProductType.update({ProductType.inspection_interval_months: 24}).where(ProductType.id == world["cat"]["sb755"].id)
    http = await signed_in_staff(browser)
    sb755 = world["cat"]["sb755"]
    registered = datetime(2026, 1, 10, 9, tzinfo=timezone.utc)

    response = await admin_send(http, "POST", "/admin/api/tables/asset/", {
        "object_number": "HB7777", "organisation": world["org"].id, "category": world["cat"]["beds"].id,
        "subcategory": world["cat"]["bed_electric"].id, "product_type": sb755.id, "location": world["linde"].id,
        "status": "in_use", "ownership": "owned", "created_at": registered.isoformat(), "characteristics": "{}",
        "serial_number": "SN-7777",
        "next_inspection": "2099-01-01",
    })

    assert response.status_code in (200, 201), response.text
    aid = await Asset.objects().where(Asset.object_number == "HB7777").first()
    assert aid.next_inspection == date(2028, 1, 10)
