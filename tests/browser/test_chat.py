"""The live chat in real browsers (CON-1, STAFF-2): a customer opens the chat at the bottom right, a staff
member answers from the desk reached from /admin, and each sees the other's message without a reload;
the same with the two on different app processes that share Redis. The staff's pages pass axe too (the
accessibility suite signs in as customers only)."""

from __future__ import annotations

import os
import socket

import pytest
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from tests import factories, order_factories
from tests.admin import no_staff, staff  # noqa: F401  (no_staff: every test starts without staff users)
from tests.browser.conftest import DESKTOP, PHONE, run_live_server
from tests.browser.test_accessibility import AXE, RUN_AXE, WCAG_TAGS
from tests.browser.test_account_admin import fits_the_screen, sign_in

pytestmark = pytest.mark.browser

REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


async def customer():
    organisation = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(organisation, "Zorgcentrum De Linde")
    return await factories.account(organisation, "2", name="Nina Verpleegkundige", email="nina@delinde.nl",
                                   locations=[linde]), linde


async def as_staff(tab) -> None:
    """The staff member's browser with a session of /admin (as its sign-in sets it)."""
    user = await staff("bart")
    await BaseUser.update({BaseUser.first_name: "Bart"}).where(BaseUser.id == user.id)
    session = await SessionsBase.create_session(user.id)
    await tab.page.context.add_cookies([{"name": "id", "value": session.token, "url": tab.base_url}])


async def open_chat(tab):
    from playwright.async_api import expect

    page = tab.page
    await page.locator("#chat-widget > summary").click()
    await expect(page.locator("#chat-form textarea")).to_be_visible()
    return page


async def say(page, form: str, text: str) -> None:
    """Type and send; done when the box is empty again (the fresh form htmx put in its place)."""
    from playwright.async_api import expect

    await page.locator(f"{form} textarea").fill(text)
    await page.locator(f"{form} button[type=submit]").click()
    await expect(page.locator(f"{form} textarea")).to_have_value("")


async def axe_problems(tab) -> list[str]:
    await tab.page.add_script_tag(content=AXE.read_text())
    found = await tab.page.evaluate(RUN_AXE, [WCAG_TAGS, []])
    return [f"{tab.page.url}: {v['id']} {v['help']} {v['targets']}" for v in found]


async def chat_both_ways(customer_tab, staff_tab, nurse) -> None:
    from playwright.async_api import expect

    for tab in (customer_tab, staff_tab):
        tab.page.context.set_default_timeout(15000)  # two servers and two browsers on a busy machine
    await sign_in(customer_tab, nurse.email)
    await customer_tab.page.goto(customer_tab.url("/hulpmiddelen"))
    await as_staff(staff_tab)
    staff = staff_tab.page
    await staff.goto(staff_tab.url("/medewerkers/chat/"))
    await expect(staff.locator("h1")).to_have_text("Chats beantwoorden")
    await expect(staff.locator("#open-conversations")).to_contain_text("Er zijn geen open gesprekken.")

    page = await open_chat(customer_tab)
    await fits_the_screen(customer_tab, "Chat open")
    await say(page, "#chat-form", "Goedemorgen, de tillift in kamer 12 piept.")
    await expect(page.locator("#chat-log")).to_contain_text("de tillift in kamer 12 piept")
    await expect(page.locator("#chat-form textarea")).to_have_value("")

    # The staff's list shows the new conversation by itself; no reload.
    row = staff.locator("#open-conversations tbody tr").first
    await expect(row).to_contain_text("Wacht op antwoord", timeout=10000)
    await expect(row).to_contain_text("Zorggroep De Linde")
    await row.get_by_role("link").click()
    await expect(staff.locator("#antwoord-log")).to_contain_text("de tillift in kamer 12 piept")
    await fits_the_screen(staff_tab, "Chat beantwoorden")

    await say(staff, "#antwoord-form", "Wij sturen vanmiddag een monteur.")
    await expect(page.locator("#chat-log")).to_contain_text("Wij sturen vanmiddag een monteur.", timeout=10000)
    await expect(page.locator("#chat-log .from-staff")).to_contain_text("Bart")

    await say(page, "#chat-form", "Dank u wel!")
    await expect(staff.locator("#antwoord-log")).to_contain_text("Dank u wel!", timeout=10000)
    # Each message once, on both sides (the customer's own last message comes through its stream, which on
    # a busy machine may be a moment behind the staff's).
    await expect(page.locator("#chat-log")).to_contain_text("Dank u wel!", timeout=10000)
    await expect(page.locator("#chat-log li")).to_have_count(3)
    await expect(staff.locator("#antwoord-log li")).to_have_count(3)
    assert customer_tab.problems == [] and staff_tab.problems == []


async def test_a_customer_and_staff_chat_and_each_sees_the_other_without_reloading(open_tab):
    nurse, _linde = await customer()
    await chat_both_ways(await open_tab(PHONE), await open_tab(DESKTOP), nurse)


async def test_the_same_across_two_app_processes_sharing_redis(open_tab, browser, tmp_path):
    from tests.browser.conftest import Tab

    if not _redis_reachable():
        if os.environ.get("PORTAL_TEST_REQUIRE_ALL") == "true":
            pytest.fail("Redis is required in CI but not reachable on 127.0.0.1:6379")
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    nurse, _linde = await customer()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with run_live_server(tmp_path / "a", PORTAL_REDIS_URL=REDIS_URL) as first, \
            run_live_server(tmp_path / "b", PORTAL_REDIS_URL=REDIS_URL) as second:
        await first.wait_until_ready()
        await second.wait_until_ready()
        tabs = []
        for server, screen in ((first, PHONE), (second, DESKTOP)):
            tab = await open_tab(screen)
            tabs.append(Tab(page=tab.page, screen=screen, server=server, problems=tab.problems))
        await chat_both_ways(tabs[0], tabs[1], nurse)


async def test_a_dropped_connection_reconnects_and_shows_what_was_missed_once(open_tab, tmp_path):
    """The customer's server stops and comes back at the same address; what staff wrote meanwhile (on the
    other process) arrives once, in order, without a reload."""
    from playwright.async_api import expect

    from tests.browser.conftest import Tab

    if not _redis_reachable():
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    nurse, _linde = await customer()
    for name in ("a", "a2", "b"):
        (tmp_path / name).mkdir()
    with run_live_server(tmp_path / "b", PORTAL_REDIS_URL=REDIS_URL) as staff_server:
        await staff_server.wait_until_ready()
        staff_tab = await open_tab(DESKTOP)
        staff_tab = Tab(page=staff_tab.page, screen=DESKTOP, server=staff_server, problems=staff_tab.problems)
        staff_tab.page.context.set_default_timeout(15000)
        await as_staff(staff_tab)
        with run_live_server(tmp_path / "a", PORTAL_REDIS_URL=REDIS_URL) as first:
            await first.wait_until_ready()
            opened = await open_tab(PHONE)
            tab = Tab(page=opened.page, screen=PHONE, server=first)
            tab.page.context.set_default_timeout(15000)
            await sign_in(tab, nurse.email)
            await tab.page.goto(tab.url("/chat"))
            await say(tab.page, "#chat-form", "Is er iemand?")
            await expect(tab.page.locator("#chat-log")).to_contain_text("Is er iemand?")
            port = int(first.base_url.rsplit(":", 1)[1])
        # The customer's server is gone; staff answer meanwhile.
        await staff_tab.page.goto(staff_tab.url("/medewerkers/chat/"))
        await staff_tab.page.locator("#open-conversations tbody a").first.click()
        await say(staff_tab.page, "#antwoord-form", "Ja, ik ben er.")
        await say(staff_tab.page, "#antwoord-form", "Waarmee kan ik helpen?")
        await expect(staff_tab.page.locator("#antwoord-log li")).to_have_count(3)
        with run_live_server(tmp_path / "a2", port=port, PORTAL_REDIS_URL=REDIS_URL) as again:
            await again.wait_until_ready()
            log = tab.page.locator("#chat-log li")
            await expect(log).to_have_count(3, timeout=30000)
            await expect(log.nth(1)).to_contain_text("Ja, ik ben er.")
            await expect(log.nth(2)).to_contain_text("Waarmee kan ik helpen?")
            # Live again after the reconnect.
            await say(staff_tab.page, "#antwoord-form", "Nog iets?")
            await expect(log).to_have_count(4, timeout=15000)


async def test_the_order_thread_the_open_chat_and_the_staff_pages_pass_axe(browser, live_server):
    from playwright.async_api import expect

    from tests.browser.conftest import Tab

    await live_server.wait_until_ready()
    nurse, linde = await customer()
    order = await order_factories.order(nurse, linde)
    # axe is put into the page by the test: the portal's CSP rightly refuses that from anyone else.
    contexts = [await browser.new_context(**screen.options, locale="nl-NL", bypass_csp=True) for screen in (PHONE, DESKTOP)]
    try:
        for context in contexts:
            context.set_default_timeout(15000)
        tab = Tab(page=await contexts[0].new_page(), screen=PHONE, server=live_server)
        await sign_in(tab, nurse.email)
        page = tab.page
        await page.goto(tab.url(f"/profile/orders/{order.number}"))
        await say(page, "#gesprek-form", "Kan de levering een dag later?")
        await expect(page.locator("#gesprek-log")).to_contain_text("Kan de levering een dag later?")
        await fits_the_screen(tab, "Order met berichten")
        await open_chat(tab)
        await say(page, "#chat-form", "Een vraag in de chat")
        await expect(page.locator("#chat-log")).to_contain_text("Een vraag in de chat")
        problems = await axe_problems(tab)  # the order page with its thread and the open chat panel

        staff_tab = Tab(page=await contexts[1].new_page(), screen=DESKTOP, server=live_server)
        await as_staff(staff_tab)
        await staff_tab.page.goto(staff_tab.url("/medewerkers/chat/"))
        problems += await axe_problems(staff_tab)
        await staff_tab.page.get_by_role("link", name=f"Order {order.number}").click()
        await expect(staff_tab.page.locator("h1")).to_have_text(f"Order {order.number}")
        problems += await axe_problems(staff_tab)
        await staff_tab.page.set_viewport_size(PHONE.options["viewport"])
        problems += await axe_problems(staff_tab)
        await fits_the_screen(staff_tab, "Bericht bij order beantwoorden")
    finally:
        for context in contexts:
            await context.close()
    assert problems == []


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
        return True
    except OSError:
        return False
