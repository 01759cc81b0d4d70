"""Every row staff create, change or delete through the admin goes into the audit trail (X-4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import Column
from piccolo.table import Table
from piccolo_api.crud.hooks import Hook, HookType
from starlette.exceptions import HTTPException
from starlette.requests import Request

from portal.domain import audit
from portal.domain.accounts import normalise_email
from portal.domain.mail import without_one_time_links
from portal.domain.staff import staff_password_problem
from portal.tables import Organisation


def staff_label(request: Request) -> str:
    """The actor of an audit event made by a signed-in staff user."""
    user = getattr(request.user, "user", None)
    return f"staff:{user.username}" if user is not None else "staff"


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def _masked(table: type[Table], changes: dict[str, Any]) -> dict[str, Any]:
    """The changes without secrets, and without one-time links: the trail is read in the admin too (a
    withdrawn invitation mail, say, would otherwise leave its live link there)."""
    secret = {column._meta.name for column in table._meta.secret_columns}

    def plain(value: Any) -> Any:
        return without_one_time_links(value) if isinstance(value, str) else value

    return {name: ["***", "***"] if name in secret else [plain(value) for value in change] for name, change in changes.items()}


def _organisation_of(table: type[Table], row: dict[str, Any]) -> int | None:
    value = row.get("id") if table is Organisation else row.get("organisation")
    return value if isinstance(value, int) else None


NORMALISE: dict[str, Callable[[Any], Any]] = {"email": lambda value: normalise_email(value) if isinstance(value, str) else value}


def _normalised(values: dict[Column, Any]) -> dict[Column, Any]:
    """E-mail addresses are stored lower-case (that is how sign-in finds them)."""
    return {column: NORMALISE.get(column._meta.name, lambda v: v)(value) for column, value in values.items()}


def _kept(old: Any, new: Any) -> Any:
    """The admin's date-time fields hold whole seconds: a form saved as it was would cut the rest off
    every timestamp on it. Such a value keeps what it was."""
    if isinstance(old, datetime) and isinstance(new, datetime) and new.microsecond == 0 and old.replace(microsecond=0) == new:
        return old
    return new


def _check_staff_password(table: type[Table], values: dict[Column, Any]) -> None:
    if table is not BaseUser:
        return
    password = next((value for column, value in values.items() if column._meta.name == "password"), None)
    if password and (problem := staff_password_problem(password)):
        raise HTTPException(status_code=400, detail=problem)


def audit_hooks(table: type[Table]) -> list[Hook]:
    """Every row staff create, change or delete, in the audit trail: who, when, from where, what.

    piccolo-admin only has hooks that run before the write, so a change the database then refuses
    (a duplicate e-mail address, say) leaves its event behind; no change goes unrecorded."""
    tablename = table._meta.tablename
    primary_key = table._meta.primary_key

    async def created(row: Table, request: Request) -> Table:
        for name, normalise in NORMALISE.items():
            if hasattr(row, name):
                setattr(row, name, normalise(getattr(row, name)))
        values = {c._meta.name: getattr(row, c._meta.name) for c in table._meta.columns if c is not primary_key}
        await audit.record(
            "admin_created", actor_label=staff_label(request), organisation_id=_organisation_of(table, values),
            object_type=tablename, changes=_masked(table, {k: [None, v] for k, v in values.items()}),
            ip_address=client_ip(request),
        )
        return row

    async def changed(row_id: Any, values: dict[Column, Any], request: Request) -> dict[Column, Any]:
        values = _normalised(values)
        _check_staff_password(table, values)
        columns = [*values, *([table.organisation] if hasattr(table, "organisation") else [])]  # type: ignore[attr-defined]
        before = await table.select(*columns).where(primary_key == row_id).first() or {}
        values = {column: _kept(before.get(column._meta.name), value) for column, value in values.items()}
        changes = audit.diff(before, {column._meta.name: value for column, value in values.items()})
        if changes:
            await audit.record(
                "admin_changed", actor_label=staff_label(request),
                organisation_id=_organisation_of(table, {"id": row_id, **before}), object_type=tablename,
                object_id=row_id, changes=_masked(table, changes), ip_address=client_ip(request),
            )
        return values

    async def deleted(row_id: Any, request: Request) -> None:
        # The whole row goes into the event: after the delete it is the only trace of it.
        before = await table.select().where(primary_key == row_id).first() or {}
        await audit.record(
            "admin_deleted", actor_label=staff_label(request), organisation_id=_organisation_of(table, {"id": row_id, **before}),
            object_type=tablename, object_id=row_id, ip_address=client_ip(request),
            changes=_masked(table, {name: [value, None] for name, value in before.items() if name != primary_key._meta.name}),
        )

    return [
        Hook(hook_type=HookType.pre_save, callable=created),
        Hook(hook_type=HookType.pre_patch, callable=changed),
        Hook(hook_type=HookType.pre_delete, callable=deleted),
    ]
