"""The rules of the account form (ADM-2), whatever a browser sends: every id is checked against the
administrator's own organisation (through the form's options), amounts and choices are validated, and the
organisation always keeps an active administrator. Errors come back per field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal.domain import approval
from portal.domain.account_admin.form import AccountInput, FormOptions
from portal.domain.accounts import normalise_email
from portal.domain.approval import NO_AUTHORISATION
from portal.domain.parsing import parse_date, parse_id
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.i18n import _
from portal.money import parse_money
from portal.rights import ADMIN, ROLES
from portal.tables import Account

MAX_AMOUNT = Decimal("9999999999.99")  # what Numeric(12, 2) holds
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class CleanAccount:
    """A valid form, in the types the tables take."""

    name: str
    email: str
    role: str
    active: bool
    may_authorise_orders: bool
    has_budget_limit: bool
    authorisers: dict[str, int | None]  # None: the person themself
    tiers: list[tuple[Decimal, int]]
    locations: list[int]
    departments: list[int]
    away_from: date | None = None
    away_until: date | None = None
    substitute: int | None = None


async def _check_person(data: AccountInput, account: Account | None, errors: dict[str, str]) -> str:
    """Name, e-mail (new accounts only: unique whatever the capitals) and role; returns the e-mail."""
    if not data.name:
        errors["name"] = _("Vul de naam van de medewerker in.")
    elif len(data.name) > 200:
        errors["name"] = _("De naam is te lang (maximaal 200 tekens).")
    if data.role not in ROLES:
        errors["role"] = _("Kies een rol.")
    if account is not None:
        return account.email  # not editable after creation, whatever the form sends
    email = normalise_email(data.email)
    if not email:
        errors["email"] = _("Vul het e-mailadres van de medewerker in.")
    elif len(email) > 254 or not EMAIL_PATTERN.match(email):
        errors["email"] = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
    elif await Account.exists().where(Account.email == email):
        errors["email"] = _("Er bestaat al een account met dit e-mailadres.")
    return email


def _check_authorisers(
    data: AccountInput, options: FormOptions, account: Account | None, errors: dict[str, str]
) -> dict[str, int | None]:
    """Per service kind an active colleague whose role authorises services, or the person themself."""
    authorisers: dict[str, int | None] = {}
    for kind in REQUESTABLE_KINDS:
        value = data.authorisers.get(kind, NO_AUTHORISATION)
        if value == NO_AUTHORISATION or (account is not None and value == str(account.id)):
            authorisers[kind] = None  # the person themself: no authorisation (portal.domain.approval)
        elif value in options.service_authoriser_ids:
            authorisers[kind] = int(value)
        else:
            errors[f"authoriser_{kind}"] = _("Kies een actieve collega die services mag autoriseren, of de medewerker zelf.")
    return authorisers


def _check_tiers(data: AccountInput, options: FormOptions, errors: dict[str, str]) -> list[tuple[Decimal, int]]:
    """Budget tiers: only for roles with a budget limit; positive, distinct amounts, each with an active
    colleague who may authorise orders. Rows left empty are ignored."""
    if not data.has_budget_limit:
        return []
    if data.role in ROLES and not approval.may_have_budget_limit(data.role):
        errors["has_budget_limit"] = _("Een budgetlimiet kan alleen bij rol %(roles)s.") % {"roles": options.budget_roles}
    tiers: list[tuple[Decimal, int]] = []
    seen: set[Decimal] = set()
    for index, tier in enumerate(data.tiers):
        if tier.is_empty:
            continue
        amount = parse_money(tier.amount)
        problem = None
        if amount is None:
            problem = _("Vul een bedrag in, bijvoorbeeld 500 of 1250,50.")
        elif amount <= 0:
            problem = _("Het bedrag moet groter zijn dan € 0.")
        elif amount > MAX_AMOUNT:
            problem = _("Dit bedrag is te hoog.")
        elif amount in seen:
            problem = _("Dit bedrag staat er al; elke budgetlimiet heeft een eigen bedrag.")
        if problem:
            errors[f"tier_amount_{index}"] = problem
        if tier.authoriser not in options.order_approver_ids:
            errors[f"tier_authoriser_{index}"] = _("Kies een actieve collega die orders mag autoriseren.")
        if amount is not None:
            seen.add(amount)
        if amount is not None and f"tier_amount_{index}" not in errors and f"tier_authoriser_{index}" not in errors:
            tiers.append((amount, int(tier.authoriser)))
    if not any(not tier.is_empty for tier in data.tiers):
        errors["tiers"] = _("Voeg minstens één budgetlimiet toe, of vink 'Heeft een budgetlimiet' uit.")
    return sorted(tiers)


def _check_locations(data: AccountInput, options: FormOptions, errors: dict[str, str]) -> tuple[list[int], list[int]]:
    """Only the organisation's active locations and departments; departments only of ticked locations;
    at least one location for roles 1–7 (the administrator sees every location anyway)."""
    offered = {location.id: location for location in options.locations}
    department_location = {
        int(department.value): location.id for location in options.locations for department in location.departments
    }
    location_ids: list[int] = []
    for value in sorted(data.locations):
        location_id = parse_id(value)
        if location_id in offered:
            location_ids.append(location_id)
        else:
            errors["locations"] = _("Een van de gekozen locaties bestaat niet (meer). Kies opnieuw.")
    department_ids: list[int] = []
    for value in sorted(data.departments):
        department_id = parse_id(value)
        if department_id not in department_location:
            errors["locations"] = _("Een van de gekozen afdelingen bestaat niet (meer). Kies opnieuw.")
        elif department_location[department_id] not in location_ids:
            location = offered[department_location[department_id]]
            errors["locations"] = _("Vink ook de locatie %(location)s aan, of vink haar afdelingen uit.") % {
                "location": location.name
            }
        else:
            department_ids.append(department_id)
    if data.role in ROLES and data.role != ADMIN and not data.locations and "locations" not in errors:
        errors["locations"] = _("Kies minstens één locatie waarvoor de medewerker zaken mag regelen.")
    return location_ids, department_ids


async def validate(
    data: AccountInput, options: FormOptions, account: Account | None
) -> tuple[CleanAccount | None, dict[str, str]]:
    """ADM-2's rules, whatever the form sends; every id is checked against `options`, which only ever
    holds the administrator's own organisation."""
    errors: dict[str, str] = {}
    email = await _check_person(data, account, errors)
    authorisers = _check_authorisers(data, options, account, errors)
    tiers = _check_tiers(data, options, errors)
    locations, departments = _check_locations(data, options, errors)
    away_from, away_until, substitute = _check_absence(data, options, account, errors)
    if errors:
        return None, errors
    return CleanAccount(
        name=data.name, email=email, role=data.role, active=data.active, may_authorise_orders=data.may_authorise_orders,
        has_budget_limit=data.has_budget_limit, authorisers=authorisers, tiers=tiers,
        locations=locations, departments=departments, away_from=away_from, away_until=away_until,
        substitute=substitute,
    ), {}


def _check_absence(data: AccountInput, options: FormOptions, account: Account | None,
                   errors: dict[str, str]) -> tuple[date | None, date | None, int | None]:
    """An authoriser away from one day to another, with a colleague who may authorise in their place
    (SRV-3). Nothing filled in: not away. Only someone who authorises services has a substitute."""
    if not (data.away_from or data.away_until or data.substitute):
        return None, None, None
    start, end = parse_date(data.away_from), parse_date(data.away_until)
    if data.role in ROLES and not approval.may_authorise_services(data.role):
        errors["away_from"] = _("Alleen wie serviceaanvragen van anderen autoriseert, heeft een vervanger.")
        return None, None, None
    if start is None:
        errors["away_from"] = _("Vul de eerste dag van de afwezigheid in, bijvoorbeeld 1-3-2026.")
    if end is None:
        errors["away_until"] = _("Vul de laatste dag van de afwezigheid in, bijvoorbeeld 14-3-2026.")
    elif start is not None and end < start:
        errors["away_until"] = _("De laatste dag ligt vóór de eerste.")
    substitute = parse_id(data.substitute)
    if str(substitute) not in options.service_authoriser_ids or (account is not None and substitute == account.id):
        errors["substitute"] = _("Kies een actieve collega die services mag autoriseren als vervanger.")
    return start, end, substitute


async def last_admin_problem(account: Account, clean: CleanAccount) -> dict[str, str]:
    """The organisation keeps at least one active administrator: otherwise nobody could manage it."""
    if account.role != ADMIN or not account.active or (clean.role == ADMIN and clean.active):
        return {}
    others = await Account.count().where(
        (Account.organisation == account.organisation) & (Account.role == ADMIN)
        & (Account.active == True) & (Account.id != account.id)  # noqa: E712
    )
    if others:
        return {}
    message = _(
        "Dit is de laatste actieve administrator van uw organisatie. Maak eerst een ander account "
        "administrator."
    )
    return {"role": message} if clean.role != ADMIN else {"active": message}

