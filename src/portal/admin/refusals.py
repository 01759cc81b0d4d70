"""What the admin refuses, with the Dutch message staff see.

Whole-row replacement (PUT) is always refused: the admin's own screens use PATCH, which the audit sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from piccolo_api.crud.validators import Validators
from starlette.exceptions import HTTPException
from starlette.requests import Request

AUDIT_READ_ONLY = "Het auditlog kan niet worden gewijzigd."
NO_PUT = "Wijzig een rij met het bewerkscherm (PATCH); vervangen met PUT komt niet in het auditlog."


def refuse(message: str) -> Callable[..., None]:
    def refusal(piccolo_crud: Any, request: Request) -> None:
        raise HTTPException(status_code=405, detail=message)

    return refusal


def refusing(*, create: str | None = None, change: str | None = None, delete: str | None = None) -> Validators:
    """Refusals with the message staff see; PUT and deleting all rows at once are always refused."""
    return Validators(
        post_single=[refuse(create)] if create else [],
        put_single=[refuse(change or NO_PUT)],
        patch_single=[refuse(change)] if change else [],
        delete_single=[refuse(delete)] if delete else [],
        delete_all=[refuse(delete or NO_PUT)],
    )
