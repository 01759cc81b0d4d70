"""What the admin refuses, with the Dutch message staff see.

Whole-row replacement (PUT) is always refused: the admin's own screens use PATCH, which the audit sees."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from piccolo_api.crud.validators import ValidatorFunction, Validators
from starlette.exceptions import HTTPException
from starlette.requests import Request

AUDIT_READ_ONLY = "Het auditlog kan niet worden gewijzigd."
NO_PUT = "Wijzig een rij met het bewerkscherm (PATCH); vervangen met PUT komt niet in het auditlog."


def refuse(message: str) -> Callable[..., None]:
    def refusal(piccolo_crud: Any, request: Request) -> None:
        raise HTTPException(status_code=405, detail=message)

    return refusal


def refuse_queries_on(column: str, message: str) -> ValidatorFunction:
    """Refuses filtering or sorting rows by `column` (in the list, its count and the CSV export), for a
    column whose content staff may read only masked: each such query would tell whether it matches."""

    def refusal(piccolo_crud: Any, request: Request) -> None:
        for key, value in request.query_params.multi_items():
            if key == "__order":
                queried = [name.strip().lstrip("-") for name in value.split(",")]
            else:
                queried = [] if key.startswith("__") else [key.removesuffix("[]").split("__")[0]]
            if column in queried:
                raise HTTPException(status_code=400, detail=message)

    return refusal


def refusing(
    *, create: str | None = None, change: str | None = None, delete: str | None = None,
    queries: Sequence[ValidatorFunction] = (),
) -> Validators:
    """Refusals with the message staff see; PUT and deleting all rows at once are always refused."""
    return Validators(
        every=list(queries),
        post_single=[refuse(create)] if create else [],
        put_single=[refuse(change or NO_PUT)],
        patch_single=[refuse(change)] if change else [],
        delete_single=[refuse(delete)] if delete else [],
        delete_all=[refuse(delete or NO_PUT)],
    )
