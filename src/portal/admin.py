"""piccolo-admin at /admin for HartingBank's own staff (STAFF-1, STAFF-2)."""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo_admin.endpoints import TableConfig, create_admin
from piccolo_api.session_auth.tables import SessionsBase

from portal.settings import Settings
from portal.tables import TABLES


def table_configs() -> list[TableConfig]:
    return [TableConfig(table) for table in TABLES]


def create_staff_admin(settings: Settings):
    return create_admin(
        tables=table_configs(),
        auth_table=BaseUser,
        session_table=SessionsBase,
        site_name="HartingBank back office",
        production=settings.cookie_secure,
        allowed_hosts=[],
        default_language_code="nl",
    )
