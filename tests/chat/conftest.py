"""What the conversation tests share: a customer organisation with people, staff with an /admin session,
and a clock set inside or outside office hours."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from piccolo.apps.user.tables import BaseUser
from piccolo_api.session_auth.tables import SessionsBase

from portal.domain.conversations import hours
from tests import factories
from tests.admin import no_staff, staff  # noqa: F401  (no_staff: every test starts without staff users)
from tests.helpers import login

# A Wednesday, 10:00 and 20:00 in Amsterdam (UTC+1 in December).
OFFICE_TIME = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
EVENING = datetime(2026, 12, 2, 19, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """Sets the conversations' clock: `clock(EVENING)`; office time unless a test says otherwise."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(hours, "now", lambda: moment)

    set_to(OFFICE_TIME)
    return set_to


@pytest.fixture
async def tenant():
    organisation = await factories.organisation("Zorggroep Noord")
    location = await factories.location(organisation, "Huize Noord")
    department = await factories.department(location, "Afdeling Zon")
    return organisation, location, department


async def person(tenant, role: str = "4", name: str | None = None):
    organisation, location, department = tenant
    return await factories.account(organisation, role, locations=[location], departments=[department], name=name)


async def signed_in(make_client, account, ip: str = "127.0.0.1"):
    client = make_client(ip)
    await login(client, account.email, factories.PASSWORD)
    return client


async def staff_client(make_client, username: str = "bart", first_name: str = "Bart"):
    """A browser of a staff member signed in to /admin (its session cookie, as /admin sets it)."""
    user = await staff(username)
    await BaseUser.update({BaseUser.first_name: first_name}).where(BaseUser.id == user.id)
    session = await SessionsBase.create_session(user.id)
    client = make_client()
    client.cookies.set("id", session.token)
    return client


async def page_token(client, path: str) -> str:
    from tests.security.routes import form_token

    return await form_token(client, path)
