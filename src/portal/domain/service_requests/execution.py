"""HartingBank's side of a service request (SRV-3, STAFF-2): staff plan it, carry it out or cancel it, and
record cleanings, inspections and maintenance on an aid. Every state change of that work is here:

- a step is taken only from the statuses that allow it (a request still waiting for the customer's
  authorisation cannot be planned; one done or cancelled is finished), through a conditional update on
  the status, so of two staff acting at once one wins and the other is told what happened;
- each step goes into the status trail with its date (the customer sees it on the request's page) and
  into the audit trail, in the same transaction as the change;
- carrying a request out changes the aid in that transaction too (`_aid_after`);
- the requester is told by e-mail and portal notification when it is planned, done or cancelled.

A refusal is a `StaffRefusal` (a ValueError with a Dutch message: the admin's forms show it as it is)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from portal.db import engine
from portal.domain import audit
from portal.domain.assets import inspections
from portal.domain.assets.filters import normalise_object_number
from portal.domain.errors import NotFound
from portal.domain.numbering import next_number
from portal.domain.parsing import clean_text
from portal.domain.service_requests.details import NUMBER_MAX
from portal.domain.service_requests.labels import SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS, STAFF_KINDS
from portal.domain.service_requests.messages import tell
from portal.domain.service_requests.trail import record_step
from portal.i18n import TIMEZONE, _, format_day
from portal.tables import Asset, ServiceRequest

HARTINGBANK = "HartingBank"
OPEN = ("submitted", "planned")  # the statuses staff work on: planned, carried out or cancelled from here
LATEST_PLANNING = timedelta(days=2 * 365)
NOTE_MAX = 2000


class StaffRefusal(ValueError):
    """A step staff may not take, with the Dutch message they see."""


@dataclass(frozen=True)
class Staff:
    """Who takes the step: the audit's actor ("staff:bart") and where from."""

    label: str
    ip_address: str = ""


def normalise_number(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if ch.isprintable() and not ch.isspace()).upper()[:NUMBER_MAX]


async def get_request(number: str) -> ServiceRequest:
    """The request with this number (staff see every organisation's); NotFound otherwise."""
    clean = normalise_number(number)
    request = await ServiceRequest.objects().where(ServiceRequest.number == clean).first() if clean else None
    if request is None:
        raise NotFound(number)
    return request


def _not_open(request: ServiceRequest) -> str:
    """Why staff cannot work on a request that is not open (any more)."""
    return {
        "awaiting_authorisation": _("Aanvraag %(number)s wacht nog op autorisatie door de klant. HartingBank kan haar "
                                    "pas inplannen of uitvoeren als zij is goedgekeurd."),
        "done": _("Aanvraag %(number)s is al uitgevoerd."),
        "cancelled": _("Aanvraag %(number)s is geannuleerd."),
        "rejected": _("Aanvraag %(number)s is door de klant afgewezen."),
    }.get(request.status, _("Aanvraag %(number)s heeft status %(status)s; deze stap kan nu niet.")) % {
        "number": request.number, "status": SERVICE_STATUS_LABELS.get(request.status, request.status)}


async def _changed_meanwhile(request: ServiceRequest) -> StaffRefusal:
    """The conditional update found the request changed: a colleague was first. Say what it is now."""
    now = await get_request(request.number)
    if now.status in OPEN:
        return StaffRefusal(_("Aanvraag %(number)s is net door een collega gewijzigd (nu: %(status)s). Open haar "
                              "opnieuw en controleer de gegevens.") % {
            "number": now.number, "status": SERVICE_STATUS_LABELS.get(now.status, now.status)})
    return StaffRefusal(_("Een collega was u voor. ") + _not_open(now))


def _today() -> date:
    return datetime.now(TIMEZONE).date()


def _check_planned_date(day: date | None, today: date) -> None:
    if day is None:
        raise StaffRefusal(_("Vul de geplande datum in."))
    if day < today:
        raise StaffRefusal(_("De geplande datum ligt in het verleden. Kies vandaag of later."))
    if day > today + LATEST_PLANNING:
        raise StaffRefusal(_("Kies een geplande datum binnen twee jaar."))


def _check_past_date(day: date | None, today: date, since: date | None, label: str) -> None:
    """A day something was done: not in the future, not before `since` (when the request was made)."""
    if day is None:
        raise StaffRefusal(_("Vul %(field)s in.") % {"field": label})
    if day > today:
        raise StaffRefusal(_("De uitvoerdatum ligt in de toekomst. Registreer het werk op of na de dag dat het is gedaan."))
    if since is not None and day < since:
        raise StaffRefusal(_("De uitvoerdatum ligt vóór de aanvraagdatum (%(date)s).") % {"date": format_day(since)})


def clean_note(text: str | None) -> str:
    return clean_text(text, NOTE_MAX)


async def _audit(action: str, request: ServiceRequest, staff: Staff, changes: dict[str, Any]) -> None:
    await audit.record(action, actor_label=staff.label, organisation_id=request.organisation,
                       object_type="service_request", object_id=request.id, changes=changes,
                       ip_address=staff.ip_address)


def _kind(request: ServiceRequest) -> str:
    return SERVICE_KIND_LABELS.get(request.kind, request.kind).lower()


async def plan(number: str, planned: date | None, staff: Staff) -> ServiceRequest:
    """Set (or move) the day HartingBank carries the request out; the requester is told."""
    request = await get_request(number)
    if request.status not in OPEN:
        raise StaffRefusal(_not_open(request))
    _check_planned_date(planned, _today())
    if request.status == "planned" and request.planned_date == planned:
        raise StaffRefusal(_("Aanvraag %(number)s staat al op %(date)s gepland.") % {
            "number": request.number, "date": format_day(planned)})
    now = datetime.now(timezone.utc)
    # Only if nobody changed it since it was read: the same status and the same planned date.
    unchanged = (ServiceRequest.id == request.id) & (ServiceRequest.status == request.status) & (
        ServiceRequest.planned_date == request.planned_date if request.planned_date else ServiceRequest.planned_date.is_null())
    moved = request.status == "planned"
    async with engine().transaction():
        updated = await ServiceRequest.update({
            ServiceRequest.status: "planned", ServiceRequest.planned_date: planned, ServiceRequest.updated_at: now,
        }).where(unchanged).returning(ServiceRequest.id)
        if updated:
            note = (_("Verplaatst naar %(date)s") if moved else _("Gepland op %(date)s")) % {"date": format_day(planned)}
            await record_step(request, "planned", by_label=HARTINGBANK, note=note, at=now)
            await _audit("service_planned", request, staff, {
                "status": [request.status, "planned"],
                "planned_date": [request.planned_date.isoformat() if request.planned_date else None, planned.isoformat()]})
    if not updated:
        raise await _changed_meanwhile(request)
    title = (_("Aanvraag %(number)s is verplaatst") if moved else _("Aanvraag %(number)s is ingepland")) % {
        "number": request.number}
    text = _("HartingBank voert uw aanvraag (%(kind)s) uit op %(date)s.") % {"kind": _kind(request), "date": format_day(planned)}
    await tell(request.requester, request, title, text)
    return await get_request(request.number)


async def carry_out(number: str, executed: date | None, note: str, staff: Staff) -> ServiceRequest:
    """Mark the request done on the day it was carried out; the aid changes with it; the requester is told."""
    request = await get_request(number)
    if request.status not in OPEN:
        raise StaffRefusal(_not_open(request))
    _check_past_date(executed, _today(), request.created_at.astimezone(TIMEZONE).date(), _("de uitvoerdatum"))
    note = clean_note(note)
    now = datetime.now(timezone.utc)
    async with engine().transaction():
        updated = await ServiceRequest.update({
            ServiceRequest.status: "done", ServiceRequest.executed_date: executed, ServiceRequest.updated_at: now,
        }).where((ServiceRequest.id == request.id) & (ServiceRequest.status == request.status)).returning(ServiceRequest.id)
        if updated:
            aid_changes = await _change_aid(request, executed)
            await record_step(request, "done", by_label=HARTINGBANK, at=now,
                              note=_("Uitgevoerd op %(date)s") % {"date": format_day(executed)} + (f": {note}" if note else ""))
            await _audit("service_done", request, staff, {
                "status": [request.status, "done"], "executed_date": [None, executed.isoformat()],
                **({"note": note} if note else {}), **({"asset": aid_changes} if aid_changes else {})})
    if not updated:
        raise await _changed_meanwhile(request)
    await tell(request.requester, request, _("Aanvraag %(number)s is uitgevoerd") % {"number": request.number},
               _("HartingBank heeft uw aanvraag (%(kind)s) uitgevoerd op %(date)s.") % {
                   "kind": _kind(request), "date": format_day(executed)} + (f" {note}" if note else ""))
    return await get_request(request.number)


async def cancel(number: str, reason: str, staff: Staff) -> ServiceRequest:
    """Cancel an open request with a reason the requester reads."""
    request = await get_request(number)
    if request.status not in OPEN:
        raise StaffRefusal(_not_open(request))
    reason = clean_note(reason)
    if not reason:
        raise StaffRefusal(_("Vul de reden van de annulering in: de aanvrager leest haar."))
    now = datetime.now(timezone.utc)
    async with engine().transaction():
        updated = await ServiceRequest.update({
            ServiceRequest.status: "cancelled", ServiceRequest.updated_at: now,
        }).where((ServiceRequest.id == request.id) & (ServiceRequest.status == request.status)).returning(ServiceRequest.id)
        if updated:
            await record_step(request, "cancelled", by_label=HARTINGBANK, note=reason, at=now)
            await _audit("service_cancelled", request, staff, {"status": [request.status, "cancelled"], "reason": reason})
    if not updated:
        raise await _changed_meanwhile(request)
    await tell(request.requester, request, _("Aanvraag %(number)s is geannuleerd") % {"number": request.number},
               _("HartingBank heeft uw aanvraag (%(kind)s) geannuleerd. Reden: %(reason)s") % {
                   "kind": _kind(request), "reason": reason})
    return await get_request(request.number)


def aid_after(request: ServiceRequest, executed: date) -> dict[str, Any]:
    """What carrying the request out changes on its aid (column name -> new value):
    - a relocation moves it to the delivery location and department;
    - a delivery to a depot puts it in that depot (no department);
    - a pick-up from the depot puts it in use at the delivery location and department;
    - a rental pick-up ends the rental: HartingBank has it back, in its own depot;
    - a repair leaves it in use; cleanings, inspections and maintenance leave it as it is."""
    if request.kind == "relocation":
        return {"location": request.delivery_location or request.location, "department": request.delivery_department}
    if request.kind == "to_depot":
        return {"status": "depot", "depot": request.depot, "department": None}
    if request.kind == "from_depot":
        return {"status": "in_use", "depot": None, "location": request.delivery_location or request.location,
                "department": request.delivery_department}
    if request.kind == "rental_pickup":
        return {"status": "depot", "depot": None, "department": None, "rental_end": executed}
    if request.kind == "repair":
        return {"status": "in_use"}
    return {}


async def _change_aid(request: ServiceRequest, executed: date) -> dict[str, list[Any]]:
    """Apply `aid_after` (inside the caller's transaction); the changes as the audit keeps them."""
    after = aid_after(request, executed)
    if not after:
        return {}
    before = await Asset.select(*(getattr(Asset, name) for name in after)).where(Asset.id == request.asset).first() or {}
    await Asset.update({getattr(Asset, name): value for name, value in after.items()}).where(Asset.id == request.asset)
    return {name: [_plain(before.get(name)), _plain(value)] for name, value in after.items() if before.get(name) != value}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def record_maintenance(object_number: str, kind: str, day: date | None, note: str, staff: Staff) -> ServiceRequest:
    """A cleaning, inspection or maintenance HartingBank did on an aid: a request of that kind, done on
    `day`, in the aid's history at once; an inspection sets the aid's next inspection date."""
    if kind not in STAFF_KINDS:
        raise StaffRefusal(_("Kies reiniging, keuring of onderhoud."))
    number = normalise_object_number(object_number or "")
    aid = await Asset.objects().where(Asset.object_number == number).first() if number else None
    if aid is None:
        raise NotFound(object_number)
    _check_past_date(day, _today(), None, _("de datum"))
    note = clean_note(note)
    now = datetime.now(timezone.utc)
    async with engine().transaction():
        request = ServiceRequest(
            number=await next_number("service"), organisation=aid.organisation, asset=aid.id, kind=kind, status="done",
            requester=None, location=aid.location, department=aid.department, requested_date=day, executed_date=day,
            message=note, performed_by="hartingbank", created_at=now, updated_at=now,
        )
        await request.save()
        await record_step(request, "done", by_label=HARTINGBANK, at=now,
                          note=_("%(kind)s uitgevoerd op %(date)s") % {"kind": STAFF_KINDS[kind], "date": format_day(day)}
                          + (f": {note}" if note else ""))
        if kind == "inspection":
            await inspections.refresh_asset(aid.id)
        await _audit("maintenance_recorded", request, staff, {
            "object_number": aid.object_number, "kind": kind, "executed_date": day.isoformat(), **({"note": note} if note else {})})
    return request
