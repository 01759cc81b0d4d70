"""The account form ("Nieuw account maken" / "Account bewerken", ADM-2): what it was sent, as typed, so an
invalid form comes back exactly as it was; and what it offers — always the administrator's own
organisation only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from portal.domain import approval
from portal.domain.approval import NO_AUTHORISATION
from portal.domain.parsing import clean_line
from portal.domain.scope import Scope
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.i18n import _
from portal.rights import ADMIN, ROLES, role_label, sees_all_locations
from portal.tables import Account, AccountDepartment, AccountLocation

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
    authorisers: dict[str, str] = field(default_factory=lambda: {kind: NO_AUTHORISATION for kind in REQUESTABLE_KINDS})
    tiers: list[TierInput] = field(default_factory=list)
    locations: set[str] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)
    # "Afwezig van … tot …, vervanger …": who authorises in this authoriser's place meanwhile.
    away_from: str = ""
    away_until: str = ""
    substitute: str = ""


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
        authorisers={kind: clean_line(form.get(f"authoriser_{kind}"), 20) or NO_AUTHORISATION for kind in REQUESTABLE_KINDS},
        tiers=[TierInput(clean_line(a, 30), clean_line(b, 20)) for a, b in zip(amounts[:50], approvers[:50])],
        locations=set(_all(form, "location")[:1000]),
        departments=set(_all(form, "department")[:5000]),
        away_from=clean_line(form.get("away_from"), 30),
        away_until=clean_line(form.get("away_until"), 30),
        substitute=clean_line(form.get("substitute"), 20),
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

    @property
    def pair(self) -> tuple[str, str]:
        return self.value, self.label


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
    roles_seeing_all_locations: set[str]  # for these the location ticks do not matter
    roles_authorising_services: set[str]  # these can stand in for each other while away

    def label_for(self, value: str) -> str:
        return self.names.get(value, _("onbekend"))

    def authoriser_choices(self, chosen: str) -> list[tuple[str, str]]:
        """The service authorisers on offer, and the chosen one marked when they no longer may."""
        return self._with_stale(self.service_authorisers, chosen)

    def order_approver_choices(self, chosen: str) -> list[tuple[str, str]]:
        return self._with_stale(self.order_approvers, chosen)

    def substitute_choices(self, chosen: str) -> list[tuple[str, str]]:
        """A substitute authorises services in the person's place: the same colleagues as service authorisers."""
        return self._with_stale(self.service_authorisers, chosen)

    def _with_stale(self, offered: list[Choice], chosen: str) -> list[tuple[str, str]]:
        pairs = [choice.pair for choice in offered]
        if chosen and chosen != NO_AUTHORISATION and chosen not in {value for value, _label in pairs}:
            pairs.append((chosen, f"{self.label_for(chosen)} ({_('mag niet autoriseren')})"))
        return pairs

    @property
    def service_authoriser_ids(self) -> set[str]:
        return {choice.value for choice in self.service_authorisers}

    @property
    def order_approver_ids(self) -> set[str]:
        return {choice.value for choice in self.order_approvers}


def _join_roles(roles: list[str]) -> str:
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " " + _("en") + " " + roles[-1]


async def form_options(scope: Scope, account_id: int | None = None) -> FormOptions:
    """The form's choices. The person being edited is never their own authoriser in these lists: for
    services "the person themself" is the separate first choice, for orders it makes no sense."""
    people = await Account.select(
        Account.id, Account.name, Account.email, Account.role, Account.active, Account.may_authorise_orders
    ).where(Account.organisation == scope.organisation_id).order_by(Account.name)
    name_count: dict[str, int] = {}
    for person in people:
        name_count[person["name"]] = name_count.get(person["name"], 0) + 1

    def label(person: dict) -> str:
        # Two colleagues with the same name are told apart by their e-mail address.
        return f"{person['name']} ({person['email']})" if name_count[person["name"]] > 1 else person["name"]

    others = [person for person in people if person["active"] and person["id"] != account_id]
    choices = {
        location.id: LocationChoice(location.id, location.name, location.address, location.postal_code, location.city)
        for location in await scope.locations_query()
    }
    for department in await scope.departments_query():
        if department.location.id in choices:
            choices[department.location.id].departments.append(Choice(str(department.id), department.name))
    return FormOptions(
        organisation_id=scope.organisation_id,
        roles=[Choice(role, f"{role_label(role)} – {ROLE_SUMMARIES[role]}") for role in ROLES],
        service_authorisers=[
            Choice(str(p["id"]), label(p)) for p in others if approval.may_authorise_services(p["role"])
        ],
        order_approvers=[
            Choice(str(p["id"]), label(p)) for p in others
            if approval.authorises_orders(p["role"], p["may_authorise_orders"])
        ],
        locations=list(choices.values()),
        names={str(p["id"]): label(p) for p in people},
        budget_roles=_join_roles(approval.budget_roles()),
        roles_seeing_all_locations={role for role in ROLES if sees_all_locations(role)},
        roles_authorising_services={role for role in ROLES if approval.may_authorise_services(role)},
    )


async def input_for(account: Account) -> AccountInput:
    """An existing account as the form shows it."""
    chosen = await approval.service_authorisers(account.id)
    authorisers = {
        kind: NO_AUTHORISATION if chosen.get(kind) is None else str(chosen[kind]) for kind in REQUESTABLE_KINDS
    }
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
        tiers=[TierInput(_amount_text(t.from_amount), str(t.authoriser)) for t in await approval.budget_tiers(account.id)],
        locations={str(row["location"]) for row in locations},
        departments={str(row["department"]) for row in departments},
        away_from=account.away_from.isoformat() if account.away_from else "",
        away_until=account.away_until.isoformat() if account.away_until else "",
        substitute=str(account.substitute) if account.substitute else "",
    )


def _amount_text(amount: Decimal) -> str:
    """An amount as a Dutch user types it: 1250,50 (whole euros without cents)."""
    text = f"{amount:.2f}".replace(".", ",")
    return text.removesuffix(",00")



def first_tab_with_errors(errors: dict[str, str], requested: str | None) -> str:
    """Open the tab that shows the first problem; otherwise the tab the person was on."""
    if errors:
        return "locaties" if set(errors) <= {"locations"} else "details"
    return requested if requested in ("details", "locaties") else "details"


def empty_rows(tiers: Iterable[TierInput]) -> list[TierInput]:
    """The tier rows to show: what was typed, or one empty row to start from."""
    rows = list(tiers)
    return rows or [TierInput()]
