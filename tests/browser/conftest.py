"""Browser tests: the real app under uvicorn in a subprocess, driven by Debian's Chromium through Playwright.

The server reads the test run's database, so the data a test makes with tests/factories.py is what the
browser sees; it keeps its sessions in a data folder of its own. One browser serves the whole run; every
test gets fresh contexts (no cookies carried over) in the screen size it asks for.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"  # git-ignored; look at them after a layout change
# Debian's Chromium without Playwright's downloaded browsers (STACK-NOTES): no sandbox in containers,
# and nothing that phones home while the tests run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TRIES = 300  # about 0.1 s apart: importing the app (piccolo-admin) takes seconds on a busy machine


@dataclass(frozen=True)
class Screen:
    name: str
    options: dict[str, Any]

    @property
    def width(self) -> int:
        return self.options["viewport"]["width"]

    @property
    def is_phone(self) -> bool:
        return bool(self.options.get("is_mobile"))


PHONE = Screen("telefoon", {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True})
DESKTOP = Screen("desktop", {"viewport": {"width": 1280, "height": 800}})


def _require_browser() -> None:
    """Skip where Chromium or Playwright is missing, with the reason; in CI (PORTAL_TEST_REQUIRE_ALL) fail."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "the Python package playwright is not installed (pip install -e '.[test]')"
    if reason is None:
        return
    if os.environ.get("PORTAL_TEST_REQUIRE_ALL") == "true":
        pytest.fail(f"browser tests are required in CI, but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    process: subprocess.Popen
    base_url: str
    log_path: Path
    is_ready: bool = False

    async def wait_until_ready(self) -> None:
        """Poll /ping a bounded number of times; a server that dies or never answers fails with its log."""
        if self.is_ready:
            return
        async with httpx.AsyncClient(base_url=self.base_url, timeout=1) as http:
            for _ in range(SERVER_START_TRIES):
                if self.process.poll() is not None:
                    pytest.fail(f"the portal server stopped at start-up:\n{self.log()}")
                try:
                    if (await http.get("/ping")).text == "ok":
                        self.is_ready = True
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        pytest.fail(f"the portal server did not answer /ping:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def run_live_server(data_dir: Path, port: int | None = None, **extra_env: str) -> Iterator[LiveServer]:
    """The portal under uvicorn on a free port (or `port`: a server started again where browsers expect
    it), on the test run's database (tests/conftest.py), with its own data folder; `extra_env` adds
    settings (e.g. PORTAL_SMTP_URL). `open_tab` waits until it answers."""
    port = port or _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PORTAL_DATABASE_URL": os.environ["PORTAL_DATABASE_URL"],
        "PORTAL_DATA_DIR": str(data_dir),
        "PORTAL_SECRET_KEY": "browser-test-secret-key-that-is-long-enough",
        "PORTAL_BASE_URL": base_url,
        **extra_env,
    }
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "portal.app:asgi_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
             # An open live stream (chat) would hold a graceful shutdown up to its end: a stopped test
             # server is a dropped connection, as a crashed one would be.
             "--timeout-graceful-shutdown", "1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        yield LiveServer(process, base_url, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_server(migrated_database, tmp_path_factory) -> Iterator[LiveServer]:
    """The portal under uvicorn. It starts here and is waited for in `open_tab`, so its start-up (seconds
    of imports) overlaps with the browser's."""
    _require_browser()  # no point in starting a server no browser will visit
    with run_live_server(tmp_path_factory.mktemp("live-server")) as server:
        yield server


@pytest.fixture(scope="session")
async def browser():
    _require_browser()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@dataclass
class Tab:
    """One page in one screen size, with what went wrong in its console along the way."""

    page: Any
    screen: Screen
    server: LiveServer
    problems: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def url(self, path: str) -> str:
        return self.base_url + path

    async def screenshot(self, name: str) -> None:
        """Full-page screenshot in screenshots/, once per page and screen size in a run."""
        path = SCREENSHOTS / f"{self.screen.name}-{_slug(name)}.png"
        if path in _screenshots_taken:
            return
        _screenshots_taken.add(path)
        SCREENSHOTS.mkdir(exist_ok=True)
        # caret="initial": hiding the caret injects a <style> that the CSP (rightly) refuses.
        await self.page.screenshot(path=str(path), full_page=True, caret="initial")


_screenshots_taken: set[Path] = set()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture
async def open_tab(live_server, browser):
    """`await open_tab(PHONE)`: a new context and page; console errors, failed loads, CSP violations and
    uncaught exceptions land in `tab.problems`."""
    await live_server.wait_until_ready()
    contexts = []

    async def open_(screen: Screen) -> Tab:
        context = await browser.new_context(**screen.options, locale="nl-NL", timezone_id="Europe/Amsterdam")
        context.set_default_timeout(5000)
        contexts.append(context)
        page = await context.new_page()
        tab = Tab(page=page, screen=screen, server=live_server)
        page.on("console", lambda message: message.type == "error"
                and tab.problems.append(f"console on {page.url}: {message.text}"))
        page.on("pageerror", lambda error: tab.problems.append(f"script error on {page.url}: {error}"))
        # The console names no address for a failed load; this does (stylesheets, scripts, images, htmx calls).
        page.on("response", lambda response: response.status >= 400 and response.request.resource_type != "document"
                and tab.problems.append(f"{response.status} for {response.url} on {page.url}"))
        return tab

    yield open_
    for context in contexts:
        await context.close()


async def open_admin_form(tab: Tab, form: str, heading: str, username: str = "bart") -> Any:
    """Staff sign in to /admin (a user made with create_staff_user and tests.admin.STAFF_PASSWORD) and open
    one of its forms (its slug, e.g. "order-geleverd"); the page, for the caller to fill the form's fields."""
    from playwright.async_api import expect

    from tests.admin import STAFF_PASSWORD

    page = tab.page
    page.set_default_timeout(20000)  # the admin's script bundle is large for a busy test machine
    await page.goto(tab.url("/admin/"), wait_until="domcontentloaded")
    await page.locator("input[name=username]").fill(username)
    await page.locator("input[name=password]").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.locator("#nav")).to_contain_text(username)
    await page.goto(tab.url(f"/admin/#/forms/{form}"), wait_until="domcontentloaded")
    await expect(page.get_by_role("heading", name=heading)).to_be_visible()
    return page
