"""A repair from request to plan, in real browsers at phone width (SRV-1…3, PLN-1): a nurse (role 4) finds
her aid, chooses "Reparatie", fills in the manual's fields and sends; her team leader sees the count in
the header, opens the notification and approves; HartingBank's staff plan the date in /admin; the nurse
sees the planned date in Planning."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from portal.tables import ServiceAuthoriser, ServiceRequest
from tests import asset_factories as af
from tests import factories
from portal.domain.staff import create_staff_user
from portal.i18n import local_today
from tests.admin import STAFF_PASSWORD, no_staff  # noqa: F401  (staff users are emptied around the test)
from tests.browser.conftest import DESKTOP, PHONE, Tab, open_admin_form
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser


async def ward():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "Zorgcentrum De Linde", city="Utrecht")
    west = await factories.department(linde, "Afdeling West")
    cat = await af.catalogue()
    bed = await af.asset(org, linde, cat["sb755"], department=west, object_number="HB7001")
    leader = await factories.account(org, "3", name="Tom Teamleider", email="tom@delinde.nl", locations=[linde])
    nurse = await factories.account(org, "4", name="Nina Verpleegkundige", email="nina@delinde.nl", locations=[linde])
    await ServiceAuthoriser(account=nurse.id, kind="repair", authoriser=leader.id).save()
    return bed, nurse, leader


async def nurse_requests_a_repair(tab: Tab, object_number: str, wanted: date) -> str:
    from playwright.async_api import expect

    page = tab.page
    await page.goto(tab.url("/hulpmiddelen"))
    await page.locator("details.list-filters summary").tap()  # on a phone the filters start folded away
    await page.get_by_label("Objectnummer").fill(object_number)
    await page.get_by_role("button", name="Zoeken").click()
    async with page.expect_navigation():
        await page.get_by_role("link", name=object_number).first.click()
    await expect(page.locator("h1")).to_contain_text(object_number)

    # "Acties aanvragen": the form is swapped in under the select, the page stays.
    await page.evaluate("window.stillTheSamePage = true")
    await page.get_by_label("Selecteer de gewenste service").select_option("repair")
    await page.get_by_role("button", name="Kies actie").click()
    form = page.locator("#request-form")
    await expect(form.locator("h2")).to_contain_text("Reparatie")
    await form.get_by_label("Gevraagde uitvoerdatum").fill(wanted.isoformat())
    await form.get_by_label("Bestemd voor").fill("Mevrouw Jansen, kamer 12")
    await form.get_by_label("Telefoonnummer contactpersoon").fill("030 123 45 67")
    await form.get_by_label("Toelichting").fill("Het bed gaat niet meer omhoog.")
    await fits_the_screen(tab, "Aanvraag reparatie")
    assert await page.evaluate("window.stillTheSamePage") is True
    # Sent, the request's own page shows its number and status.
    async with page.expect_navigation(url=re.compile(r"/acties/SRV-")):
        await form.get_by_role("button", name="Aanvraag versturen").click()
    request = await ServiceRequest.objects().get(ServiceRequest.requester == (await nurse_account()).id)
    await expect(page.get_by_role("status").first).to_have_text(
        f"Uw aanvraag {request.number} is verstuurd. Status: wacht op autorisatie.")
    return request.number


async def nurse_account():
    from portal.tables import Account

    return await Account.objects().get(Account.email == "nina@delinde.nl")


async def leader_approves_from_the_notification(tab: Tab, number: str) -> None:
    from playwright.async_api import expect

    page = tab.page
    counts = page.locator("#notice-counts")
    await expect(counts.get_by_role("link", name=re.compile("Meldingen"))).to_contain_text("1")
    async with page.expect_navigation():
        await counts.get_by_role("link", name=re.compile("Meldingen")).click()
    async with page.expect_navigation():
        await page.get_by_role("link", name=re.compile(number)).first.click()
    await expect(page.locator("h1")).to_contain_text(number)
    await fits_the_screen(tab, "Aanvraag autoriseren")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Goedkeuren").click()
    await expect(page.get_by_role("status").first).to_have_text(
        f"U heeft aanvraag {number} goedgekeurd; HartingBank neemt haar in behandeling.")
    await expect(page.locator("main")).to_contain_text("Er wachten geen aanvragen op uw autorisatie.")


async def staff_plan_it_in_the_admin(tab: Tab, number: str, day: date) -> None:
    from playwright.async_api import expect

    page = await open_admin_form(tab, "plannen", "Plannen")
    # piccolo-admin's labels are not tied to their fields: the fields by name.
    await page.locator("input[name=number]").fill(number)
    await page.locator("input[name=planned_date]").fill(day.isoformat())
    await page.get_by_role("button", name=re.compile("versturen", re.I)).click()
    await expect(page.locator("body")).to_contain_text(f"Aanvraag {number} is gepland op")
    await tab.screenshot("Admin - gepland")


async def test_role_4_requests_a_repair_the_leader_approves_staff_plan_and_the_nurse_sees_the_date(open_tab):
    bed, nurse, leader = await ward()
    wanted = local_today() + timedelta(days=5)
    nina = await open_tab(PHONE)
    await sign_in(nina, nurse.email)
    number = await nurse_requests_a_repair(nina, bed.object_number, wanted)

    tom = await open_tab(PHONE)
    await sign_in(tom, leader.email)
    await leader_approves_from_the_notification(tom, number)
    assert (await ServiceRequest.objects().get(ServiceRequest.number == number)).status == "submitted"

    planned = local_today() + timedelta(days=8)
    await create_staff_user("bart", "bart@harting-bank.nl", STAFF_PASSWORD)
    staff = await open_tab(DESKTOP)
    await staff_plan_it_in_the_admin(staff, number, planned)
    assert (await ServiceRequest.objects().get(ServiceRequest.number == number)).planned_date == planned

    # Nina sees the planned date in Planning, on her phone, without the list scrolling sideways.
    from playwright.async_api import expect

    await nina.page.goto(nina.url("/profile/planning"))
    row = nina.page.locator("tr", has=nina.page.get_by_role("link", name=number))
    await expect(row).to_contain_text(f"{planned.day}-{planned.month}-{planned.year}")
    await expect(row).to_contain_text("Reparatie")
    await fits_the_screen(nina, "Planning met de ingeplande reparatie")
    assert nina.problems == [] and tom.problems == []
