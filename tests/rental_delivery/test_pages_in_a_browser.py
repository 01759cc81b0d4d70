"""The aid page and the order page of a delivered rental order in a real browser, on a phone (360 px) and a
desktop (1280 px): WCAG 2.2 AA by axe-core, nothing scrolls sideways, the rent is in view; screenshots in
screenshots/ to look at."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.domain.orders import execution
from portal.i18n import local_today
from tests.browser.conftest import DESKTOP, PHONE, browser, live_server, open_tab  # noqa: F401
from tests.browser.test_accessibility import AXE, _check_pages, _require_axe
from tests.browser.test_menu import sign_in
from tests.rental_delivery.conftest import rental_order

pytestmark = pytest.mark.browser


@pytest.fixture
async def delivered(rental, app):
    order = await rental_order(rental.buyer, rental.linde, [(rental.bed, 2), (rental.lift, 1)], department=rental.west,
                               reference="Kamer 1.12", number="ORD-2026-900101")
    await execution.deliver(order.number, local_today() - timedelta(days=4), execution.Staff("staff:bart"),
                            "HB0100001\n\nHB0100003")
    return order


async def test_the_rent_on_the_aid_and_order_pages_is_accessible_and_fits(rental, delivered, live_server, browser):
    _require_axe()
    await live_server.wait_until_ready()
    urls = ["/hulpmiddelen/HB0100003", f"/profile/orders/{delivered.number}"]

    problems, checked = await _check_pages(browser, live_server, urls, "5", rental.buyer.email, AXE.read_text())

    assert checked == 2 and not problems, problems


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_screenshots_of_the_rent(rental, delivered, open_tab, screen):
    tab = await open_tab(screen)
    page = tab.page
    await sign_in(tab, rental.buyer.email)
    for path, name, rent in [("/hulpmiddelen/HB0100003", "huur-hulpmiddel", "#rental-cost"),
                             (f"/profile/orders/{delivered.number}", "huur-order", "#rent-so-far")]:
        await page.goto(tab.url(path))
        assert await page.locator(rent).is_visible()
        assert await page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
        await tab.screenshot(name)
    assert not tab.problems, tab.problems
