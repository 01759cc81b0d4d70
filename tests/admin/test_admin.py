"""The staff admin at /admin (STAFF-1, STAFF-2): mount, sign-in, what staff see, CSRF beside the portal."""

from __future__ import annotations

import dataclasses
import json
import re

import httpx

from portal.app import asgi_app
from portal.domain.accounts import issue_token
from portal.tables import TABLES, Account, AccountToken, AuditEvent, LocationRequest, MailOutbox, Organisation
from tests import factories
from tests.admin import STAFF_PASSWORD, admin_csrf, admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.helpers import csrf_token, login, post_form


async def test_admin_without_slash_goes_to_admin_with_slash(client):
    response = await client.get("/admin")
    assert response.status_code == 308
    assert response.headers["location"] == "/admin/"

    response = await client.get("/admin?tabel=orders")
    assert response.headers["location"] == "/admin/?tabel=orders"


async def test_admin_page_and_its_files_load_for_anyone_with_the_security_headers(client):
    page = await client.get("/admin/")
    assert page.status_code == 200
    assert '<div id="app"></div>' in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"

    files = re.findall(r'(?:src|href)="\./(assets/[^"]+)"', page.text)
    assert any(f.endswith(".js") for f in files) and any(f.endswith(".css") for f in files)
    for file in files:
        response = await client.get(f"/admin/{file}")
        assert response.status_code == 200, file
        assert response.headers["content-type"].split(";")[0] in ("text/javascript", "application/javascript", "text/css")

    meta = await client.get("/admin/public/meta/")
    assert meta.json()["site_name"] == "HartingBank back office"
    translation = await client.get("/admin/public/translations/nl/")
    assert translation.json()["translations"]["Login"] == "Inloggen"


async def test_admin_api_needs_a_signed_in_staff_user(client):
    await staff("bart")
    assert (await client.get("/admin/api/tables/")).status_code == 401
    assert (await client.get("/admin/api/tables/account/")).status_code == 401

    wrong = await admin_login(client, "bart", "niet-het-wachtwoord")
    assert wrong.status_code == 401
    assert (await client.get("/admin/api/tables/")).status_code == 401


async def test_staff_user_signs_in_and_lists_tables_accounts_and_mail(browser):
    org = await factories.organisation("Zorggroep Rivierenland")
    person = await factories.account(org, "2", email="j.devries@rivierenland.nl")
    await MailOutbox(to_address=person.email, subject="Uitnodiging Mijn HartingBank", body_text="Welkom").save()
    await staff("bart")
    http = browser()

    response = await admin_login(http, "bart")
    assert response.status_code == 200
    assert (await http.get("/admin/api/user/")).json()["username"] == "bart"

    tables = (await http.get("/admin/api/tables/")).json()
    assert {table._meta.tablename for table in TABLES} <= set(tables)
    assert "piccolo_user" in tables
    assert len(tables) == len(set(tables))  # the admin's copy of "account" does not come twice
    grouped = (await http.get("/admin/api/tables/grouped/")).json()["grouped"]
    assert "location_request" in grouped["Klanten"]
    assert "mail_outbox" in grouped["Berichten"]
    assert "audit_event" in grouped["Systeem"]

    accounts = (await http.get("/admin/api/tables/account/", params={"__readable": "true"})).json()["rows"]
    assert [(row["email"], row["organisation_readable"]) for row in accounts] == [
        ("j.devries@rivierenland.nl", f"Zorggroep Rivierenland ({org.customer_number})")
    ]
    mails = (await http.get("/admin/api/tables/mail_outbox/")).json()["rows"]
    assert [(row["to_address"], row["status"]) for row in mails] == [(person.email, "queued")]


async def test_admin_api_does_not_expose_password_or_token_hashes(browser):
    org = await factories.organisation()
    person = await factories.account(org, "1")
    await issue_token(person, "reset")
    await staff("bart")
    http = browser()
    await admin_login(http)

    listing = await http.get("/admin/api/tables/account/")
    detail = await http.get(f"/admin/api/tables/account/{person.id}/")
    schema = await http.get("/admin/api/tables/account/schema/")
    for response in (listing, detail, schema):
        assert response.status_code == 200
        assert "password_hash" not in response.text
        assert "$argon2" not in response.text
    assert listing.json()["rows"][0]["email"] == person.email
    asked = await http.get("/admin/api/tables/account/", params={"__visible_fields": "email,password_hash"})
    assert asked.status_code == 400
    assert "$argon2" not in asked.text

    tokens = await http.get("/admin/api/tables/account_token/")
    assert tokens.status_code == 200
    assert [row["purpose"] for row in tokens.json()["rows"]] == ["reset"]
    assert "token_hash" not in tokens.text
    assert "token_hash" not in (await http.get("/admin/api/tables/account_token/schema/")).text


async def test_invitation_link_can_only_be_withdrawn_and_the_withdrawal_is_audited(browser):
    org = await factories.organisation()
    person = await factories.account(org, "4", password=False)
    await issue_token(person, "invite")
    await staff("bart")
    http = browser()
    await admin_login(http)
    token_id = (await http.get("/admin/api/tables/account_token/")).json()["rows"][0]["id"]

    changed = await admin_send(http, "PATCH", f"/admin/api/tables/account_token/{token_id}/", {"purpose": "reset"})
    assert changed.status_code == 405
    assert "alleen verwijderd" in changed.text
    withdrawn = await admin_send(http, "DELETE", f"/admin/api/tables/account_token/{token_id}/")
    assert withdrawn.status_code == 204
    assert await AccountToken.count() == 0

    event = await AuditEvent.objects().where(AuditEvent.action == "admin_deleted").first()
    assert (event.object_type, event.object_id, event.actor_label) == ("account_token", str(token_id), "staff:bart")
    changes = json.loads(event.changes)
    assert changes["purpose"] == ["invite", None] and changes["account"] == [person.id, None]
    assert "token_hash" not in changes


async def test_account_saved_in_the_admin_keeps_its_password_and_the_change_is_audited(browser):
    org = await factories.organisation()
    person = await factories.account(org, "3", name="Anne Jansen")
    await staff("bart")
    http = browser()
    await admin_login(http)

    # What the admin's edit screen sends: every field of the form, the new e-mail typed in capitals.
    row = (await http.get(f"/admin/api/tables/account/{person.id}/")).json()
    row.pop("id")
    response = await admin_send(http, "PATCH", f"/admin/api/tables/account/{person.id}/",
                                {**row, "name": "Anne de Jong", "email": "A.deJong@Zorggroep.nl"})
    assert response.status_code == 200, response.text

    saved = await Account.objects().where(Account.id == person.id).first()
    assert saved.name == "Anne de Jong"
    assert saved.email == "a.dejong@zorggroep.nl"
    assert saved.password_hash == person.password_hash
    await login(browser(), "a.dejong@zorggroep.nl", factories.PASSWORD)  # still signs in to the portal

    event = await AuditEvent.objects().where(AuditEvent.action == "admin_changed").first()
    assert event.actor_label == "staff:bart"
    assert event.object_type == "account"
    assert event.object_id == str(person.id)
    assert event.organisation == org.id
    assert event.ip_address.startswith("10.77.")
    assert json.loads(event.changes) == {"name": ["Anne Jansen", "Anne de Jong"], "email": [person.email, "a.dejong@zorggroep.nl"]}


async def test_edit_form_saved_unchanged_changes_nothing_and_is_not_audited(browser):
    org = await factories.organisation()
    person = await factories.account(org, "3")
    assert person.created_at.microsecond  # the admin's form shows whole seconds only
    await staff("bart")
    http = browser()
    await admin_login(http)

    row = (await http.get(f"/admin/api/tables/account/{person.id}/")).json()
    row.pop("id")
    row["created_at"] = person.created_at.replace(microsecond=0).isoformat()
    response = await admin_send(http, "PATCH", f"/admin/api/tables/account/{person.id}/", row)
    assert response.status_code == 200, response.text

    saved = await Account.objects().where(Account.id == person.id).first()
    assert saved.created_at == person.created_at
    assert await AuditEvent.count().where(AuditEvent.action == "admin_changed") == 0


async def test_location_request_handled_in_the_admin_is_audited(browser):
    org = await factories.organisation()
    loc = await factories.location(org, name="Huize Zonneweide")
    request = LocationRequest(organisation=org.id, location=loc.id, kind="change", name="Huize Zonneweide",
                              address="Dorpsstraat 2", city="Zeist")
    await request.save()
    await staff("bart")
    http = browser()
    await admin_login(http)

    queue = await http.get("/admin/api/tables/location_request/", params={"status": "open", "__readable": "true"})
    assert [(row["id"], row["location_readable"]) for row in queue.json()["rows"]] == [(request.id, "Huize Zonneweide")]
    response = await admin_send(http, "PATCH", f"/admin/api/tables/location_request/{request.id}/", {"status": "done"})
    assert response.status_code == 200, response.text

    # Carrying it out is an audit event by the staff member, with what changed at the location; the edit
    # of the request itself is in the trail too, like every change staff make in the admin.
    events = await AuditEvent.objects().where(AuditEvent.object_type == "location_request").order_by(AuditEvent.id)
    assert [(e.action, e.actor_label, e.organisation, e.object_id) for e in events] == [
        ("admin_changed", "staff:bart", org.id, str(request.id)),
        ("location_request_done", "staff:bart", org.id, str(request.id)),
    ]
    event = events[1]
    assert json.loads(event.changes)["location"]["city"] == ["Utrecht", "Zeist"]
    # Setting the status to "done" carried the request out: every account now sees the new address.
    moved = await type(loc).objects().where(type(loc).id == loc.id).first()
    assert (moved.address, moved.city) == ("Dorpsstraat 2", "Zeist")
    handled = await LocationRequest.objects().where(LocationRequest.id == request.id).first()
    assert handled.status == "done" and handled.handled_at is not None


async def test_row_added_in_the_admin_is_audited(browser):
    await staff("bart")
    http = browser()
    await admin_login(http)

    response = await admin_send(http, "POST", "/admin/api/tables/faq_item/",
                                {"question": "Hoe meld ik een defect?", "answer": "Via Mijn acties.", "position": 1})
    assert response.status_code == 201, response.text
    event = await AuditEvent.objects().where(AuditEvent.action == "admin_created").first()
    assert (event.object_type, event.actor_label) == ("faq_item", "staff:bart")
    assert json.loads(event.changes)["question"] == [None, "Hoe meld ik een defect?"]


async def test_audit_trail_cannot_be_changed_and_put_is_refused(browser):
    await staff("bart")  # writes an audit event
    event = await AuditEvent.objects().first()
    org = await factories.organisation("Zorggroep Oost")
    http = browser()
    await admin_login(http)

    assert (await http.get(f"/admin/api/tables/audit_event/{event.id}/")).status_code == 200
    for method, path, body in (
        ("PATCH", f"/admin/api/tables/audit_event/{event.id}/", {"action": "verzonnen"}),
        ("DELETE", f"/admin/api/tables/audit_event/{event.id}/", None),
        ("POST", "/admin/api/tables/audit_event/", {"action": "verzonnen"}),
        ("PUT", f"/admin/api/tables/organisation/{org.id}/", {"name": "Vervangen", "customer_number": "X1",
                                                              "active": True}),
    ):
        response = await admin_send(http, method, path, body)
        assert response.status_code == 405, (method, path, response.text)
    assert (await AuditEvent.objects().where(AuditEvent.id == event.id).first()).action == "staff_user_created"
    assert (await AuditEvent.count().where(AuditEvent.action == "verzonnen")) == 0
    assert (await Organisation.objects().where(Organisation.id == org.id).first()).name == "Zorggroep Oost"


async def test_staff_users_are_listed_but_only_made_on_the_command_line(browser):
    await staff("bart")
    http = browser()
    await admin_login(http)

    users = (await http.get("/admin/api/tables/piccolo_user/")).json()["rows"]
    assert [row["username"] for row in users] == ["bart"]
    assert "pbkdf2" not in str(users)
    response = await admin_send(http, "POST", "/admin/api/tables/piccolo_user/",
                                {"username": "mallory", "password": "kort", "email": "m@example.nl"})
    assert response.status_code == 405


async def test_portal_first_then_admin_each_keeps_its_own_csrf(browser):
    org = await factories.organisation()
    person = await factories.account(org, "1")
    await staff("bart")
    http = browser()

    portal_token = await csrf_token(http, "/inloggen")  # the portal's form token and cookie first
    assert "portal_csrf" in http.cookies
    # The admin still sets a cookie of its own, one its JavaScript can read (the portal's is HttpOnly).
    page = await http.get("/admin/")
    assert page.headers["set-cookie"].startswith("csrftoken=")
    assert "httponly" not in page.headers["set-cookie"].lower()
    assert (await admin_login(http)).status_code == 200
    assert http.cookies["csrftoken"] != portal_token
    response = await admin_send(http, "POST", "/admin/api/tables/faq_item/",
                                {"question": "Waar vind ik mijn facturen?", "answer": "Onder Facturen.", "position": 2})
    assert response.status_code == 201, response.text

    # The portal's form still works with its own token, in the same browser.
    await login(http, person.email)
    assert (await http.get("/mijn-account")).status_code == 200


async def test_admin_first_then_portal_each_keeps_its_own_csrf(browser):
    org = await factories.organisation()
    person = await factories.account(org, "1")
    await staff("bart")
    http = browser()

    assert (await admin_login(http)).status_code == 200
    admin_token = http.cookies["csrftoken"]
    await csrf_token(http, "/inloggen")  # now the portal's cookie is there too
    # The admin's token is no good for the portal's forms…
    refused = await http.post("/inloggen", data={"email": person.email, "password": factories.PASSWORD},
                              headers={"x-csrftoken": admin_token})
    assert refused.status_code == 403
    # …its own is.
    assert (await post_form(http, "/inloggen", {"email": person.email, "password": factories.PASSWORD})).status_code == 303
    await http.get("/mijn-account")  # where the sign-in leads: it sets the portal's new CSRF cookie

    response = await admin_send(http, "POST", "/admin/api/tables/faq_item/",
                                {"question": "Hoe bestel ik?", "answer": "Via Kopen.", "position": 3})
    assert response.status_code == 201, response.text
    # The admin still checks its own: without the header, or with the portal's cookie value, refused.
    without = await http.post("/admin/api/tables/faq_item/", json={"question": "x", "answer": "y", "position": 4})
    assert without.status_code == 403
    crossed = await http.post("/admin/api/tables/faq_item/", json={"question": "x", "answer": "y", "position": 4},
                              headers={"X-CSRFToken": http.cookies["portal_csrf"]})
    assert crossed.status_code == 403


async def test_customer_portal_session_gives_no_admin_access(browser):
    org = await factories.organisation()
    administrator = await factories.account(org, "admin", email="beheer@zorggroep.nl")
    http = browser()
    await login(http, administrator.email)
    assert (await http.get("/mijn-account")).status_code == 200

    assert (await http.get("/admin/api/tables/")).status_code == 401
    assert (await http.get("/admin/api/tables/account/")).status_code == 401
    # Customer credentials are no staff credentials either.
    assert (await admin_login(http, administrator.email, factories.PASSWORD)).status_code == 401
    assert (await http.get("/admin/api/tables/")).status_code == 401


async def test_deactivated_staff_user_loses_access(browser):
    user = await staff("bart")
    http = browser()
    await admin_login(http)
    assert (await http.get("/admin/api/tables/")).status_code == 200

    await type(user).update({type(user).active: False}).where(type(user).id == user.id)
    assert (await http.get("/admin/api/tables/")).status_code == 401


async def test_in_production_the_admin_cookie_is_secure_and_posts_come_from_its_own_host(settings, browser):
    await staff("bart")
    production = dataclasses.replace(settings, base_url="https://mijn.harting-bank.nl", cookie_secure=True)
    app = asgi_app(production)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("10.78.0.1", 50000)),
                             base_url="https://mijn.harting-bank.nl")
    async with http:
        token = await admin_csrf(http)

        foreign = await http.post("/admin/public/login/", json={"username": "bart", "password": "x" * 20},
                                  headers={"X-CSRFToken": token, "Origin": "https://elders.example"})
        assert foreign.status_code == 403

        response = await http.post(
            "/admin/public/login/", json={"username": "bart", "password": STAFF_PASSWORD},
            headers={"X-CSRFToken": token, "Origin": "https://mijn.harting-bank.nl"},
        )
        assert response.status_code == 200, response.text
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("id=") and "Secure" in cookie and "HttpOnly" in cookie
