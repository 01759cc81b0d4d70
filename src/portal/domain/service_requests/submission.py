"""Sending a service request (SRV-1…3): checked against the aid's state and the requester's scope, numbered,
put in the aid's history at once, and either sent to HartingBank or held for the authoriser.

A form carries a one-time key: a double click or the same form sent from two tabs makes one request."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

from portal.db import engine, is_unique_violation
from portal.domain import approval
from portal.domain.assets.detail import requestable_actions
from portal.domain.numbering import next_number
from portal.domain.scope import Scope
from portal.domain.service_requests import forms
from portal.domain.service_requests.labels import REQUESTABLE_KINDS
from portal.domain.service_requests.messages import tell
from portal.domain.service_requests.trail import record_step
from portal.i18n import TIMEZONE, _
from portal.tables import Account, Asset, ServiceRequest


def new_key() -> str:
    return secrets.token_urlsafe(24)


async def submit(requester: Account, scope: Scope, asset: Asset, kind: str,
                 data: forms.RequestInput) -> tuple[ServiceRequest | None, dict[str, str]]:
    """A new request of `kind` for `asset` (found in the requester's scope), or the errors per field."""
    if kind not in REQUESTABLE_KINDS or kind not in requestable_actions(asset):
        return None, {"kind": _("Deze actie kunt u voor dit hulpmiddel niet aanvragen.")}
    if data.key and (done := await _sent_before(requester, data.key)) is not None:
        return done, {}
    options = await forms.form_options(scope)
    values, errors = forms.validate(kind, data, options, asset.location)
    if errors:
        return None, errors
    today = datetime.now(TIMEZONE).date()
    authoriser = await approval.assigned_authoriser(requester, kind, today)
    status = "awaiting_authorisation" if authoriser is not None else "submitted"
    now = datetime.now(timezone.utc)
    try:
        async with engine().transaction():
            # Where the aid stands (the request's scope): the form's "Locatie" and "Afdeling" of a repair
            # say where it is, otherwise the aid's own place.
            fields = {"location": asset.location, "department": asset.department, **values}
            request = ServiceRequest(
                number=await next_number("service"), organisation=scope.organisation_id, asset=asset.id, kind=kind,
                status=status, requester=requester.id, authoriser=authoriser, created_at=now, updated_at=now,
                submission_key=_stored_key(requester, data.key), **fields,
            )
            await request.save()
            await record_step(request, status, by=requester, at=now)
    except Exception as error:  # the same form sent twice at the same moment: the first one counts
        if data.key and is_unique_violation(error):
            done = await _sent_before(requester, data.key)
            if done is not None:
                return done, {}
            return None, {"kind": _("Dit formulier is al verstuurd. Open het hulpmiddel opnieuw.")}
        raise
    if authoriser is not None:
        await tell(authoriser, request, _("Aanvraag %(number)s wacht op uw autorisatie") % {"number": request.number},
                   _("%(name)s vraagt %(kind)s aan voor hulpmiddel %(object)s. Wilt u de aanvraag goedkeuren of afwijzen?")
                   % {"name": requester.name, "kind": REQUESTABLE_KINDS[kind].lower(), "object": asset.object_number})
    return request, {}


def _stored_key(requester: Account, key: str) -> str | None:
    """The key as stored: one requester's keys never meet another's."""
    return f"{requester.id}:{key}" if key else None


async def _sent_before(requester: Account, key: str) -> ServiceRequest | None:
    return await ServiceRequest.objects().where(ServiceRequest.submission_key == _stored_key(requester, key)).first()

