"""The status trail of a service request: every step, who took it and when, visible to the customer on
the request's page (SRV-3, PLN-2)."""

from __future__ import annotations

from datetime import datetime, timezone

from portal.tables import Account, ServiceRequest, ServiceRequestEvent


async def record_step(request: ServiceRequest | int, status: str, *, by: Account | None = None,
                      by_label: str = "", note: str = "", at: datetime | None = None) -> None:
    """Write a step of the trail (the caller has already set the request's status in the same
    transaction). `by_label` names who did it when it was not a customer account ("HartingBank")."""
    request_id = request if isinstance(request, int) else request.id
    await ServiceRequestEvent(
        service_request=request_id, status=status, at=at or datetime.now(timezone.utc),
        by_account=by.id if by is not None else None, by_label=by_label or (by.name if by is not None else ""),
        note=note,
    ).save()
