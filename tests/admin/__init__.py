"""Helpers for the staff admin tests: staff users, a browser per test and the admin's JSON sign-in."""

from __future__ import annotations

import itertools

import httpx
import pytest
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from portal.domain.staff import create_staff_user

STAFF_PASSWORD = "Rolstoel-Onderhoud-2026"
_addresses = itertools.count(1)


@pytest.fixture(autouse=True)
async def no_staff(monkeypatch):
    """The harness empties the portal's tables; staff users and their sessions are Piccolo's own.
    Their hashes get fewer rounds here: 600,000 take a second a hash on a busy test machine."""
    monkeypatch.setattr(BaseUser, "_pbkdf2_iteration_count", 1_000)
    await SessionsBase.delete(force=True)
    await BaseUser.delete(force=True)
    yield


@pytest.fixture
def browser(make_client):
    """A browser with an address of its own: the admin allows 20 sign-in requests per address in five
    minutes, and the test run is one long five minutes."""

    def make() -> httpx.AsyncClient:
        n = next(_addresses)
        return make_client(ip=f"10.77.{n // 250}.{n % 250 + 1}")

    return make


async def staff(username: str = "bart", email: str | None = None, **kwargs) -> BaseUser:
    return await create_staff_user(username, email or f"{username}@harting-bank.nl", STAFF_PASSWORD, **kwargs)


async def admin_csrf(http: httpx.AsyncClient) -> str:
    """The admin's CSRF token: the cookie its page sets, which its JavaScript sends back as a header."""
    if "csrftoken" not in http.cookies:
        page = await http.get("/admin/")
        assert page.status_code == 200
    return http.cookies["csrftoken"]


async def admin_login(http: httpx.AsyncClient, username: str = "bart", password: str = STAFF_PASSWORD) -> httpx.Response:
    """Signs in the way the admin's login screen does: JSON, with the CSRF header."""
    token = await admin_csrf(http)
    return await http.post(
        "/admin/public/login/", json={"username": username, "password": password}, headers={"X-CSRFToken": token}
    )


async def admin_send(http: httpx.AsyncClient, method: str, path: str, json=None) -> httpx.Response:
    """A changing request to the admin's API, as its JavaScript makes it."""
    token = await admin_csrf(http)
    return await http.request(method, path, json=json, headers={"X-CSRFToken": token})
