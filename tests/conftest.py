"""Test set-up: a real database (SQLite by default, PostgreSQL with PORTAL_TEST_DATABASE_URL), migrated
once per run and emptied before every test, and the real app behind an HTTP client."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# The engine is chosen when the tables are imported, so the environment is set first.
_TMP = Path(tempfile.mkdtemp(prefix="portal-tests-"))
os.environ["PORTAL_DATA_DIR"] = str(_TMP)
os.environ["PORTAL_DATABASE_URL"] = os.environ.get("PORTAL_TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.sqlite3'}"
os.environ["PORTAL_SECRET_KEY"] = "test-secret-key-that-is-long-enough-for-the-settings"
os.environ.pop("PORTAL_SMTP_URL", None)
os.environ.pop("PORTAL_REDIS_URL", None)
os.environ["PORTAL_BASE_URL"] = "http://testserver"

import httpx  # noqa: E402
import pytest  # noqa: E402

from portal.settings import get_settings, reset_settings  # noqa: E402
from tests import factories  # noqa: E402
from tests.helpers import empty_database, migrate_fresh  # noqa: E402


def pytest_report_header(config):
    return f"database: {os.environ['PORTAL_DATABASE_URL'].split('@')[-1]}"


@pytest.fixture(scope="session", autouse=True)
async def migrated_database():
    from piccolo.engine import engine_finder
    from piccolo.engine.postgres import PostgresEngine

    await migrate_fresh()
    engine = engine_finder()
    # As in production (app start-up): a pool, not a new connection per query.
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(max_size=10)
    yield
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


@pytest.fixture(autouse=True)
async def clean_database(migrated_database):
    from portal.domain import background

    await empty_database()
    factories.reset_counters()
    yield
    await background.drain()  # work a test left queued (a reset mail) must not run into the next test


@pytest.fixture(scope="session")
def settings():
    reset_settings()
    return get_settings()


@pytest.fixture(scope="session")
def asgi(settings):
    from portal.app import asgi_app

    return asgi_app(settings)


@pytest.fixture
async def app(asgi):
    """The Litestar app inside the security-header wrapper, with empty session and throttle stores."""
    await asgi.app.state.sessions.store.delete_all()
    await asgi.app.state.login_throttle.store.delete_all()
    return asgi.app


@pytest.fixture
async def client(asgi, app):
    transport = httpx.ASGITransport(app=asgi, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def make_client(asgi, app):
    """More clients (other people, other browsers) in one test."""
    clients: list[httpx.AsyncClient] = []

    def make(ip: str = "127.0.0.1") -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi, client=(ip, 50000)), base_url="http://testserver")
        clients.append(http)
        return http

    yield make


@pytest.fixture
def smtp_server(monkeypatch, settings):
    """A real SMTP server on localhost (aiosmtpd); the portal sends to it for the length of the test.
    `smtp_server.messages` holds the received e-mails (email.message.EmailMessage)."""
    import dataclasses
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    import portal.domain.mail as mail_module

    class Inbox:
        def __init__(self) -> None:
            self.messages: list[email.message.EmailMessage] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(mail_module, "get_settings", lambda: dataclasses.replace(settings, smtp_url=f"smtp://127.0.0.1:{port}"))
    try:
        yield inbox
    finally:
        controller.stop()
