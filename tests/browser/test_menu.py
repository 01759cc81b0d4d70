"""The base layout in a real browser, on a phone (360 px, touch) and a desktop: sign in through the form,
follow every menu item the role has (phone: the "Menu" dropdown; desktop: the menu bar), the footer links,
sign out. On every page: its heading, no horizontal scrolling, nothing in the console (CSP included).
Screenshots land in screenshots/."""

from __future__ import annotations

import pytest

try:
    from playwright.async_api import expect
except ImportError:  # the browser fixtures skip these tests (or fail them in CI) and say why
    expect = None

from portal.navigation import FOOTER, MENU, menu_for
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, Screen, Tab

pytestmark = pytest.mark.browser

SCREENS = pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=lambda screen: screen.name)
SHOP_ITEMS = {"Kopen", "Huren", "Winkelwagen", "Mijn orders", "Mijn ordertemplates", "Mijn offertes", "Mijn facturen"}
# The elements whose right edge lies past the layout viewport, to name the culprit in a failure.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
  .filter(element => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 8).map(element => element.outerHTML.slice(0, 120))"""
THUMB_PX = 44  # the smallest comfortable touch target (WCAG 2.5.5, Apple and Android guidelines)


async def press(tab: Tab, locator) -> None:
    await (locator.tap() if tab.screen.is_phone else locator.click())


async def check_page(tab: Tab, heading: str, response=None) -> None:
    """The page answered, shows its heading, fits the screen and left nothing in the console."""
    page = tab.page
    if response is not None:
        assert response.ok, f"{page.url} answered {response.status}; the server's log ends with:\n{tab.server.log()[-3000:]}"
    await expect(page.locator("h1")).to_have_text(heading)
    # A phone zooms out to show content that is too wide, and window.innerWidth grows with it: compare the
    # page's width to the layout viewport (clientWidth) and the screen's width.
    page_width, layout_width, visual_width = await page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth]")
    assert page_width <= layout_width and visual_width == tab.screen.width, (
        f"{page.url} is wider than the {tab.screen.name}: {page_width} px, screen {tab.screen.width} px; "
        f"sticking out: {await page.evaluate(STICKING_OUT)}")
    await tab.screenshot(heading)
    if tab.problems:
        pytest.fail("\n".join(tab.problems), pytrace=False)


async def navigate(tab: Tab, locator):
    async with tab.page.expect_navigation() as navigation:
        await press(tab, locator)
    return await navigation.value


async def sign_in(tab: Tab, email: str) -> None:
    page = tab.page
    await check_page(tab, "Inloggen", await page.goto(tab.url("/inloggen")))
    await page.get_by_label("E-mailadres").fill(email)
    await page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    response = await navigate(tab, page.get_by_role("button", name="Inloggen"))
    await check_page(tab, "Mijn actuele overzicht", response)  # where a sign-in without a destination lands


async def open_phone_menu(tab: Tab):
    menu = tab.page.locator("header .main-menu")
    await menu.locator("summary").tap()
    return menu


async def menu_labels(tab: Tab) -> list[str]:
    """The menu as the person sees it; on the phone every item must be big enough for a thumb."""
    page = tab.page
    if not tab.screen.is_phone:
        return await page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link").all_inner_texts()
    menu = await open_phone_menu(tab)
    for target in [menu.locator("summary"), *await menu.get_by_role("link").all(), menu.get_by_role("button")]:
        box = await target.bounding_box()
        assert box and box["height"] >= THUMB_PX, f"{await target.inner_text()!r} is too small for a thumb: {box}"
    labels = await menu.get_by_role("link").all_inner_texts()
    await tab.screenshot(f"menu {len(labels)} items")
    await page.keyboard.press("Escape")  # and closed again (static/portal.js)
    await expect(menu.get_by_role("link").first).to_be_hidden()
    return labels


async def follow_menu(tab: Tab, label: str):
    page = tab.page
    if tab.screen.is_phone:
        menu = await open_phone_menu(tab)
        return await navigate(tab, menu.get_by_role("link", name=label, exact=True))
    return await navigate(tab, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label, exact=True))


async def sign_out(tab: Tab) -> None:
    page = tab.page
    if tab.screen.is_phone:
        await open_phone_menu(tab)
    response = await navigate(tab, page.locator("header").get_by_role("button", name="Uitloggen"))
    await check_page(tab, "Inloggen", response)
    await expect(page.get_by_role("status")).to_contain_text("uitgelogd")
    await expect(page.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()


async def walk_the_menu(tab: Tab, role: str, app) -> list[str]:
    """Sign in, open every item of the menu as shown, sign out; answers the labels that were shown."""
    person = await factories.account(await factories.organisation(), role, name="Sanne de Vries")
    await sign_in(tab, person.email)
    who = tab.page.locator("header .who")
    await expect(who).to_be_visible()
    await expect(who).to_contain_text("Sanne de Vries")
    labels = await menu_labels(tab)
    assert labels == [item.label for item in menu_for(app, role)]
    for label in labels:
        await check_page(tab, label, await follow_menu(tab, label))
    await sign_out(tab)
    return labels


@SCREENS
async def test_administrator_sees_and_opens_every_menu_item(open_tab, screen: Screen, asgi):
    labels = await walk_the_menu(await open_tab(screen), "admin", asgi.app)
    assert labels == [item.label for item in MENU]


@SCREENS
async def test_role_4_sees_no_shop_items_and_opens_the_rest(open_tab, screen: Screen, asgi):
    labels = await walk_the_menu(await open_tab(screen), "4", asgi.app)
    assert "Mijn hulpmiddelen" in labels and "Mijn account" in labels
    assert not SHOP_ITEMS & set(labels)


@SCREENS
async def test_footer_links_open_their_pages_and_show_how_to_reach_us(open_tab, screen: Screen):
    tab = await open_tab(screen)
    page = tab.page
    person = await factories.account(await factories.organisation(), "4")
    await sign_in(tab, person.email)
    footer = page.locator("footer")
    await expect(footer).to_contain_text("kantooruren")
    await expect(footer.get_by_role("link", name="088 124 82 11")).to_have_attribute("href", "tel:+31881248211")
    await expect(footer.get_by_role("link", name="onlineklantenservice@harting-bank.nl")).to_have_attribute(
        "href", "mailto:onlineklantenservice@harting-bank.nl")
    for item in FOOTER:
        link = footer.get_by_role("navigation").get_by_role("link", name=item.label, exact=True)
        await check_page(tab, item.label, await navigate(tab, link))
        if item.route == "pages:permissions" and tab.screen.is_phone:
            # The matrix is wider than a phone: it scrolls inside its own box, not the page.
            box = page.locator(".table-scroll")
            assert await box.evaluate("box => box.scrollWidth > box.clientWidth")
            assert await box.evaluate("box => getComputedStyle(box).overflowX") == "auto"
            # Scrolled to the last role, the rights are still in view at the left edge.
            await box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
            label = box.get_by_role("rowheader").first
            assert await label.evaluate(
                "th => Math.abs(th.getBoundingClientRect().left - th.closest('.table-scroll').getBoundingClientRect().left) < 1")
            await tab.screenshot("Rollen en rechten - laatste rol")


@SCREENS
async def test_account_tabs_switch_with_htmx_under_the_content_security_policy(open_tab, screen: Screen):
    tab = await open_tab(screen)
    page = tab.page
    org = await factories.organisation()
    location = await factories.location(org, name="Zorgcentrum De Linde")
    person = await factories.account(org, "4", locations=[location])
    await sign_in(tab, person.email)
    await check_page(tab, "Mijn account", await follow_menu(tab, "Mijn account"))
    await page.evaluate("window.sameDocument = true")  # gone if the tab were opened as a new page
    await press(tab, page.get_by_role("link", name="Toegewezen locaties"))
    await expect(page.get_by_role("heading", name="Toegewezen locaties")).to_be_visible()
    await expect(page.locator("#account-tab")).to_contain_text("Zorgcentrum De Linde")
    assert page.url.endswith("/mijn-account?tab=locaties")
    assert await page.evaluate("window.sameDocument === true"), "htmx did not swap the tab: the page was reloaded"
    await check_page(tab, "Mijn account")
    await tab.screenshot("Mijn account - locaties")
