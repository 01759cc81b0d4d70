"""Staff switching an account or an organisation off in /admin end the sessions at once, as the
administrator's "Actief" does (ADM-1): switched on again, the old sessions stay over."""

from __future__ import annotations

from portal.tables import AuditEvent
from tests import factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.helpers import login


async def switch(http, table: str, row_id: int, active: bool) -> None:
    response = await admin_send(http, "PATCH", f"/admin/api/tables/{table}/{row_id}/", {"active": active})
    assert response.status_code == 200, response.text


async def test_an_account_switched_off_and_on_in_the_admin_loses_its_sessions(browser):
    org = await factories.organisation()
    person, colleague = await factories.account(org, "3"), await factories.account(org, "3")
    portal, colleague_portal = browser(), browser()
    await login(portal, person.email)
    await login(colleague_portal, colleague.email)
    await staff("bart")
    http = browser()
    await admin_login(http)

    await switch(http, "account", person.id, False)
    await switch(http, "account", person.id, True)

    assert (await portal.get("/mijn-account")).status_code == 303
    assert (await colleague_portal.get("/mijn-account")).status_code == 200
    await login(browser(), person.email)  # signing in again works
    # Each switch is in the audit trail once (the hook that ends the sessions keeps the audit's hook).
    events = await AuditEvent.select(AuditEvent.changes).where(AuditEvent.action == "admin_changed").order_by(
        AuditEvent.id
    ).output(load_json=True)
    assert [event["changes"] for event in events] == [{"active": [True, False]}, {"active": [False, True]}]


async def test_an_organisation_switched_off_and_on_in_the_admin_loses_its_peoples_sessions(browser):
    org, other = await factories.organisation(), await factories.organisation()
    person, outsider = await factories.account(org, "admin"), await factories.account(other, "admin")
    portal, outsider_portal = browser(), browser()
    await login(portal, person.email)
    await login(outsider_portal, outsider.email)
    await staff("bart")
    http = browser()
    await admin_login(http)

    await switch(http, "organisation", org.id, False)
    await switch(http, "organisation", org.id, True)

    assert (await portal.get("/mijn-account")).status_code == 303
    assert (await outsider_portal.get("/mijn-account")).status_code == 200
