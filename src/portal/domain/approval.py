"""Approval (DESIGN: one workflow decides whether a service request or an order needs authorisation and by
whom, and records the decision). Service requests use it (SRV-3, portal.domain.service_requests.
authorisation); orders (SHOP-6) will, through the same `decide` and `deciders`.

* Services: per kind of service each account has an authoriser (ADM-2 "Autorisaties"). Choosing the
  person themself means the requests of that kind need no authorisation. Only an account whose role
  holds "Serviceaanvragen van anderen autoriseren" can be someone else's authoriser.
* Orders: accounts with "Mag orders autoriseren" authorise others' orders; the administrator always.
* Budget: a role with a budget limit has tiers "from this amount per order, authorised by"; an order
  needs the authoriser of the highest tier its total reaches (`order_authorisation`; the orders' side is
  portal.domain.orders.authorisation, deciding with `entitled=orders_entitled`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from portal.db import engine
from portal.i18n import TIMEZONE, _
from portal.money import to_money
from portal.rights import ADMIN, ROLES, Right, has_right
from portal.tables import Account, BudgetTier, ServiceAuthoriser

# The form's value for "the person themself" as service authoriser: no authorisation needed.
NO_AUTHORISATION = "self"


def may_authorise_services(role: str) -> bool:
    """Whether someone with this role can be chosen to authorise others' service requests."""
    return has_right(role, Right.AUTHORISE_SERVICES)


def authorises_orders(role: str, flag: bool) -> bool:
    """Orders of others are authorised by accounts with "Mag orders autoriseren" (the administrator always),
    in a role that reaches the shop: roles 4 and 6 never do, so they are never offered as budget authoriser."""
    return (flag or role == ADMIN) and has_right(role, Right.BUY)


def may_have_budget_limit(role: str) -> bool:
    return has_right(role, Right.BUDGET_LIMIT)


def budget_roles() -> list[str]:
    return [role for role in ROLES if may_have_budget_limit(role)]


def stored_authoriser(account_id: int, authoriser: int | None) -> int:
    """The row ServiceAuthoriser keeps: "no authorisation" is stored as the person themself."""
    return authoriser or account_id


def needs_no_authorisation(account_id: int, stored: int | None) -> bool:
    """The requester chosen as their own authoriser (or none chosen) means no authorisation."""
    return stored is None or stored == account_id


async def service_authorisers(account_id: int) -> dict[str, int | None]:
    """Per service kind the colleague who must authorise this account's requests; None: nobody."""
    rows = await ServiceAuthoriser.select().where(ServiceAuthoriser.account == account_id)
    return {
        row["kind"]: None if needs_no_authorisation(account_id, row["authoriser"]) else row["authoriser"]
        for row in rows
    }


@dataclass(frozen=True)
class Tier:
    from_amount: Decimal
    authoriser: int


async def budget_tiers(account_id: int) -> list[Tier]:
    """The account's budget tiers, lowest amount first."""
    rows = await BudgetTier.select().where(BudgetTier.account == account_id).order_by(BudgetTier.from_amount)
    return [Tier(to_money(row["from_amount"]), row["authoriser"]) for row in rows]


def tier_for(tiers: Iterable[Tier], total: Decimal) -> Tier | None:
    """The tier an order of `total` falls in: the highest one whose amount it reaches; None below all."""
    reached = [tier for tier in tiers if total >= tier.from_amount]
    return max(reached, key=lambda tier: tier.from_amount) if reached else None



# --- Who decides ----------------------------------------------------------------------------------------
#
# A request that needs authorisation waits for its assigned authoriser: the requester's authoriser for the
# kind, or, when that person is away on the day of the request, their substitute. While it waits, the
# assigned authoriser decides; while they are away, their substitute may too (the first decision wins);
# when the assigned authoriser can no longer decide (switched off, or their role lost the right), the
# organisation's administrators do, so nothing waits forever. Nobody decides on their own request.


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    active: bool
    away_from: date | None
    away_until: date | None
    substitute: int | None
    may_authorise_orders: bool = False

    def away_on(self, day: date) -> bool:
        return bool(self.away_from and self.away_until and self.away_from <= day <= self.away_until)


async def _people(organisation_id: int) -> dict[int, Person]:
    rows = await Account.select(
        Account.id, Account.role, Account.active, Account.away_from, Account.away_until, Account.substitute,
        Account.may_authorise_orders,
    ).where(Account.organisation == organisation_id)
    return {row["id"]: Person(row["id"], row["role"], row["active"], row["away_from"], row["away_until"],
                              row["substitute"], bool(row["may_authorise_orders"])) for row in rows}


def _can_decide(person: Person | None, entitled: Callable[[Person], bool]) -> bool:
    return person is not None and person.active and entitled(person)


def services_entitled(person: Person) -> bool:
    return may_authorise_services(person.role)


def orders_entitled(person: Person) -> bool:
    """Who can decide on others' orders: "Mag orders autoriseren" (or the administrator), in a role that
    reaches the shop (roles 4 and 6 never do)."""
    return authorises_orders(person.role, person.may_authorise_orders)


def decides_orders(account: Account) -> bool:
    return orders_entitled(Person(account.id, account.role, account.active, None, None, None,
                                  account.may_authorise_orders))


async def _present(requester: Account, chosen: int, day: date, entitled: Callable[[Person], bool]) -> int:
    """`chosen`, or their substitute when `chosen` is away on `day` (never the requester themself)."""
    people = await _people(requester.organisation)
    person = people.get(chosen)
    if person is not None and person.away_on(day) and person.substitute not in (None, requester.id):
        substitute = people.get(person.substitute)
        if _can_decide(substitute, entitled):
            return substitute.id
    return chosen


async def assigned_authoriser(requester: Account, kind: str, day: date) -> int | None:
    """Who must authorise the requester's `kind` request made on `day`; None: nobody (their own choice).
    An authoriser away that day hands it to their substitute (not to the requester themself)."""
    chosen = (await service_authorisers(requester.id)).get(kind)
    if chosen is None:
        return None
    return await _present(requester, chosen, day, services_entitled)


@dataclass(frozen=True)
class OrderAuthorisation:
    """An order that must wait: the tier its total reached and who must decide (None: the
    organisation's administrators, when the tier names the requester themself)."""

    tier: Tier
    assigned: int | None


async def order_authorisation(requester: Account, total: Decimal, day: date) -> OrderAuthorisation | None:
    """Whether an order of `total` (excl. VAT) by `requester` on `day` waits, and for whom (SHOP-6): the
    authoriser of the highest budget tier it reaches, or their substitute while they are away."""
    if not (requester.has_budget_limit and may_have_budget_limit(requester.role)):
        return None
    tier = tier_for(await budget_tiers(requester.id), total)
    if tier is None:
        return None
    if tier.authoriser == requester.id:  # nobody approves their own order: the administrators do
        return OrderAuthorisation(tier, None)
    return OrderAuthorisation(tier, await _present(requester, tier.authoriser, day, orders_entitled))


async def deciders(organisation_id: int, assigned: int | None, requester: int | None, day: date,
                   entitled: Callable[[Person], bool] = services_entitled) -> set[int]:
    """Who may decide a waiting request today (see above)."""
    people = await _people(organisation_id)
    chosen = people.get(assigned) if assigned is not None else None
    found: set[int] = set()
    if _can_decide(chosen, entitled):
        found.add(chosen.id)
        if chosen.away_on(day) and _can_decide(people.get(chosen.substitute), entitled):
            found.add(chosen.substitute)
    else:
        found = {p.id for p in people.values() if p.role == ADMIN and p.active}
    found.discard(requester)
    return found


async def waiting_assignees(account: Account, day: date,
                            entitled: Callable[[Person], bool] = services_entitled) -> set[int | None]:
    """The assigned authorisers whose waiting requests `account` may decide today: themself, those they
    stand in for, and for an administrator those who can no longer decide (and no one)."""
    people = await _people(account.organisation)
    me = people.get(account.id)
    if not _can_decide(me, entitled):
        return set()
    found: set[int | None] = {account.id}
    found |= {p.id for p in people.values() if p.substitute == account.id and p.away_on(day)}
    if me.role == ADMIN:
        found |= {p.id for p in people.values() if not _can_decide(p, entitled)}
        found.add(None)
    return found


async def waiting_notes(viewer: Account, rows: list[dict], entitled: Callable[[Person], bool] = services_entitled) -> None:
    """What "Te autoriseren" says beside each waiting item (rows with `authoriser` and `authoriser_name`, in
    `note`): nothing when it waits for the viewer; that its authoriser can no longer decide (switched off,
    or the right lost: it came to the administrator) or is gone; else whom the viewer stands in for."""
    others = {row["authoriser"] for row in rows} - {viewer.id, None}
    people = await _people(viewer.organisation) if others else {}
    for row in rows:
        assigned = row["authoriser"]
        if assigned == viewer.id:
            row["note"] = ""
        elif assigned is None:
            row["note"] = _("Geen autorisator meer")
        elif not _can_decide(people.get(assigned), entitled):
            row["note"] = _("%(name)s kan niet meer beslissen") % {"name": row["authoriser_name"]}
        else:
            row["note"] = _("Voor %(name)s") % {"name": row["authoriser_name"]}


# --- Deciding -------------------------------------------------------------------------------------------


class Subject(Protocol):
    """What is being approved (a service request; an order in step 6)."""

    organisation_id: int
    requester_id: int | None
    assigned_id: int | None

    async def settle(self, approved: bool, decider: Account, reason: str) -> bool:
        """Move it out of waiting, only if it still waits (one statement: two deciders, one wins)."""
        ...

    async def decided(self, approved: bool, decider: Account, reason: str) -> None:
        """What follows a decision: the trail, telling the requester."""
        ...


REASON_MAX = 1000


async def decide(decider: Account, subject: Subject, approved: bool, reason: str,
                 entitled: Callable[[Person], bool] = services_entitled) -> dict[str, str]:
    """Approve or reject a waiting request; errors per field ("decision" when it cannot be decided)."""
    reason = reason.strip()[:REASON_MAX]
    if decider.organisation != subject.organisation_id:
        return {"decision": _("U kunt over deze aanvraag niet beslissen.")}
    if decider.id == subject.requester_id:
        return {"decision": _("U kunt niet over uw eigen aanvraag beslissen.")}
    today = datetime.now(TIMEZONE).date()
    if decider.id not in await deciders(subject.organisation_id, subject.assigned_id, subject.requester_id, today,
                                        entitled):
        return {"decision": _("U kunt over deze aanvraag niet (meer) beslissen.")}
    if not approved and not reason:
        return {"reason": _("Vul de reden van de afwijzing in; de aanvrager krijgt die te zien.")}
    async with engine().transaction():
        if not await subject.settle(approved, decider, reason):
            return {"decision": _("Over deze aanvraag is al beslist.")}
        await subject.decided(approved, decider, reason)
    return {}
