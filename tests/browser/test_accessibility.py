"""Every page reachable by GET in a real browser, checked with axe-core for WCAG 2.0, 2.1 and 2.2 A and AA
(issue 7 item 4), as the administrator and as role 4, on a phone (360 px) and a desktop (1280 px); and
no page scrolls sideways on the phone, no list page on the desktop.

The pages come from the app's route list (tests/security/routes.py), with the same sample values for
path parameters, so a new page is checked the moment it exists. axe-core is an npm package for the
tests only (tests/browser/package.json; scripts/run-tests.sh installs it); it is put into the page by the
test, never served by the portal."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from portal.rights import ADMIN
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.security.routes import make_tenant, missing_samples, pages, report, walk

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__test-only__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROLES = (ADMIN, "4")
SCREENS = (PHONE, DESKTOP)
# A fragment (what htmx asks for: a budget tier row, the header's count) is part of a page, and styled by
# it: alone it has no <title> or lang and no CSS, so the rules about the document and about sizes and
# colours belong to the page that includes it (checked there); every other rule applies.
FRAGMENT_RULES_OFF = ["document-title", "html-has-lang", "html-lang-valid", "color-contrast", "target-size"]
RUN_AXE = """async ([tags, rulesOff]) => {
  const rules = Object.fromEntries(rulesOff.map(id => [id, {enabled: false}]));
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules,
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))}));
}"""
# The page's own width against the layout viewport; a list page is one drawn by the listing kit.
LAYOUT = """() => ({
  scrollWidth: document.scrollingElement.scrollWidth,
  clientWidth: document.scrollingElement.clientWidth,
  isList: document.querySelector("table.list-table") !== null,
  sticking: [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 0.5)
    .slice(0, 3).map(e => e.outerHTML.slice(0, 100)),
})"""


def _require_axe() -> None:
    if AXE.exists():
        return
    reason = f"axe-core is not installed at {AXE} (cd tests/browser && npm ci)"
    if os.environ.get("PORTAL_TEST_REQUIRE_ALL") == "true":
        pytest.fail(f"the accessibility suite is required in CI, but {reason}")
    pytest.skip(reason)


async def _signed_in_context(browser, live_server, email: str, axe_source: str):
    # bypass_csp: the test puts axe into the page as a script of its own; the portal's CSP rightly refuses
    # that from anyone else (test_headers.py checks the policy).
    context = await browser.new_context(viewport=PHONE.options["viewport"], has_touch=True, locale="nl-NL",
                                        timezone_id="Europe/Amsterdam", bypass_csp=True)
    context.set_default_timeout(30000)  # a busy machine
    # axe comes from the test, at an address of the portal's origin that the portal itself does not have;
    # the browser keeps the compiled script instead of parsing 500 KB of inline script per page.
    await context.route(f"**{AXE_URL}", lambda route: route.fulfill(
        body=axe_source, content_type="text/javascript", headers={"Cache-Control": "max-age=3600"}))
    page = await context.new_page()
    await page.goto(live_server.base_url + "/inloggen")
    await page.locator("#f-email").fill(email)
    await page.locator("#f-password").fill(factories.PASSWORD)
    async with page.expect_navigation():
        await page.locator("form button[type=submit]").first.click()
    assert "/inloggen" not in page.url, f"sign-in of {email} failed"
    return context, page


async def _check_pages(browser, live_server, urls: list[str], role: str, email: str,
                       axe_source: str) -> tuple[list[str], int]:
    """One signed-in tab visits each page once, at phone width; axe and the layout are checked there,
    and again with the window widened to the desktop's (the page's media queries apply anew)."""
    problems: list[str] = []
    checked = 0
    context, page = await _signed_in_context(browser, live_server, email, axe_source)
    try:
        for url in urls:
            # Downloads (PDF, Excel, QR) are no pages: HEAD says what a URL is without fetching it.
            head = await context.request.head(live_server.base_url + url)
            if not head.headers.get("content-type", "").startswith("text/html"):
                continue
            await page.set_viewport_size(PHONE.options["viewport"])
            response = await page.goto(live_server.base_url + url)
            if response is None or response.status >= 500:
                problems.append(f"{url} (role {role}): answered {response.status if response else 'nothing'}")
                continue
            checked += 1
            await page.add_script_tag(url=AXE_URL)
            is_fragment = not (await response.text()).lstrip()[:15].lower().startswith("<!doctype")
            rules_off = FRAGMENT_RULES_OFF if is_fragment else []
            for screen in SCREENS:
                where = f"{url} (role {role}, {screen.width} px)"
                if screen is not PHONE:
                    await page.set_viewport_size(screen.options["viewport"])
                for violation in await page.evaluate(RUN_AXE, [WCAG_TAGS, rules_off]):
                    problems.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}: "
                                    f"{json.dumps(violation['targets'])}")
                layout = await page.evaluate(LAYOUT)
                if layout["scrollWidth"] > layout["clientWidth"] and (screen is PHONE or layout["isList"]):
                    problems.append(f"{where}: scrolls sideways, {layout['scrollWidth']} px in "
                                    f"{layout['clientWidth']} px; sticking out: {layout['sticking']}")
    finally:
        await context.close()
    return problems, checked


async def test_every_page_meets_wcag_aa_and_fits_the_screen(asgi, live_server, browser):
    _require_axe()
    await live_server.wait_until_ready()
    endpoints = walk(asgi.app).endpoints
    if missing := missing_samples(endpoints):
        pytest.fail(report(missing), pytrace=False)
    tenant = await make_tenant(roles=ROLES)
    axe_source = AXE.read_text()
    runs = []
    for role in ROLES:
        account = tenant.accounts[role]
        urls = [await tenant.url(endpoint, account) for endpoint in pages(endpoints)]
        runs.append(_check_pages(browser, live_server, urls, role, account.email, axe_source))
    # The two tabs side by side: the browser and the server wait on each other less.
    results = await asyncio.gather(*runs)
    problems = [problem for found, _checked in results for problem in found]
    assert all(checked for _found, checked in results), "a tab checked no page"
    assert not problems, report(problems)
