"""Account administration (ADM-1…3): the administrator's list of accounts and the account form.

The rules of the form live here and hold whatever a browser sends: every id in a form is checked against
the administrator's own organisation, amounts and choices are validated, and the organisation always keeps
an active administrator. Errors come back per field, so the form can be shown again with what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import urlencode

from piccolo.columns.combination import WhereRaw
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from portal.domain import audit
from portal.domain.accounts import normalise_email, send_invitation
from portal.domain.services import REQUESTABLE_KINDS
from portal.domain.sessions import end_sessions
from portal.i18n import _, format_money
from portal.money import parse_money, to_money
from portal.rights import ADMIN, RIGHTS, ROLES, Right, authorises_orders, has_right, role_label
from portal.tables import (
    Account,
    AccountDepartment,
    AccountLocation,
    BudgetTier,
    Department,
    Location,
    Organisation,
    ServiceAuthoriser,
)

PAGE_SIZE = 25
MAX_ID = 2**31 - 1  # ids beyond a 32-bit integer cannot exist; PostgreSQL would fail on them
MAX_AMOUNT = Decimal("9999999999.99")  # what Numeric(12, 2) holds
SELF = "self"  # the service authoriser "the person themself": no authorisation needed
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# One line per role for the role list of the form; the full matrix is on "Rollen en rechten".
ROLE_SUMMARIES: dict[str, str] = {
    ADMIN: _("alle rechten, beheert de accounts"),
    "1": _("management: winkel, offertes, alle services, facturen en locaties"),
    "2": _("winkel en offertes, eventueel met budgetlimiet"),
    "3": _("winkel en offertes, autoriseert services van anderen"),
    "4": _("geen winkel, vraagt services aan"),
    "5": _("winkel zonder offertes, eventueel met budgetlimiet"),
    "6": _("geen winkel, autoriseert services van anderen"),
    "7": _("winkel zonder offertes, autoriseert services van anderen"),
}

# The list's sort keys as they appear in the URL (?sorteer=naam, ?sorteer=-naam).
SORT_COLUMNS = {
    "naam": Account.name,
    "email": Account.email,
    "rol": Account.role,
    "status": Account.active,
    "ingelogd": Account.last_login_at,
}


def parse_id(text: str | int | None) -> int | None:
    """A database id from a form or URL, or None: anything else is simply not an id."""
    if isinstance(text, int):
        return text if 0 < text <= MAX_ID else None
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def clean_line(value: Any, limit: int = 300) -> str:
    """One line of typed text: no control characters or lone surrogates (PostgreSQL refuses a NUL, and a
    surrogate cannot be encoded), surrounding spaces gone, cut to a sane length."""
    text = value if isinstance(value, str) else ""
    text = "".join(ch for ch in text if ch >= " " and ch != "\x7f" and not "\ud800" <= ch <= "\udfff")
    return text.strip()[:limit]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _transaction():
    """Account changes of one organisation run one after the other, so two administrators saving at once
    cannot both remove the last administrator. SQLite: take the write lock at the start; PostgreSQL:
    lock the organisation row (see `_lock_organisation`)."""
    engine = Account._meta.db
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def _lock_organisation(organisation_id: int) -> None:
    if not isinstance(Account._meta.db, SQLiteEngine):
        await Organisation.select(Organisation.id).where(Organisation.id == organisation_id).lock_rows()


# --- the list ("Accountbeheer") ---------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    name: str = ""
    location_id: int | None = None
    role: str = ""
    sort: str = "naam"
    descending: bool = False
    page: int = 1

    def query(self, **changes: Any) -> str:
        """The query string of this list with some values changed (for sort headers and paging)."""
        values = {
            "naam": self.name,
            "locatie": str(self.location_id or ""),
            "rol": self.role,
            "sorteer": ("-" if self.descending else "") + self.sort,
            "pagina": str(self.page),
        }
        values.update({key: str(value) for key, value in changes.items()})
        if values["sorteer"] == "naam":
            values["sorteer"] = ""
        if values["pagina"] == "1":
            values["pagina"] = ""
        return urlencode({key: value for key, value in values.items() if value})

    def sort_query(self, key: str) -> str:
        """Clicking a header sorts by it; clicking the current one turns the order round."""
        descending = key == self.sort and not self.descending
        return self.query(sorteer=("-" if descending else "") + key, pagina=1)

    def aria_sort(self, key: str) -> str | None:
        if key != self.sort:
            return None
        return "descending" if self.descending else "ascending"

    @property
    def is_filtered(self) -> bool:
        return bool(self.name or self.location_id or self.role)


def parse_filters(
    name: str | None, location: str | None, role: str | None, sort: str | None, page: str | None
) -> ListFilters:
    """Query values as typed in a URL; a value that makes no sense is ignored, never an error page."""
    sort = (sort or "").strip()
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    if sort not in SORT_COLUMNS:
        sort, descending = "naam", False
    page_number = parse_id(page) or 1
    return ListFilters(
        name=clean_line(name, 100),
        location_id=parse_id(location),
        role=role if role in ROLES else "",
        sort=sort,
        descending=descending,
        page=min(page_number, 100_000),
    )


@dataclass
class AccountRow:
    id: int
    name: str
    email: str
    role: str
    role_label: str
    active: bool
    last_login_at: datetime | None
    locations: list[str]
    invited: bool  # no password chosen yet


@dataclass
class AccountPage:
    filters: ListFilters
    rows: list[AccountRow]
    total: int
    pages: int
    locations: list[Location]  # for the location filter
    roles: list[tuple[str, str]]

    @property
    def first_number(self) -> int:
        return (self.filters.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.rows) - 1 if self.rows else 0


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def list_accounts(organisation_id: int, filters: ListFilters) -> AccountPage:
    """ADM-3: the organisation's accounts, narrowed by name (or e-mail), location and role."""
    locations = await Location.objects().where(
        (Location.organisation == organisation_id) & (Location.active == True)  # noqa: E712
    ).order_by(Location.name)
    if filters.location_id not in {location.id for location in locations}:
        filters = replace(filters, location_id=None)

    condition = Account.organisation == organisation_id
    if filters.name:
        pattern = _like_pattern(filters.name)
        condition &= WhereRaw("(LOWER(name) LIKE {} ESCAPE '\\' OR LOWER(email) LIKE {} ESCAPE '\\')", pattern, pattern)
    if filters.role:
        condition &= Account.role == filters.role
    if filters.location_id:
        assigned = await AccountLocation.select(AccountLocation.account).where(
            AccountLocation.location == filters.location_id
        )
        condition &= Account.id.is_in([row["account"] for row in assigned] or [-1])

    total = await Account.count().where(condition)
    pages = max(1, -(-total // PAGE_SIZE))
    filters = replace(filters, page=min(filters.page, pages))
    accounts = await (
        Account.select(
            Account.id, Account.name, Account.email, Account.role, Account.active, Account.last_login_at,
            Account.password_hash,
        )
        .where(condition)
        .order_by(SORT_COLUMNS[filters.sort], ascending=not filters.descending)
        .order_by(Account.id)
        .limit(PAGE_SIZE)
        .offset((filters.page - 1) * PAGE_SIZE)
    )
    names: dict[int, list[str]] = {row["id"]: [] for row in accounts}
    if names:
        for row in await AccountLocation.select(AccountLocation.account, AccountLocation.location.name).where(
            AccountLocation.account.is_in(list(names)) & (AccountLocation.location.active == True)  # noqa: E712
        ).order_by(AccountLocation.location.name):
            names[row["account"]].append(row["location.name"])
    rows = [
        AccountRow(
            id=row["id"], name=row["name"], email=row["email"], role=row["role"], role_label=role_label(row["role"]),
            active=row["active"], last_login_at=row["last_login_at"], locations=names[row["id"]],
            invited=row["password_hash"] is None,
        )
        for row in accounts
    ]
    return AccountPage(
        filters=filters, rows=rows, total=total, pages=pages, locations=list(locations),
        roles=[(role, role_label(role)) for role in ROLES],
    )


# --- the form ("Nieuw account maken" / "Account bewerken") ------------------------------------------------


class FormValues(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getall(self, key: str) -> list[Any]: ...


@dataclass
class TierInput:
    amount: str = ""
    authoriser: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.amount.strip() and not self.authoriser.strip()


@dataclass
class AccountInput:
    """The form's values as typed (strings), so an invalid form comes back exactly as it was sent."""

    name: str = ""
    email: str = ""
    role: str = "4"
    active: bool = True
    may_authorise_orders: bool = False
    has_budget_limit: bool = False
    authorisers: dict[str, str] = field(default_factory=lambda: {kind: SELF for kind in REQUESTABLE_KINDS})
    tiers: list[TierInput] = field(default_factory=list)
    locations: set[str] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)


def _all(form: FormValues, key: str) -> list[str]:
    try:
        values = form.getall(key)
    except KeyError:  # multidict's answer for a field that was not sent
        values = []
    return [clean_line(value) for value in values]


def parse_form(form: FormValues) -> AccountInput:
    """The posted form as an AccountInput; checkboxes are on when sent, budget tiers come as pairs."""
    amounts = _all(form, "tier_amount")
    approvers = _all(form, "tier_authoriser")
    count = max(len(amounts), len(approvers))
    amounts += [""] * (count - len(amounts))
    approvers += [""] * (count - len(approvers))
    return AccountInput(
        name=clean_line(form.get("name")),
        email=clean_line(form.get("email")),
        role=clean_line(form.get("role"), 10),
        active=form.get("active") is not None,
        may_authorise_orders=form.get("may_authorise_orders") is not None,
        has_budget_limit=form.get("has_budget_limit") is not None,
        authorisers={kind: clean_line(form.get(f"authoriser_{kind}"), 20) or SELF for kind in REQUESTABLE_KINDS},
        tiers=[TierInput(clean_line(a, 30), clean_line(b, 20)) for a, b in zip(amounts[:50], approvers[:50])],
        locations=set(_all(form, "location")[:1000]),
        departments=set(_all(form, "department")[:5000]),
    )


def apply_tier_action(data: AccountInput, action: str) -> bool:
    """The "Toevoegen" and bin buttons without script: the form comes back with a row more or less.
    Returns False when the action is none of these (then the form is being saved)."""
    if action == "tier_add":
        data.has_budget_limit = True
        data.tiers.append(TierInput())
        return True
    if action.startswith("tier_remove_"):
        index = action.removeprefix("tier_remove_")
        if index.isascii() and index.isdigit() and len(index) < 4 and int(index) < len(data.tiers):
            del data.tiers[int(index)]
        return True
    return False


@dataclass
class Choice:
    value: str
    label: str


@dataclass
class LocationChoice:
    id: int
    name: str
    address: str
    postal_code: str
    city: str
    departments: list[Choice] = field(default_factory=list)


@dataclass
class FormOptions:
    """What the form offers: always the administrator's own organisation only."""

    organisation_id: int
    roles: list[Choice]
    service_authorisers: list[Choice]  # active colleagues whose role authorises services
    order_approvers: list[Choice]  # active colleagues who may authorise orders
    locations: list[LocationChoice]
    names: dict[str, str]  # every account of the organisation, for values no longer on offer
    budget_roles: str  # "2, 3, 5 en 7"

    def label_for(self, value: str) -> str:
        return self.names.get(value, _("onbekend"))

    @property
    def service_authoriser_ids(self) -> set[str]:
        return {choice.value for choice in self.service_authorisers}

    @property
    def order_approver_ids(self) -> set[str]:
        return {choice.value for choice in self.order_approvers}


def _join_roles(roles: list[str]) -> str:
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " " + _("en") + " " + roles[-1]


async def form_options(organisation_id: int, account_id: int | None = None) -> FormOptions:
    """The form's choices. The person being edited is never their own authoriser in these lists: for
    services "the person themself" is the separate first choice, for orders it makes no sense."""
    people = await Account.select(
        Account.id, Account.name, Account.email, Account.role, Account.active, Account.may_authorise_orders
    ).where(Account.organisation == organisation_id).order_by(Account.name)
    name_count: dict[str, int] = {}
    for person in people:
        name_count[person["name"]] = name_count.get(person["name"], 0) + 1

    def label(person: dict) -> str:
        # Two colleagues with the same name are told apart by their e-mail address.
        return f"{person['name']} ({person['email']})" if name_count[person["name"]] > 1 else person["name"]

    others = [person for person in people if person["active"] and person["id"] != account_id]
    locations = await Location.select(
        Location.id, Location.name, Location.address, Location.postal_code, Location.city
    ).where((Location.organisation == organisation_id) & (Location.active == True)).order_by(Location.name)  # noqa: E712
    choices = {row["id"]: LocationChoice(row["id"], row["name"], row["address"], row["postal_code"], row["city"]) for row in locations}
    if choices:
        for row in await Department.select(Department.id, Department.name, Department.location).where(
            Department.location.is_in(list(choices)) & (Department.active == True)  # noqa: E712
        ).order_by(Department.name):
            choices[row["location"]].departments.append(Choice(str(row["id"]), row["name"]))
    return FormOptions(
        organisation_id=organisation_id,
        roles=[Choice(role, f"{role_label(role)} – {ROLE_SUMMARIES[role]}") for role in ROLES],
        service_authorisers=[
            Choice(str(p["id"]), label(p)) for p in others if has_right(p["role"], Right.AUTHORISE_SERVICES)
        ],
        order_approvers=[
            Choice(str(p["id"]), label(p)) for p in others if authorises_orders(p["role"], p["may_authorise_orders"])
        ],
        locations=list(choices.values()),
        names={str(p["id"]): label(p) for p in people},
        budget_roles=_join_roles([role for role in ROLES if Right.BUDGET_LIMIT in RIGHTS[role]]),
    )


async def input_for(account: Account) -> AccountInput:
    """An existing account as the form shows it."""
    authorisers = {kind: SELF for kind in REQUESTABLE_KINDS}
    for row in await ServiceAuthoriser.select().where(ServiceAuthoriser.account == account.id):
        if row["kind"] in authorisers:
            authorisers[row["kind"]] = SELF if row["authoriser"] == account.id else str(row["authoriser"])
    tiers = await BudgetTier.select().where(BudgetTier.account == account.id).order_by(BudgetTier.from_amount)
    locations = await AccountLocation.select(AccountLocation.location).where(AccountLocation.account == account.id)
    departments = await AccountDepartment.select(AccountDepartment.department).where(
        AccountDepartment.account == account.id
    )
    return AccountInput(
        name=account.name,
        email=account.email,
        role=account.role,
        active=account.active,
        may_authorise_orders=account.may_authorise_orders,
        has_budget_limit=account.has_budget_limit,
        authorisers=authorisers,
        tiers=[TierInput(_amount_text(to_money(t["from_amount"])), str(t["authoriser"])) for t in tiers],
        locations={str(row["location"]) for row in locations},
        departments={str(row["department"]) for row in departments},
    )


def _amount_text(amount: Decimal) -> str:
    """An amount as a Dutch user types it: 1250,50 (whole euros without cents)."""
    text = f"{amount:.2f}".replace(".", ",")
    return text.removesuffix(",00")


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
        value = data.authorisers.get(kind, SELF)
        if value == SELF or (account is not None and value == str(account.id)):
            authorisers[kind] = None
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
    if data.role in ROLES and Right.BUDGET_LIMIT not in RIGHTS[data.role]:
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


async def _validate(
    data: AccountInput, options: FormOptions, account: Account | None
) -> tuple[CleanAccount | None, dict[str, str]]:
    """ADM-2's rules, whatever the form sends; every id is checked against `options`, which only ever
    holds the administrator's own organisation."""
    errors: dict[str, str] = {}
    email = await _check_person(data, account, errors)
    authorisers = _check_authorisers(data, options, account, errors)
    tiers = _check_tiers(data, options, errors)
    locations, departments = _check_locations(data, options, errors)
    if errors:
        return None, errors
    return CleanAccount(
        name=data.name, email=email, role=data.role, active=data.active, may_authorise_orders=data.may_authorise_orders,
        has_budget_limit=data.has_budget_limit, authorisers=authorisers, tiers=tiers,
        locations=locations, departments=departments,
    ), {}


async def _last_admin_problem(account: Account, clean: CleanAccount) -> dict[str, str]:
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


async def _write_details(account_id: int, clean: CleanAccount) -> None:
    """Replace the account's authorisers, tiers, locations and departments by the form's."""
    await ServiceAuthoriser.delete().where(ServiceAuthoriser.account == account_id)
    await BudgetTier.delete().where(BudgetTier.account == account_id)
    await AccountLocation.delete().where(AccountLocation.account == account_id)
    await AccountDepartment.delete().where(AccountDepartment.account == account_id)
    rows: list[Any] = [
        ServiceAuthoriser(account=account_id, kind=kind, authoriser=authoriser or account_id)
        for kind, authoriser in clean.authorisers.items()
    ]
    if rows:
        await ServiceAuthoriser.insert(*rows)
    if clean.has_budget_limit and clean.tiers:
        await BudgetTier.insert(
            *[BudgetTier(account=account_id, from_amount=amount, authoriser=approver) for amount, approver in clean.tiers]
        )
    if clean.locations:
        await AccountLocation.insert(*[AccountLocation(account=account_id, location=i) for i in clean.locations])
    if clean.departments:
        await AccountDepartment.insert(
            *[AccountDepartment(account=account_id, department=i) for i in clean.departments]
        )


async def _snapshot(account_id: int) -> dict[str, Any]:
    """The account as the audit trail records it: readable names, with ids where names may repeat."""
    account = await Account.objects().where(Account.id == account_id).first()
    assert account is not None
    names = {
        row["id"]: f"{row['name']} (#{row['id']})"
        for row in await Account.select(Account.id, Account.name).where(Account.organisation == account.organisation)
    }
    kinds = {
        row["kind"]: (_("de medewerker zelf") if row["authoriser"] == account_id else names.get(row["authoriser"], "?"))
        for row in await ServiceAuthoriser.select().where(ServiceAuthoriser.account == account_id)
    }
    tiers = await BudgetTier.select().where(BudgetTier.account == account_id).order_by(BudgetTier.from_amount)
    locations = await AccountLocation.select(AccountLocation.location.id, AccountLocation.location.name).where(
        AccountLocation.account == account_id
    ).order_by(AccountLocation.location.name)
    departments = await AccountDepartment.select(
        AccountDepartment.department.id, AccountDepartment.department.name
    ).where(AccountDepartment.account == account_id).order_by(AccountDepartment.department.name)
    return {
        "name": account.name,
        "email": account.email,
        "role": account.role,
        "active": account.active,
        "may_authorise_orders": account.may_authorise_orders,
        "has_budget_limit": account.has_budget_limit,
        "service_authorisers": {str(REQUESTABLE_KINDS[k]): v for k, v in sorted(kinds.items()) if k in REQUESTABLE_KINDS},
        "budget_tiers": [
            f"{format_money(to_money(t['from_amount']))} → {names.get(t['authoriser'], '?')}" for t in tiers
        ],
        "locations": [f"{row['location.name']} (#{row['location.id']})" for row in locations],
        "departments": [f"{row['department.name']} (#{row['department.id']})" for row in departments],
    }


def _is_unique_violation(error: Exception) -> bool:
    return "unique" in str(error).lower() or type(error).__name__ in {"UniqueViolationError", "IntegrityError"}


async def create_account(admin: Account, data: AccountInput, client: str = "") -> tuple[Account | None, dict[str, str]]:
    """ADM-2: a new account of the administrator's organisation; an active one gets the invitation (ACC-2)."""
    options = await form_options(admin.organisation)
    clean, errors = await _validate(data, options, None)
    if clean is None:
        return None, errors
    try:
        async with _transaction():
            await _lock_organisation(admin.organisation)
            account = Account(
                organisation=admin.organisation, name=clean.name, email=clean.email, password_hash=None,
                role=clean.role, active=clean.active, may_authorise_orders=clean.may_authorise_orders,
                has_budget_limit=clean.has_budget_limit, created_at=_now(),
            )
            await account.save()
            await _write_details(account.id, clean)
            after = await _snapshot(account.id)
            await audit.record(
                "account_created", actor=admin, object_type="account", object_id=account.id,
                changes=audit.diff({}, after), ip_address=client,
            )
    except Exception as error:  # two administrators adding the same address at the same moment
        if _is_unique_violation(error):
            return None, {"email": _("Er bestaat al een account met dit e-mailadres.")}
        raise
    if account.active:
        # After the commit: the mail is sent in the background and must find the account and its token.
        await send_invitation(account)
    return account, {}


async def get_account_for(admin: Account, account_id: str | int) -> Account | None:
    """An account of the administrator's own organisation; any other id is "not found"."""
    wanted = parse_id(account_id)
    if wanted is None:
        return None
    return await Account.objects().where(
        (Account.id == wanted) & (Account.organisation == admin.organisation)
    ).first()


async def update_account(
    admin: Account, account: Account, data: AccountInput, client: str = ""
) -> tuple[Account | None, dict[str, str]]:
    """ADM-2/3: everything but the e-mail address changes; the user's next request sees the change
    (the session middleware reloads the account on every request, so deactivating signs them out)."""
    if account.organisation != admin.organisation:
        raise LookupError("account of another organisation")
    options = await form_options(admin.organisation, account.id)
    clean, errors = await _validate(data, options, account)
    if clean is None:
        return None, errors
    async with _transaction():
        await _lock_organisation(admin.organisation)
        # Read again under the lock: another administrator may have changed the organisation meanwhile.
        current = await Account.objects().where(Account.id == account.id).first()
        assert current is not None
        if errors := await _last_admin_problem(current, clean):
            return None, errors
        before = await _snapshot(account.id)
        await Account.update({
            Account.name: clean.name,
            Account.role: clean.role,
            Account.active: clean.active,
            Account.may_authorise_orders: clean.may_authorise_orders,
            Account.has_budget_limit: clean.has_budget_limit,
        }).where(Account.id == account.id)
        if current.active and not clean.active:
            await end_sessions(account.id)  # all of them now, also those that make no request meanwhile
        await _write_details(account.id, clean)
        after = await _snapshot(account.id)
        changes = audit.diff(before, after)
        if changes:
            action = "account_changed"
            if before["active"] and not after["active"]:
                action = "account_deactivated"
            elif not before["active"] and after["active"]:
                action = "account_reactivated"
            await audit.record(
                action, actor=admin, object_type="account", object_id=account.id, changes=changes, ip_address=client,
            )
    updated = await Account.objects().where(Account.id == account.id).first()
    assert updated is not None
    if not current.active and updated.active and updated.password_hash is None:
        # Created inactive (no invitation then) and now switched on: the invitation goes out now.
        await send_invitation(updated)
    return updated, {}


def first_tab_with_errors(errors: dict[str, str], requested: str | None) -> str:
    """Open the tab that shows the first problem; otherwise the tab the person was on."""
    if errors:
        return "locaties" if set(errors) <= {"locations"} else "details"
    return requested if requested in ("details", "locaties") else "details"


def empty_rows(tiers: Iterable[TierInput]) -> list[TierInput]:
    """The tier rows to show: what was typed, or one empty row to start from."""
    rows = list(tiers)
    return rows or [TierInput()]
