"""The contact form and the appointment form as typed, and their rules: required fields, lengths, a
phone number and an e-mail address that can be used, at least one day and part of the day. Errors come
back per field in Dutch; what was typed is kept whole, so the form shows it again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from portal.domain.account_admin.rules import EMAIL_PATTERN
from portal.domain.contact.labels import DAY_LABELS, REACH_LABELS, TIME_LABELS
from portal.domain.orders.checkout import PHONE
from portal.domain.parsing import clean_line, clean_text
from portal.i18n import _
from portal.tables import Account

SUBJECT_MAX = 200
MESSAGE_MAX = 5000
PHONE_MAX = 40
EMAIL_MAX = 254
# What is kept of a field to show it again: far more than a valid value, bounded all the same.
KEEP_LINE, KEEP_TEXT = 2_000, 200_000


@dataclass
class ContactInput:
    """The contact form (CON-1) as typed."""

    subject: str = ""
    message: str = ""
    phone: str = ""
    email: str = ""
    reach_by: str = ""


@dataclass
class AppointmentInput:
    """The appointment request of a product page (SHOP-2) as typed."""

    days: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    phone: str = ""
    question: str = ""


def parse_contact(form: Mapping[str, Any]) -> ContactInput:
    return ContactInput(
        subject=clean_line(form.get("subject"), KEEP_LINE), message=clean_text(form.get("message"), KEEP_TEXT),
        phone=clean_line(form.get("phone"), KEEP_LINE), email=clean_line(form.get("email"), KEEP_LINE),
        reach_by=clean_line(form.get("reach_by"), 20),
    )


def parse_appointment(form: Mapping[str, Any], days: Sequence[Any], times: Sequence[Any]) -> AppointmentInput:
    """`days` and `times` are every value of the ticked boxes; values that are no day are dropped."""
    return AppointmentInput(
        days=[day for day in DAY_LABELS if day in {clean_line(value, 5) for value in days}],
        times=[part for part in TIME_LABELS if part in {clean_line(value, 10) for value in times}],
        phone=clean_line(form.get("phone"), KEEP_LINE), question=clean_text(form.get("question"), KEEP_TEXT),
    )


def initial_contact(account: Account) -> ContactInput:
    """The form as it opens: the account's e-mail address, reached by e-mail."""
    return ContactInput(email=account.email, reach_by="email")


def _too_long(limit: int) -> str:
    return _("Dit veld mag ten hoogste %(n)s tekens bevatten.") % {"n": f"{limit:,}".replace(",", ".")}


def _phone_error(phone: str) -> str | None:
    if len(phone) > PHONE_MAX or not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 6:
        return _("Vul een telefoonnummer in met alleen cijfers, spaties, + of -, bijvoorbeeld 030 123 45 67.")
    return None


def _message_error(text: str, what: str) -> str | None:
    if len(text) > MESSAGE_MAX:
        return _("%(what)s is %(length)s tekens lang; ten hoogste %(n)s past. Maak het korter.") % {
            "what": what, "length": f"{len(text):,}".replace(",", "."), "n": f"{MESSAGE_MAX:,}".replace(",", ".")}
    return None


def check_contact(data: ContactInput) -> dict[str, str]:
    """The contact form's Dutch message per field (empty: it may be sent)."""
    errors: dict[str, str] = {}
    if not data.subject:
        errors["subject"] = _("Vul het onderwerp van uw vraag in.")
    elif len(data.subject) > SUBJECT_MAX:
        errors["subject"] = _too_long(SUBJECT_MAX)
    if not data.message:
        errors["message"] = _("Vul uw vraag of bericht in.")
    elif message := _message_error(data.message, _("Uw bericht")):
        errors["message"] = message
    if data.reach_by not in REACH_LABELS:
        errors["reach_by"] = _("Kies hoe wij u het liefst bereiken: telefonisch of per e-mail.")
    if data.phone:
        if phone := _phone_error(data.phone):
            errors["phone"] = phone
    elif data.reach_by == "phone":
        errors["phone"] = _("Vul uw telefoonnummer in: u wilt telefonisch bereikt worden.")
    if data.email:
        if len(data.email) > EMAIL_MAX or not EMAIL_PATTERN.match(data.email):
            errors["email"] = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@zorggroep.nl.")
    elif data.reach_by == "email":
        errors["email"] = _("Vul uw e-mailadres in: u wilt per e-mail bereikt worden.")
    return errors


def check_appointment(data: AppointmentInput) -> dict[str, str]:
    """The appointment form's Dutch message per field (empty: it may be sent)."""
    errors: dict[str, str] = {}
    if not data.days:
        errors["days"] = _("Kies ten minste één dag waarop een afspraak u past.")
    if not data.times:
        errors["times"] = _("Kies 's ochtends, 's middags of allebei.")
    if data.phone and (phone := _phone_error(data.phone)):
        errors["phone"] = phone
    if message := _message_error(data.question, _("Uw vraag")):
        errors["question"] = message
    return errors
