"""The audit trail (X-4): every change says who made it, when, from where and what changed."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from portal.tables import Account, AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


async def record(
    action: str,
    *,
    actor: Account | None = None,
    actor_label: str = "",
    organisation_id: int | None = None,
    object_type: str = "",
    object_id: Any = "",
    changes: dict[str, Any] | None = None,
    ip_address: str = "",
) -> None:
    await AuditEvent.insert(
        AuditEvent(
            at=datetime.now(timezone.utc),
            actor=actor.id if actor else None,
            actor_label=actor_label or (actor.email if actor else "system"),
            organisation=organisation_id if organisation_id is not None else (actor.organisation if actor else None),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            changes=_plain(changes or {}),
            ip_address=ip_address[:45],
        )
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that changed, as {"field": [old, new]}."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
