"""The staff's work on contact and appointment requests in /admin (CON-1, SHOP-2): the queue is the
sidebar link "Contact: open verzoeken" (the contact request table filtered on status); "Verzoek
afhandelen" marks one handled with the reply the requester reads in Mijn verzoeken and gets by e-mail.
A refusal comes back as the Dutch message on the form (as in portal.admin.service_forms)."""

from __future__ import annotations

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from portal.admin.config import BERICHTEN
from portal.admin.service_forms import staff_of
from portal.domain.contact import requests
from portal.domain.errors import NotFound
from portal.domain.orders.access import normalise_number
from portal.domain.service_requests.execution import StaffRefusal
from portal.i18n import _


class HandleRequest(BaseModel):
    number: str = Field("", title="Verzoeknummer", description="Het nummer van het verzoek, bijvoorbeeld VRZ-2026-000123.")
    reply: str = Field("", title="Antwoord", description="Wat HartingBank heeft gedaan of afgesproken; de aanvrager leest het.",
                       json_schema_extra={"widget": "textarea"})


async def handle_request(request: Request, data: HandleRequest) -> str:
    try:
        done = await requests.handle(data.number, data.reply, staff_of(request))
    except NotFound:
        clean = normalise_number(data.number)
        raise StaffRefusal(_("Er is geen verzoek met nummer %(number)s.") % {"number": clean} if clean
                           else _("Vul het nummer van het verzoek in.")) from None
    return _("Verzoek %(number)s is afgehandeld; de aanvrager heeft het antwoord per e-mail gekregen.") % {
        "number": done.number}


CONTACT_FORMS = [
    FormConfig(name="Verzoek afhandelen", pydantic_model=HandleRequest, endpoint=handle_request, form_group=BERICHTEN,
               description="Meldt een contactverzoek of een aanvraag voor een afspraak met een adviseur als afgehandeld "
                           "(zie 'Contact: open verzoeken'), met het antwoord voor de klant. De klant ziet het in Mijn "
                           "verzoeken en krijgt een e-mail en een melding."),
]
