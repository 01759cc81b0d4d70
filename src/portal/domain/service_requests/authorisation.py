"""Authorising service requests (SRV-3) through the one approval workflow of portal.domain.approval: the
assigned authoriser (or their substitute, or the administrator when they can no longer decide) approves
— then HartingBank sees the request — or rejects it with a reason; the requester is told either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from portal.domain import approval
from portal.domain.service_requests.details import WAITING, get_request_for
from portal.domain.service_requests.labels import SERVICE_KIND_LABELS
from portal.domain.service_requests.messages import tell
from portal.domain.service_requests.trail import record_step
from portal.domain.scope import Scope
from portal.i18n import TIMEZONE, _, format_moment
from portal.listing import DESKTOP, Column, Listing, Sort
from portal.tables import Account, ServiceRequest



@dataclass
class RequestSubject:
    request: ServiceRequest

    @property
    def organisation_id(self) -> int:
        return self.request.organisation

    @property
    def requester_id(self) -> int | None:
        return self.request.requester

    @property
    def assigned_id(self) -> int | None:
        return self.request.authoriser

    async def settle(self, approved: bool, decider: Account, reason: str) -> bool:
        now = datetime.now(timezone.utc)
        changed = await ServiceRequest.update({
            ServiceRequest.status: "submitted" if approved else "rejected",
            ServiceRequest.authorised_at: now, ServiceRequest.authorisation_note: reason, ServiceRequest.updated_at: now,
        }).where((ServiceRequest.id == self.request.id) & (ServiceRequest.status == WAITING)).returning(ServiceRequest.id)
        return bool(changed)

    async def decided(self, approved: bool, decider: Account, reason: str) -> None:
        request = self.request
        if approved:
            await record_step(request, "submitted", by=decider,
                              note=_("Geautoriseerd door %(name)s") % {"name": decider.name} + (f": {reason}" if reason else ""))
            title = _("Uw aanvraag %(number)s is goedgekeurd") % {"number": request.number}
            text = _("%(name)s heeft uw aanvraag (%(kind)s) goedgekeurd. HartingBank neemt haar nu in behandeling en "
                     "laat u weten wanneer zij is ingepland.")
        else:
            await record_step(request, "rejected", by=decider, note=reason)
            title = _("Uw aanvraag %(number)s is afgewezen") % {"number": request.number}
            text = _("%(name)s heeft uw aanvraag (%(kind)s) afgewezen. Reden: %(reason)s")
        await tell(request.requester, request, title, text % {
            "name": decider.name, "kind": SERVICE_KIND_LABELS.get(request.kind, request.kind).lower(), "reason": reason})


async def decide(decider: Account, scope: Scope, number: str, approved: bool, reason: str) -> tuple[ServiceRequest, dict[str, str]]:
    """Approve or reject the request with this number (in the decider's scope, else NotFound)."""
    request = await get_request_for(scope, number, decider=decider)
    errors = await approval.decide(decider, RequestSubject(request), approved, reason)
    return request, errors


async def waiting_for(account: Account):
    """The condition of the requests waiting for `account` to decide today ("Te autoriseren")."""
    today = datetime.now(TIMEZONE).date()
    assignees = await approval.waiting_assignees(account, today)
    if not assignees:
        return None
    ids = sorted(i for i in assignees if i is not None)
    condition = ServiceRequest.authoriser.is_in(ids) if ids else None
    if None in assignees:
        nobody = ServiceRequest.authoriser.is_null()
        condition = nobody if condition is None else condition | nobody
    return ((ServiceRequest.organisation == account.organisation) & (ServiceRequest.status == WAITING)
            & (ServiceRequest.requester != account.id) & condition)


async def waiting_count(account: Account) -> int:
    condition = await waiting_for(account)
    return await ServiceRequest.count().where(condition) if condition is not None else 0


WAITING_LISTING = Listing(
    id="to-authorise",
    caption=_("Aanvragen die op uw autorisatie wachten"),
    columns=(
        Column("number", _("Ordernummer"), link="actions:show", nowrap=True),
        Column("kind_label", _("Soort")),
        Column("object_number", _("Objectnummer"), nowrap=True),
        Column("requester_name", _("Aangevraagd door")),
        Column("location_name", _("Locatie"), priority=DESKTOP),
        Column("created_label", _("Aanvraagdatum"), nowrap=True),
        Column("note", _("Let op"), priority=DESKTOP),
    ),
    default_sort=Sort("oudste"),
    sorts={"oudste": _("Aanvraagdatum")},
)
SHOWN_AT_MOST = 500


async def waiting_rows(account: Account, limit: int = SHOWN_AT_MOST) -> list[dict]:
    """The requests waiting for `account`, oldest first (at most `limit`), with what the list shows."""
    condition = await waiting_for(account)
    if condition is None:
        return []
    rows = await ServiceRequest.select(
        ServiceRequest.number, ServiceRequest.kind, ServiceRequest.created_at, ServiceRequest.authoriser,
        ServiceRequest.asset.object_number.as_alias("object_number"),
        ServiceRequest.requester.name.as_alias("requester_name"),
        ServiceRequest.location.name.as_alias("location_name"),
        ServiceRequest.authoriser.name.as_alias("authoriser_name"),
    ).where(condition).order_by(ServiceRequest.created_at).limit(limit)
    for row in rows:
        row["kind_label"] = SERVICE_KIND_LABELS.get(row["kind"], row["kind"])
        row["created_label"] = format_moment(row["created_at"])
    await approval.waiting_notes(account, rows)
    return rows
