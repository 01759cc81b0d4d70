"""The staff's work on service requests in /admin (STAFF-2): "Plannen", "Uitgevoerd", "Annuleren" and
"Onderhoud registreren". Each form reads what staff typed and calls one step of
portal.domain.service_requests.execution; a refusal comes back as the Dutch message on the form.

The fields are text (dates with a date picker) and checked there, not by the form's model: its own
checks would answer in English."""

from __future__ import annotations

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from portal.admin.audit_trail import client_ip, staff_label
from portal.admin.config import HULPMIDDELEN
from portal.domain.errors import NotFound
from portal.domain.parsing import parse_date
from portal.domain.service_requests import execution
from portal.domain.service_requests.labels import STAFF_KINDS
from portal.i18n import _, format_day

NUMBER = {"title": "Ordernummer", "description": "Het nummer van de aanvraag, bijvoorbeeld SRV-2026-000123."}
KIND_BY_LABEL = {label: kind for kind, label in STAFF_KINDS.items()}


def date_field(title: str, description: str):
    return Field("", title=title, description=description, json_schema_extra={"format": "date"})


class PlanRequest(BaseModel):
    number: str = Field("", **NUMBER)
    planned_date: str = date_field("Geplande datum", "De dag waarop HartingBank de aanvraag uitvoert.")


class RequestDone(BaseModel):
    number: str = Field("", **NUMBER)
    executed_date: str = date_field("Uitvoerdatum", "De dag waarop de aanvraag is uitgevoerd (vandaag of eerder).")
    note: str = Field("", title="Toelichting", description="Optioneel; de aanvrager leest haar.",
                      json_schema_extra={"widget": "textarea"})


class CancelRequest(BaseModel):
    number: str = Field("", **NUMBER)
    reason: str = Field("", title="Reden", description="Waarom de aanvraag vervalt; de aanvrager leest haar.",
                        json_schema_extra={"widget": "textarea"})


class RecordMaintenance(BaseModel):
    object_number: str = Field("", title="Objectnummer", description="Het objectnummer van het hulpmiddel.")
    kind: str = Field("", title="Soort", json_schema_extra={"enum": list(KIND_BY_LABEL)})
    executed_date: str = date_field("Datum", "De dag waarop het werk is gedaan (vandaag of eerder).")
    note: str = Field("", title="Toelichting", description="Optioneel; zichtbaar in de historie van het hulpmiddel.",
                      json_schema_extra={"widget": "textarea"})


def staff_of(request: Request) -> execution.Staff:
    return execution.Staff(staff_label(request), client_ip(request))


def typed_day(raw: str) -> object:
    """A date as typed; a malformed one is refused here, an empty one by the step (it names the field)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    day = parse_date(raw)
    if day is None:
        raise execution.StaffRefusal(_("Vul een geldige datum in, bijvoorbeeld 15-3-2027."))
    return day


def _unknown_request(number: str) -> execution.StaffRefusal:
    if not execution.normalise_number(number):
        return execution.StaffRefusal(_("Vul het ordernummer van de aanvraag in."))
    return execution.StaffRefusal(_("Er is geen aanvraag met ordernummer %(number)s.") % {
        "number": execution.normalise_number(number)})


async def plan_request(request: Request, data: PlanRequest) -> str:
    try:
        done = await execution.plan(data.number, typed_day(data.planned_date), staff_of(request))
    except NotFound:
        raise _unknown_request(data.number) from None
    return _("Aanvraag %(number)s is gepland op %(date)s; de aanvrager heeft bericht gekregen.") % {
        "number": done.number, "date": format_day(done.planned_date)}


async def mark_done(request: Request, data: RequestDone) -> str:
    try:
        done = await execution.carry_out(data.number, typed_day(data.executed_date), data.note, staff_of(request))
    except NotFound:
        raise _unknown_request(data.number) from None
    return _("Aanvraag %(number)s is uitgevoerd op %(date)s; het hulpmiddel is bijgewerkt en de aanvrager heeft "
             "bericht gekregen.") % {"number": done.number, "date": format_day(done.executed_date)}


async def cancel_request(request: Request, data: CancelRequest) -> str:
    try:
        done = await execution.cancel(data.number, data.reason, staff_of(request))
    except NotFound:
        raise _unknown_request(data.number) from None
    return _("Aanvraag %(number)s is geannuleerd; de aanvrager heeft bericht gekregen.") % {"number": done.number}


async def record_maintenance(request: Request, data: RecordMaintenance) -> str:
    kind = KIND_BY_LABEL.get(data.kind.strip(), data.kind.strip())
    try:
        done = await execution.record_maintenance(data.object_number, kind, typed_day(data.executed_date), data.note,
                                                  staff_of(request))
    except NotFound:
        number = (data.object_number or "").strip()
        raise execution.StaffRefusal(_("Er is geen hulpmiddel met objectnummer %(number)s.") % {"number": number}
                                     if number else _("Vul het objectnummer van het hulpmiddel in.")) from None
    return _("%(kind)s op %(date)s is geregistreerd als %(number)s, in de historie van het hulpmiddel.") % {
        "kind": STAFF_KINDS[done.kind], "date": format_day(done.executed_date), "number": done.number}


SERVICE_FORMS = [
    FormConfig(name="Plannen", pydantic_model=PlanRequest, endpoint=plan_request, form_group=HULPMIDDELEN,
               description="Plant een aangevraagde service-aanvraag in (of verplaatst de geplande datum). De aanvrager "
                           "krijgt een e-mail en een melding in het portaal."),
    FormConfig(name="Uitgevoerd", pydantic_model=RequestDone, endpoint=mark_done, form_group=HULPMIDDELEN,
               description="Meldt een service-aanvraag als uitgevoerd. Het hulpmiddel verandert mee (verplaatst, naar of "
                           "uit het depot, huur beëindigd); de aanvrager krijgt bericht."),
    FormConfig(name="Annuleren", pydantic_model=CancelRequest, endpoint=cancel_request, form_group=HULPMIDDELEN,
               description="Annuleert een service-aanvraag met een reden; de aanvrager krijgt bericht."),
    FormConfig(name="Onderhoud registreren", pydantic_model=RecordMaintenance, endpoint=record_maintenance,
               form_group=HULPMIDDELEN,
               description="Registreert een reiniging, keuring of onderhoud op een hulpmiddel. Het verschijnt in de "
                           "historie; een keuring bepaalt de volgende keuringsdatum."),
]
