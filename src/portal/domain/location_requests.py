"""Location requests (ADM-4, ADM-5): the administrator and role 1 ask HartingBank to change or delete a
location, or to register a new one. Customers never change locations themselves; staff carry a request
out (`carry_out`), and from then on every account of the organisation sees the new data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from portal.domain import audit
from portal.domain.errors import NotFound
from portal.domain.parsing import clean_line, parse_id
from portal.domain.scope import Scope
from portal.i18n import _, format_day, format_moment
from portal.listing import Column, Listing, Sort
from portal.tables import Account, Location, LocationRequest

LOCATION_REQUEST_KIND_LABELS: dict[str, str] = {
    "change": _("Locatie wijzigen"),
    "delete": _("Locatie verwijderen"),
    "new": _("Nieuwe locatie"),
}
LOCATION_REQUEST_STATUS_LABELS: dict[str, str] = {
    "open": _("In behandeling"),
    "done": _("Uitgevoerd"),
    "rejected": _("Afgewezen"),
}
LIMITS = {"name": 200, "address": 200, "postal_code": 10, "city": 100}


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class LocationInput:
    name: str = ""
    address: str = ""
    postal_code: str = ""
    city: str = ""

    @classmethod
    def of(cls, location: Location) -> LocationInput:
        return cls(location.name, location.address, location.postal_code, location.city)

    @classmethod
    def parse(cls, form: dict[str, str]) -> LocationInput:
        return cls(*(" ".join(clean_line(form.get(key)).split()) for key in ("name", "address", "postal_code", "city")))


def _validate(data: LocationInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    required = {
        "name": _("Vul de naam van de locatie in."),
        "address": _("Vul het adres in (straat en huisnummer)."),
        "city": _("Vul de vestigingsplaats in."),
    }
    for key, message in required.items():
        if not getattr(data, key):
            errors[key] = message
    for key, limit in LIMITS.items():
        if len(getattr(data, key)) > limit and key not in errors:
            errors[key] = _("Dit is te lang (maximaal %(n)s tekens).") % {"n": limit}
    return errors


async def location_for(scope: Scope, location_id: str) -> Location:
    """A location the requester may act for (the administrator: all; role 1: the assigned ones)."""
    wanted = parse_id(location_id)
    location = await scope.locations_query().where(Location.id == wanted).first() if wanted is not None else None
    if location is None:
        raise NotFound(location_id)
    return location


async def open_requests_for(location: Location) -> int:
    return await LocationRequest.count().where(
        (LocationRequest.location == location.id) & (LocationRequest.status == "open")
    )


async def _save(requester: Account, kind: str, location: Location | None, data: LocationInput, client: str) -> LocationRequest:
    request = LocationRequest(
        organisation=requester.organisation, requester=requester.id, location=location.id if location else None,
        kind=kind, name=data.name, address=data.address, postal_code=data.postal_code, city=data.city,
        status="open", created_at=_now(),
    )
    await request.save()
    await audit.record(
        "location_request_created", actor=requester, object_type="location_request", object_id=request.id,
        changes={"kind": kind, "location": location.id if location else None, **data.__dict__}, ip_address=client,
    )
    return request


async def request_change(requester: Account, location: Location, data: LocationInput, client: str = "") -> dict[str, str]:
    """ADM-4 "Wijzig locatie": the new details of the location, for staff to carry out."""
    if errors := _validate(data):
        return errors
    if data == LocationInput.of(location):
        return {"address": _("Er is niets gewijzigd. Vul de nieuwe gegevens in, of kies 'Verwijder locatie'.")}
    await _save(requester, "change", location, data, client)
    return {}


async def request_delete(requester: Account, location: Location, client: str = "") -> None:
    """ADM-4 "Verwijder locatie"."""
    await _save(requester, "delete", location, LocationInput.of(location), client)


async def request_new(requester: Account, data: LocationInput, client: str = "") -> dict[str, str]:
    """ADM-5: name, address and city of a new location; staff register it, then the administrator
    assigns it to accounts."""
    if errors := _validate(data):
        return errors
    await _save(requester, "new", None, data, client)
    return {}


LOCATION_REQUEST_LISTING = Listing(
    id="location-requests",
    caption=_("Mijn locatieverzoeken"),
    columns=(
        Column("created_label", _("Ingediend"), nowrap=True),
        Column("kind_label", _("Verzoek")),
        Column("location_name", _("Locatie")),
        Column("details", _("Gegevens"), cell="details"),
        Column("status_label", _("Status"), cell="status"),
    ),
    default_sort=Sort("ingediend", descending=True),
    sorts={"ingediend": _("Ingediend")},
)


async def requests_of(requester: Account) -> list[dict]:
    """The requester's own requests, newest first, with their status."""
    rows = await LocationRequest.select(
        LocationRequest.all_columns(), LocationRequest.location.name.as_alias("location_name"),
    ).where(
        (LocationRequest.requester == requester.id) & (LocationRequest.organisation == requester.organisation)
    ).order_by(LocationRequest.created_at, ascending=False).order_by(LocationRequest.id, ascending=False)
    for row in rows:
        row["created_label"] = format_moment(row["created_at"])
        row["kind_label"] = LOCATION_REQUEST_KIND_LABELS.get(row["kind"], row["kind"])
        row["status_label"] = LOCATION_REQUEST_STATUS_LABELS.get(row["status"], row["status"])
        row["location_name"] = row["location_name"] or row["name"]
        row["handled_label"] = format_day(row["handled_at"]) if row["handled_at"] else ""
        row["details"] = "" if row["kind"] == "delete" else LocationInput(
            row["name"], row["address"], row["postal_code"], row["city"])
    return rows


# --- HartingBank staff ---------------------------------------------------------------------------


class RequestNotOpen(ValueError):
    pass


async def carry_out(request_id: int, staff_label: str = "staff", overrides: dict[str, Any] | None = None) -> LocationRequest:
    """Staff carry out an open request: a change updates the location, a delete switches it off (its
    history stays), a new location is created. Every account sees the result on its next page.
    `overrides` are corrections staff made to the request's details while carrying it out."""
    async with LocationRequest._meta.db.transaction():
        request = await LocationRequest.objects().where(LocationRequest.id == request_id).first()
        if request is None:
            raise LookupError(f"location request {request_id} does not exist")
        if request.handled_at is not None or request.status not in ("open", "done"):
            raise RequestNotOpen(f"location request {request_id} was handled already ({request.status})")
        details = {key: str((overrides or {}).get(key, getattr(request, key)) or "") for key in LIMITS}
        changes: dict[str, Any] = {"kind": request.kind}
        if request.kind == "change" and request.location:
            before = await Location.select(*[getattr(Location, key) for key in LIMITS]).where(
                Location.id == request.location
            ).first()
            await Location.update({getattr(Location, key): value for key, value in details.items()}).where(
                (Location.id == request.location) & (Location.organisation == request.organisation)
            )
            changes["location"] = audit.diff(before or {}, details)
        elif request.kind == "delete" and request.location:
            await Location.update({Location.active: False}).where(
                (Location.id == request.location) & (Location.organisation == request.organisation)
            )
            changes["location"] = {"active": [True, False]}
        elif request.kind == "new":
            location = Location(organisation=request.organisation, **details, active=True)
            await location.save()
            request.location = location.id
            changes["location"] = {"created": location.id, **details}
        else:
            raise RequestNotOpen(f"location request {request_id} has no location to act on")
        request.status = "done"
        request.handled_at = _now()
        await request.save()
        await audit.record(
            "location_request_done", actor_label=staff_label, organisation_id=request.organisation,
            object_type="location_request", object_id=request.id, changes=changes,
        )
    return request


async def reject(request_id: int, note: str, staff_label: str = "staff") -> LocationRequest:
    """Staff decline a request; the requester sees the status and the note."""
    request = await LocationRequest.objects().where(LocationRequest.id == request_id).first()
    if request is None:
        raise LookupError(f"location request {request_id} does not exist")
    if request.handled_at is not None:
        raise RequestNotOpen(f"location request {request_id} was handled already ({request.status})")
    request.status, request.staff_note, request.handled_at = "rejected", note, _now()
    await request.save()
    await audit.record(
        "location_request_rejected", actor_label=staff_label, organisation_id=request.organisation,
        object_type="location_request", object_id=request.id, changes={"staff_note": note},
    )
    return request


async def on_staff_patch(row_id: Any, values: dict[Any, Any], request: Any = None) -> dict[Any, Any]:
    """piccolo-admin `pre_patch` hook for LocationRequest: when staff set the status to "done" (or
    "rejected") in /admin, the request is carried out then and there, with any corrections staff made
    to its details in the same edit. piccolo-api passes the values keyed by column. Register it in
    portal.admin.customers with `Hook(hook_type=HookType.pre_patch, callable=location_requests.on_staff_patch)`."""
    named = {getattr(getattr(key, "_meta", None), "name", key): value for key, value in values.items()}
    status = named.get("status")
    request_id = parse_id(str(row_id))
    if request_id is None or status not in ("done", "rejected"):
        return values
    current = await LocationRequest.objects().where(LocationRequest.id == request_id).first()
    if current is None or current.handled_at is not None:
        return values
    user = getattr(request, "user", None) if request is not None else None
    label = f"staff:{getattr(getattr(user, 'user', None), 'username', '') or 'admin'}"
    if status == "done":
        done = await carry_out(request_id, label, overrides=named)
        extra = {LocationRequest.location: done.location, LocationRequest.handled_at: done.handled_at}
    else:
        rejected = await reject(request_id, str(named.get("staff_note") or current.staff_note), label)
        extra = {LocationRequest.handled_at: rejected.handled_at}
    kept = {key: value for key, value in values.items() if getattr(getattr(key, "_meta", None), "name", key) not in
            {column._meta.name for column in extra}}
    return {**kept, **extra}
