"""Onboarding a new customer (HartingBank staff): the organisation, its locations and departments and its
first administrator, who receives the invitation e-mail (ACC-2) and manages the other accounts from there.

    python -m portal onboard --organisation "Zorggroep De Linde" --customer-number K10234 \\
        --location "Woonzorgcentrum De Linde;Lindelaan 12;3731 EZ;De Bilt;Somatiek,Psychogeriatrie" \\
        --location "Verpleeghuis Het Baken;Bakenlaan 40;3818 LT;Amersfoort" \\
        --admin-name "Annemiek de Vries" --admin-email a.devries@delinde.nl

Everything is checked before anything is written, and written in one transaction: a mistake leaves
nothing behind.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timezone

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from portal.db import is_unique_violation
from portal.domain import audit, mail
from portal.domain.accounts import normalise_email, send_invitation
from portal.i18n import _
from portal.tables import Account, AccountLocation, Department, Location, MailOutbox, Organisation

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CUSTOMER_NUMBER_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
DUTCH_POSTAL_CODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})$")
LOCATION_FORMAT = "Naam;Adres;Postcode;Plaats;Afdeling1,Afdeling2"


class OnboardingError(Exception):
    """The input cannot be used; `problems` says why, one Dutch sentence each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class NewLocation:
    name: str
    address: str
    postal_code: str
    city: str
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Onboarded:
    organisation: Organisation
    administrator: Account
    locations: int
    departments: int


def _too_long(label: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return _("%(label)s is te lang (hoogstens %(n)d tekens).") % {"label": label, "n": limit}
    return None


def parse_location(text: str, number: int = 1) -> NewLocation:
    """One --location value: "Naam;Adres;Postcode;Plaats" with optionally ";Afdeling1,Afdeling2"."""
    parts = [part.strip() for part in text.split(";")]
    if len(parts) not in (4, 5) or not all(parts[:4]):
        raise OnboardingError([
            _('Locatie %(n)d ("%(text)s") heeft niet de vorm %(format)s (naam, adres, postcode en plaats zijn '
              'verplicht, afdelingen mogen ontbreken).') % {"n": number, "text": text, "format": LOCATION_FORMAT}
        ])
    name, address, postal_code, city = parts[:4]
    if match := DUTCH_POSTAL_CODE.match(postal_code):
        postal_code = f"{match.group(1)} {match.group(2).upper()}"
    departments = tuple(d.strip() for d in parts[4].split(",") if d.strip()) if len(parts) == 5 else ()
    return NewLocation(name, address, postal_code, city, departments)


def _location_problems(location: NewLocation, number: int) -> list[str]:
    prefix = _("Locatie %(n)d") % {"n": number}
    problems = [
        problem for problem in (
            _too_long(f"{prefix}: " + _("de naam"), location.name, 200),
            _too_long(f"{prefix}: " + _("het adres"), location.address, 200),
            _too_long(f"{prefix}: " + _("de postcode"), location.postal_code, 10),
            _too_long(f"{prefix}: " + _("de plaats"), location.city, 100),
        ) if problem
    ]
    seen: set[str] = set()
    for department in location.departments:
        if problem := _too_long(f"{prefix}: " + _("afdeling %(name)s") % {"name": department[:40]}, department, 200):
            problems.append(problem)
        if department.lower() in seen:
            problems.append(_("%(prefix)s: de afdeling %(name)s staat er twee keer in.") % {"prefix": prefix, "name": department})
        seen.add(department.lower())
    return problems


async def _check(organisation: str, customer_number: str, locations: list[NewLocation], admin_name: str,
                 admin_email: str, any_locations: bool) -> list[str]:
    problems: list[str] = []
    if not organisation:
        problems.append(_("Vul de naam van de organisatie in."))
    elif problem := _too_long(_("De naam van de organisatie"), organisation, 200):
        problems.append(problem)
    if not customer_number:
        problems.append(_("Vul het klantnummer in."))
    elif len(customer_number) > 20 or not CUSTOMER_NUMBER_PATTERN.match(customer_number):
        problems.append(_("Het klantnummer %(number)s is ongeldig: gebruik hoogstens 20 letters, cijfers of "
                          "streepjes.") % {"number": customer_number})
    elif await Organisation.exists().where(Organisation.customer_number == customer_number):
        problems.append(_("Er is al een organisatie met klantnummer %(number)s.") % {"number": customer_number})
    if not any_locations:
        problems.append(_("Geef ten minste één locatie op."))
    names: set[str] = set()
    for number, location in enumerate(locations, start=1):
        problems.extend(_location_problems(location, number))
        if location.name.lower() in names:
            problems.append(_("De locatie %(name)s staat er twee keer in.") % {"name": location.name})
        names.add(location.name.lower())
    if not admin_name:
        problems.append(_("Vul de naam van de administrator in."))
    elif problem := _too_long(_("De naam van de administrator"), admin_name, 200):
        problems.append(problem)
    if len(admin_email) > 254 or not EMAIL_PATTERN.match(admin_email):
        problems.append(_("Het e-mailadres %(email)s van de administrator is ongeldig.") % {"email": admin_email})
    elif await Account.exists().where(Account.email == admin_email):
        problems.append(_("Er bestaat al een account met het e-mailadres %(email)s.") % {"email": admin_email})
    return problems


def _transaction():
    # SQLite: take the write lock at the start, so the checks inside the transaction stay true.
    engine = Organisation._meta.db
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()



async def onboard_customer(
    *,
    organisation: str,
    customer_number: str,
    locations: list[NewLocation | str],
    admin_name: str,
    admin_email: str,
    actor_label: str = "staff:cli",
) -> Onboarded:
    """Create the customer and invite its administrator; raises OnboardingError (and writes nothing) when
    the input cannot be used, listing every problem at once. A location may be given as the text of
    --location ("Naam;Adres;Postcode;Plaats;Afdeling1,Afdeling2")."""
    organisation = organisation.strip()
    customer_number = customer_number.strip().upper()
    admin_name = admin_name.strip()
    admin_email = normalise_email(admin_email)
    problems: list[str] = []
    parsed: list[NewLocation] = []
    for number, location in enumerate(locations, start=1):
        if isinstance(location, NewLocation):
            parsed.append(location)
            continue
        try:
            parsed.append(parse_location(location, number))
        except OnboardingError as error:
            problems.extend(error.problems)
    locations = parsed
    problems.extend(await _check(organisation, customer_number, locations, admin_name, admin_email,
                                 any_locations=bool(parsed or problems)))
    if problems:
        raise OnboardingError(problems)
    now = datetime.now(timezone.utc)
    departments = 0
    try:
        async with _transaction():
            org = Organisation(name=organisation, customer_number=customer_number, active=True, created_at=now)
            await org.save()
            location_ids = []
            for location in locations:
                row = Location(organisation=org.id, name=location.name, address=location.address,
                               postal_code=location.postal_code, city=location.city, active=True)
                await row.save()
                location_ids.append(row.id)
                if location.departments:
                    await Department.insert(*(Department(location=row.id, name=name, active=True)
                                              for name in location.departments))
                    departments += len(location.departments)
            admin = Account(organisation=org.id, name=admin_name, email=admin_email, password_hash=None, role="admin",
                            active=True, may_authorise_orders=True, created_at=now)
            await admin.save()
            # The administrator sees every location anyway; assigning them keeps "Toegewezen locaties" honest.
            await AccountLocation.insert(*(AccountLocation(account=admin.id, location=loc_id) for loc_id in location_ids))
            await audit.record(
                "organisation_onboarded", actor_label=actor_label, organisation_id=org.id,
                object_type="organisation", object_id=org.id,
                changes={
                    "name": organisation, "customer_number": customer_number,
                    "locations": [
                        {"name": l.name, "address": l.address, "postal_code": l.postal_code, "city": l.city,
                         "departments": list(l.departments)} for l in locations
                    ],
                    "administrator": admin_email,
                },
            )
            await audit.record(
                "account_created", actor_label=actor_label, organisation_id=org.id, object_type="account",
                object_id=admin.id, changes={"name": admin_name, "email": admin_email, "role": "admin"},
            )
    except Exception as error:  # the same customer number or e-mail registered at this very moment
        if is_unique_violation(error):
            raise OnboardingError([_("Het klantnummer of het e-mailadres is intussen al in gebruik.")]) from None
        raise
    # After the commit: the mail is sent in the background and must find the account and its token.
    await send_invitation(admin)
    return Onboarded(org, admin, len(locations), departments)


async def onboard_from_cli(args: argparse.Namespace) -> None:
    """`python -m portal onboard`: report what was made, or every problem and exit with status 2."""
    try:
        done = await onboard_customer(
            organisation=args.organisation, customer_number=args.customer_number, locations=list(args.location or []),
            admin_name=args.admin_name, admin_email=args.admin_email,
        )
    except OnboardingError as error:
        print(_("Onboarding niet uitgevoerd; er is niets aangemaakt:"), file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        raise SystemExit(2) from None
    await mail.drain()  # the invitation must leave before the command ends
    print(_("Klant %(number)s (%(name)s) aangemaakt met %(locations)d locatie(s) en %(departments)d afdeling(en).")
          % {"number": done.organisation.customer_number, "name": done.organisation.name,
             "locations": done.locations, "departments": done.departments})
    invitation = await MailOutbox.select(MailOutbox.status, MailOutbox.last_error).where(
        MailOutbox.to_address == done.administrator.email
    ).order_by(MailOutbox.id, ascending=False).first()
    email = done.administrator.email
    if invitation and invitation["status"] == "sent":
        print(_("Uitnodiging verstuurd naar %(email)s.") % {"email": email})
    elif invitation and invitation["status"] == "failed":
        print(_("De uitnodiging voor %(email)s kon niet worden verstuurd (%(error)s); probeer het opnieuw met "
                "`python -m portal send-mail`.") % {"email": email, "error": invitation["last_error"]})
    else:
        print(_("De uitnodiging voor %(email)s staat in de mail-outbox in /admin: er is geen SMTP-server "
                "ingesteld (PORTAL_SMTP_URL).") % {"email": email})
