"""Sending a contact request or an appointment request, and HartingBank's handling of it.

Sent: the request gets its number (VRZ-…), lands in the staff's queue in /admin ("Contact: open
verzoeken"), is in the audit trail, and the requester gets a confirmation by e-mail and notification.
An account sends at most MAX_PER_HOUR requests an hour (counted in the database, so for every app
process at once). Handled: staff's reply is stored, and the requester is told the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from portal.db import engine
from portal.domain import audit
from portal.domain.contact import forms
from portal.domain.contact.labels import APPOINTMENT, CONTACT, DAY_LABELS, HANDLED, OPEN, TIME_LABELS, listed
from portal.domain.errors import NotFound
from portal.domain.notifications import tell
from portal.domain.numbering import next_number
from portal.domain.orders.access import normalise_number
from portal.domain.parsing import clean_text
from portal.domain.service_requests.execution import Staff, StaffRefusal
from portal.domain.shop.catalogue import Card
from portal.i18n import _, ngettext
from portal.tables import Account, ContactRequest

MAX_PER_HOUR = 5
WINDOW = timedelta(hours=1)
REPLY_MAX = 5000
SEE = _("Bekijk uw verzoek in Mijn HartingBank:")
ROUTE = "requests:show"


@dataclass(frozen=True)
class Sent:
    request: ContactRequest | None
    errors: dict[str, str]


async def _over_limit(account: Account) -> str | None:
    since = datetime.now(timezone.utc) - WINDOW
    sent = await ContactRequest.count().where(
        (ContactRequest.account == account.id) & (ContactRequest.created_at >= since))
    if sent < MAX_PER_HOUR:
        return None
    return ngettext(
        "U heeft het afgelopen uur al %(num)s verzoek verstuurd; meer kan niet.",
        "U heeft het afgelopen uur al %(num)s verzoeken verstuurd; meer kan niet.", sent,
    ) % {"num": sent} + " " + _("Probeer het later opnieuw, of bel ons op 088 124 82 11 (maandag t/m vrijdag "
                                "tijdens kantooruren). Wat u typte, staat nog in het formulier.")


async def _store(account: Account, ip_address: str, **values) -> ContactRequest:
    row = ContactRequest(organisation=account.organisation, account=account.id, number=await next_number("contact_request"),
                         created_at=datetime.now(timezone.utc), status=OPEN, **values)
    await row.save()
    await audit.record("contact_request_sent", actor=account, object_type="contact_request", object_id=row.id,
                       changes={"number": row.number, "kind": row.kind}, ip_address=ip_address)
    return row


async def send_contact(account: Account, data: forms.ContactInput, ip_address: str = "") -> Sent:
    """The contact form (CON-1): stored and confirmed, or the messages per field ("form": the limit)."""
    errors = forms.check_contact(data)
    if not errors and (limit := await _over_limit(account)):
        errors["form"] = limit
    if errors:
        return Sent(None, errors)
    row = await _store(account, ip_address, kind=CONTACT, subject=data.subject, message=data.message,
                       phone=data.phone, email=data.email, reach_by=data.reach_by)
    await tell(account.id, _("Wij hebben uw vraag ontvangen (%(number)s)") % {"number": row.number},
               _("Wij hebben uw vraag \u2018%(subject)s\u2019 ontvangen. Onze online klantenservice neemt contact met "
                 "u op, maandag t/m vrijdag tijdens kantooruren.") % {"subject": row.subject},
               SEE, ROUTE, request_number=row.number)
    return Sent(row, {})


async def request_appointment(account: Account, product: Card, data: forms.AppointmentInput,
                              ip_address: str = "") -> Sent:
    """An appointment with an adviser about a product the account sees in the catalogue (SHOP-2)."""
    errors = forms.check_appointment(data)
    if not errors and (limit := await _over_limit(account)):
        errors["form"] = limit
    if errors:
        return Sent(None, errors)
    subject = (_("Afspraak met adviseur: %(product)s") % {"product": product.name})[:forms.SUBJECT_MAX]
    row = await _store(account, ip_address, kind=APPOINTMENT, product=product.id, subject=subject,
                       message=data.question, phone=data.phone, email=account.email,
                       reach_by="phone" if data.phone else "email", preferred_days=",".join(data.days),
                       preferred_times=",".join(data.times))
    await tell(account.id, _("Uw aanvraag voor een afspraak is ontvangen (%(number)s)") % {"number": row.number},
               _("Wij hebben uw aanvraag voor een afspraak met een adviseur over %(product)s (artikelnummer "
                 "%(article)s) ontvangen. Uw voorkeur: %(days)s, %(times)s. Onze online klantenservice neemt contact "
                 "met u op voor een persoonlijke afspraak.") % {
                   "product": product.name, "article": product.article_number,
                   "days": listed(row.preferred_days, DAY_LABELS), "times": listed(row.preferred_times, TIME_LABELS)},
               SEE, ROUTE, request_number=row.number)
    return Sent(row, {})


async def get_request(number: str) -> ContactRequest:
    """The request with this number (staff see every organisation's); NotFound otherwise."""
    clean = normalise_number(number)
    row = await ContactRequest.objects().where(ContactRequest.number == clean).first() if clean else None
    if row is None:
        raise NotFound(number)
    return row


async def handle(number: str, reply: str, staff: Staff) -> ContactRequest:
    """Staff mark an open request handled with the reply the requester reads (and is mailed)."""
    row = await get_request(number)
    reply = clean_text(reply, REPLY_MAX + 1)
    if not reply:
        raise StaffRefusal(_("Vul het antwoord in: de aanvrager leest het in Mijn verzoeken en krijgt het per e-mail."))
    if len(reply) > REPLY_MAX:
        raise StaffRefusal(_("Het antwoord mag ten hoogste %(n)s tekens bevatten.") % {"n": "5.000"})
    if row.status != OPEN:
        raise StaffRefusal(_("Verzoek %(number)s is al afgehandeld.") % {"number": row.number})
    now = datetime.now(timezone.utc)
    async with engine().transaction():
        updated = await ContactRequest.update({
            ContactRequest.status: HANDLED, ContactRequest.reply: reply, ContactRequest.handled_at: now,
            ContactRequest.handled_by: staff.label[:200],
        }).where((ContactRequest.id == row.id) & (ContactRequest.status == OPEN)).returning(ContactRequest.id)
        if updated:
            await audit.record("contact_request_handled", actor_label=staff.label, organisation_id=row.organisation,
                               object_type="contact_request", object_id=row.id,
                               changes={"status": [OPEN, HANDLED], "reply": reply}, ip_address=staff.ip_address)
    if not updated:
        raise StaffRefusal(_("Een collega was u voor: verzoek %(number)s is al afgehandeld.") % {"number": row.number})
    await tell(row.account, _("Uw verzoek %(number)s is afgehandeld") % {"number": row.number},
               _("HartingBank heeft uw verzoek \u2018%(subject)s\u2019 afgehandeld. Ons antwoord:\n\n%(reply)s") % {
                   "subject": row.subject, "reply": reply},
               SEE, ROUTE, request_number=row.number)
    return await get_request(row.number)
