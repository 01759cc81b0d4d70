"""Accountbeheer in a real browser (ADM-1…3): the administrator creates an account with two budget tiers
(added and removed without reloading the page) and two locations; the new user chooses a password from
the invitation, read from a real local SMTP server, and signs in; the account is then deactivated and
can no longer sign in. Also: the list and the form fit a phone and a desktop (screenshots/)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import threading
from collections.abc import Iterator

import pytest

from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, Screen, Tab, _free_port, _require_browser, run_live_server

pytestmark = pytest.mark.browser

SCREENS = pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda screen: screen.name)
NEW_PASSWORD = "Tillift-Zeist-24"


class Mailbox:
    """What a local SMTP server (aiosmtpd) received; `wait_for` blocks until a mail to an address is in."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            self.arrived.notify_all()
        return "250 OK"

    def _wait(self, to: str, timeout: float) -> email.message.EmailMessage | None:
        with self.arrived:
            self.arrived.wait_for(lambda: any(m["To"] == to for m in self.messages), timeout=timeout)
            return next((m for m in self.messages if m["To"] == to), None)

    async def wait_for(self, to: str, timeout: float = 10) -> email.message.EmailMessage:
        message = await asyncio.to_thread(self._wait, to, timeout)
        assert message is not None, f"no mail to {to} within {timeout} s; got {[m['To'] for m in self.messages]}"
        return message


@pytest.fixture(scope="module")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    port = _free_port()
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def live_server(migrated_database, mailbox, tmp_path_factory) -> Iterator[LiveServer]:
    """The conftest's live server, but sending its mail to this module's SMTP server (PORTAL_SMTP_URL):
    `open_tab` picks this fixture up for the tests of this file."""
    _require_browser()
    _, smtp_port = mailbox
    data_dir = tmp_path_factory.mktemp("live-server-mail")
    with run_live_server(data_dir, PORTAL_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}") as server:
        yield server


async def organisation():
    org = await factories.organisation(name="Zorggroep De Linde")
    linde = await factories.location(org, name="Zorgcentrum De Linde", city="Utrecht")
    baken = await factories.location(org, name="Verpleeghuis Het Baken", city="Zeist")
    for name in ("Afdeling West", "Afdeling Oost"):
        await factories.department(linde, name=name)
    await factories.department(baken, name="Revalidatie")
    admin = await factories.account(org, "admin", name="Anja Administrator", email="anja@zorggroep.nl")
    leader = await factories.account(
        org, "3", name="Tom Teamleider", email="tom@zorggroep.nl", locations=[linde], may_authorise_orders=True
    )
    for n, (name, role) in enumerate([("Carla de Jong", "2"), ("Dirk Jansen", "4"), ("Mia van den Berg-Hoogeveen", "6")]):
        await factories.account(org, role, name=name, email=f"collega{n}@zorggroep.nl", locations=[linde, baken])
    return org, linde, baken, admin, leader


async def sign_in(tab: Tab, email_address: str, password: str = factories.PASSWORD):
    from playwright.async_api import expect

    page = tab.page
    await page.goto(tab.url("/inloggen"))
    await page.locator("#f-email").fill(email_address)
    await page.locator("#f-password").fill(password)
    async with page.expect_navigation():
        await page.get_by_role("button", name="Inloggen").click()
    await expect(page.locator("h1")).not_to_have_text("Inloggen")


async def fits_the_screen(tab: Tab, name: str) -> None:
    """No sideways scrolling of the page (wide tables scroll in their own box), a screenshot, and
    nothing in the console (CSP included)."""
    width = await tab.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{tab.page.url} scrolls sideways on the {tab.screen.name}: {width}"
    await tab.screenshot(name)
    assert tab.problems == []


async def test_administrator_creates_an_account_the_user_signs_in_and_is_then_switched_off(open_tab, mailbox):
    from playwright.async_api import expect

    inbox, _ = mailbox
    org, linde, baken, admin, leader = await organisation()
    tab = await open_tab(DESKTOP)
    page = tab.page
    await sign_in(tab, admin.email)

    # Accountbeheer → "Nieuw account maken".
    await page.goto(tab.url("/accountbeheer"))
    await expect(page.locator("h1")).to_have_text("Accountbeheer")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Nieuw account maken").click()
    await expect(page.locator("h1")).to_have_text("Nieuw account maken")

    await page.locator("#f-name").fill("Sanne de Vries")
    await page.locator("#f-email").fill("sanne@zorggroep.nl")
    await page.locator("#f-role").select_option("2")
    await page.locator("#f-authoriser_repair").select_option(str(leader.id))
    await page.get_by_label("Heeft een budgetlimiet").check()

    # Budget tiers: "Toevoegen" and the bin work without reloading the page.
    await page.evaluate("window.stillTheSamePage = true")
    rows = page.locator(".tier-row")
    await expect(rows).to_have_count(1)
    await rows.nth(0).locator("input[name=tier_amount]").fill("500")
    await rows.nth(0).locator("select[name=tier_authoriser]").select_option(str(leader.id))
    await page.get_by_role("button", name="Toevoegen").click()
    await expect(rows).to_have_count(2)
    await page.get_by_role("button", name="Toevoegen").click()
    await expect(rows).to_have_count(3)
    await rows.nth(2).get_by_role("button", name="Budgetlimiet verwijderen").click()
    await expect(rows).to_have_count(2)
    await rows.nth(1).locator("input[name=tier_amount]").fill("2.500")
    await rows.nth(1).locator("select[name=tier_authoriser]").select_option(str(admin.id))
    assert await page.evaluate("window.stillTheSamePage") is True
    await tab.screenshot("Accountbeheer - nieuw account")

    # Tab "Toegewezen locaties": two locations; ticking a department ticks its location too.
    await page.locator("label[for=tab-locaties]").click()
    await expect(page.locator("#panel-locaties")).to_be_visible()
    await expect(page.locator("#panel-details")).to_be_hidden()
    await page.locator(f'input[name=location][value="{linde.id}"]').check()
    revalidatie = page.get_by_label("Revalidatie")
    await revalidatie.check()
    await expect(page.locator(f'input[name=location][value="{baken.id}"]')).to_be_checked()
    await tab.screenshot("Accountbeheer - nieuw account - locaties")

    async with page.expect_navigation():
        await page.get_by_role("button", name="Verzenden").click()
    await expect(page.locator("h1")).to_have_text("Accountbeheer")
    await expect(page.get_by_role("status").first).to_contain_text("Het account van Sanne de Vries is aangemaakt")
    await expect(page.locator("#accounts-table")).to_contain_text("Sanne de Vries")
    assert tab.problems == []

    # The invitation arrives by SMTP; Sanne chooses a password and signs in (another browser).
    invitation = await inbox.wait_for("sanne@zorggroep.nl")
    link = re.search(r"(http://127\.0\.0\.1:\d+/wachtwoord-instellen/\S+)", invitation.get_content()).group(1)
    sanne = await open_tab(PHONE)
    await sanne.page.goto(link)
    await expect(sanne.page.locator("h1")).to_have_text("Wachtwoord instellen")
    await sanne.page.locator("#f-password").fill(NEW_PASSWORD)
    await sanne.page.locator("#f-repeat").fill(NEW_PASSWORD)
    async with sanne.page.expect_navigation():
        await sanne.page.get_by_role("button", name="Verzenden").click()
    await sign_in(sanne, "sanne@zorggroep.nl", NEW_PASSWORD)
    await sanne.page.goto(sanne.url("/mijn-account?tab=locaties"))
    await expect(sanne.page.locator("#account-tab")).to_contain_text("Zorgcentrum De Linde")
    await expect(sanne.page.locator("#account-tab")).to_contain_text("Verpleeghuis Het Baken")
    await sanne.page.goto(sanne.url("/mijn-account"))
    await expect(sanne.page.locator("#account-tab")).to_contain_text("2.500,00")

    # The administrator switches the account off with the pencil → "Actief".
    await page.get_by_label("Naam").fill("Sanne")
    async with page.expect_response(lambda r: "naam=Sanne" in r.url):
        await page.get_by_role("button", name="Zoeken").click()
    await expect(page).to_have_url(re.compile(r"/accountbeheer\?naam=Sanne"))  # the filters are in the address bar
    await expect(page.locator("#accounts-table tbody tr")).to_have_count(1)
    async with page.expect_navigation():
        await page.get_by_role("link", name="Account bewerken: Sanne de Vries").click()
    await expect(page.locator("h1")).to_have_text("Account bewerken")
    await expect(page.locator("#f-email")).to_have_attribute("readonly", "readonly")
    await expect(page.locator(".tier-row")).to_have_count(2)
    await page.get_by_label("Actief").uncheck()
    async with page.expect_navigation():
        await page.get_by_role("button", name="Verzenden").click()
    await expect(page.locator("#accounts-table")).to_contain_text("Inactief")

    # Sanne's next click lands on "Inloggen", and signing in again is refused.
    await sanne.page.reload()
    await expect(sanne.page.locator("h1")).to_have_text("Inloggen")
    await sanne.page.locator("#f-email").fill("sanne@zorggroep.nl")
    await sanne.page.locator("#f-password").fill(NEW_PASSWORD)
    async with sanne.page.expect_navigation():
        await sanne.page.get_by_role("button", name="Inloggen").click()
    await expect(sanne.page.get_by_role("alert").or_(sanne.page.locator(".field-error")).first).to_contain_text(
        "Deze combinatie van e-mailadres en wachtwoord is onbekend.")
    assert tab.problems == [] and sanne.problems == []


@SCREENS
async def test_the_list_and_the_form_fit_phone_and_desktop(open_tab, screen: Screen):
    from playwright.async_api import expect

    org, linde, baken, admin, leader = await organisation()
    tab = await open_tab(screen)
    page = tab.page
    await sign_in(tab, admin.email)

    await page.goto(tab.url("/accountbeheer"))
    await expect(page.locator("#accounts-table tbody tr")).to_have_count(5)
    # The list fits: nothing of it (the pencil icon last) hides behind a sideways scroll.
    table = page.locator("#accounts-table table")
    assert await table.evaluate("t => t.getBoundingClientRect().right <= t.closest('main').getBoundingClientRect().right + 0.5")
    pencil = page.get_by_role("link", name="Account bewerken: Anja Administrator")
    assert await pencil.evaluate("a => a.getBoundingClientRect().right <= document.documentElement.clientWidth")
    await fits_the_screen(tab, "Accountbeheer - lijst")

    # Sorting swaps only the table, and the URL follows: a column header on a desktop, "Sorteren" on a
    # phone (whose cards have no header row).
    if screen.is_phone:
        await page.get_by_label("Sorteren").select_option(label="E-mailadres (oplopend)")
    else:
        await page.get_by_role("link", name="E-mailadres").click()
        await expect(page.locator("th[aria-sort]")).to_contain_text("E-mailadres")
    await expect(page).to_have_url(re.compile(r"/accountbeheer\?sorteer=email$"))
    await expect(page.locator("#accounts-table tbody th[scope=row]").first).to_have_text("Anja Administrator")

    await page.goto(tab.url(f"/accountbeheer/{leader.id}/bewerken"))
    await expect(page.locator("h1")).to_have_text("Account bewerken")
    await fits_the_screen(tab, "Accountbeheer - account bewerken")
    await page.locator("label[for=tab-locaties]").click()
    await expect(page.locator("#panel-locaties")).to_be_visible()
    await fits_the_screen(tab, "Accountbeheer - account bewerken - locaties")

    # An invalid form comes back on the tab with the problem, with the message next to the field.
    await page.goto(tab.url("/accountbeheer/nieuw"))
    await page.locator("#f-name").fill("Zonder Locatie")
    await page.locator("#f-email").fill("zonder@zorggroep.nl")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Verzenden").click()
    await expect(page.locator("#panel-locaties")).to_be_visible()
    await expect(page.locator("#e-locations")).to_contain_text("Kies minstens één locatie")
    await expect(page.locator("#f-name")).to_have_value("Zonder Locatie")
    await fits_the_screen(tab, "Accountbeheer - nieuw account - fout")


    # "Wijzig" per location in Mijn account → "Locatiewijzigingsverzoek".
    await page.goto(tab.url("/mijn-account?tab=locaties"))
    async with page.expect_navigation():
        await page.get_by_role("link", name="Wijzig Zorgcentrum De Linde").click()
    await expect(page.locator("h1")).to_have_text("Locatiewijzigingsverzoek")
    await expect(page.get_by_role("button", name="Wijzig locatie")).to_be_visible()
    await expect(page.get_by_role("button", name="Verwijder locatie")).to_be_visible()
    await fits_the_screen(tab, "Locatiewijzigingsverzoek")
    await page.get_by_label("Adres").fill("Lindelaan 12")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Wijzig locatie").click()
    await expect(page.locator("h1")).to_have_text("Mijn locatieverzoeken")
    await expect(page.locator("table")).to_contain_text("In behandeling")
    await fits_the_screen(tab, "Mijn locatieverzoeken")
