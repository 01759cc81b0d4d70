"""One service request as the customer sees it: what was asked, by whom, where, and its status trail.
A request outside the account's Scope (where the aid stood when it was asked) is not found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.db import one_connection
from portal.domain import approval
from portal.domain.errors import NotFound
from portal.domain.scope import Scope
from portal.domain.service_requests.labels import PERFORMED_BY_LABELS, SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS
from portal.i18n import TIMEZONE
from portal.tables import Account, Asset, Department, Depot, Location, ServiceRequest, ServiceRequestEvent

NUMBER_MAX = 40
WAITING = "awaiting_authorisation"


@dataclass
class RequestDetails:
    request: ServiceRequest
    object_number: str
    kind_label: str
    status_label: str
    events: list[dict]
    names: dict[str, str]

    @property
    def performed_by_label(self) -> str:
        return PERFORMED_BY_LABELS.get(self.request.performed_by, "")

    @property
    def rejection_reason(self) -> str:
        return self.request.authorisation_note if self.request.status == "rejected" else ""


async def get_request_for(scope: Scope, number: str, *, asset_id: int | None = None,
                          decider: Account | None = None) -> ServiceRequest:
    """The request with this number if the account may see it: where the aid stood when it was asked is
    in scope, or, given `asset_id` (an aid the caller found in scope), it is one of that aid's history, or
    `decider` is someone who may decide on it now (an authoriser need not have the requester's locations)."""
    condition = ServiceRequest.number == number[:NUMBER_MAX]
    if asset_id is not None:
        condition &= (ServiceRequest.asset == asset_id) & (ServiceRequest.organisation == scope.organisation_id)
    elif decider is None:
        condition &= scope.where(ServiceRequest.organisation, ServiceRequest.location, ServiceRequest.department)
    else:
        condition &= ServiceRequest.organisation == scope.organisation_id
    request = await ServiceRequest.objects().where(condition).first()
    if request is not None and decider is not None and asset_id is None and not (
            scope.allows(request.location, request.department) or await may_decide(decider, request)):
        request = None
    if request is None:
        raise NotFound(number)
    return request


async def may_decide(account: Account, request: ServiceRequest) -> bool:
    """Whether `account` may approve or reject the request now (portal.domain.approval decides who)."""
    if request.status != WAITING or account.organisation != request.organisation:
        return False
    today = datetime.now(TIMEZONE).date()
    return account.id in await approval.deciders(request.organisation, request.authoriser, request.requester, today)


async def request_details(scope: Scope, number: str, *, asset_id: int | None = None,
                          decider: Account | None = None) -> RequestDetails:
    """One request with its status trail and the names of the places it mentions."""
    async with one_connection():
        request = await get_request_for(scope, number, asset_id=asset_id, decider=decider)
        aid = await Asset.select(Asset.object_number).where(Asset.id == request.asset).first()
        events = await ServiceRequestEvent.select().where(
            ServiceRequestEvent.service_request == request.id).order_by(ServiceRequestEvent.at)
        names: dict[str, str] = {}
        for key, table, value in (
            ("location", Location, request.location), ("department", Department, request.department),
            ("current_department", Department, request.current_department),
            ("delivery_location", Location, request.delivery_location),
            ("delivery_department", Department, request.delivery_department),
            ("pickup_location", Location, request.pickup_location), ("depot", Depot, request.depot),
        ):
            if value:
                row = await table.select(table.name).where(table.id == value).first()
                names[key] = row["name"] if row else ""
    for event in events:
        event["status_label"] = SERVICE_STATUS_LABELS.get(event["status"], event["status"])
    return RequestDetails(request, aid["object_number"] if aid else "", SERVICE_KIND_LABELS.get(request.kind, request.kind),
                          SERVICE_STATUS_LABELS.get(request.status, request.status), events, names)
