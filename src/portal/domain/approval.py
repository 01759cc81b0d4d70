"""Approval (DESIGN: one workflow decides whether a service request or an order needs authorisation and by
whom). The rules that exist so far live here; the service-request and order workflows of the next steps
(SRV-3, SHOP-6) are added to this module, not beside it.

* Services: per kind of service each account has an authoriser (ADM-2 "Autorisaties"). Choosing the
  person themself means the requests of that kind need no authorisation. Only an account whose role
  holds "Serviceaanvragen van anderen autoriseren" can be someone else's authoriser.
* Orders: accounts with "Mag orders autoriseren" authorise others' orders; the administrator always.
* Budget: a role with a budget limit has tiers "from this amount per order, authorised by"; an order
  needs the authoriser of the highest tier its total reaches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from portal.money import to_money
from portal.rights import ADMIN, ROLES, Right, has_right
from portal.tables import BudgetTier, ServiceAuthoriser

# The form's value for "the person themself" as service authoriser: no authorisation needed.
NO_AUTHORISATION = "self"


def may_authorise_services(role: str) -> bool:
    """Whether someone with this role can be chosen to authorise others' service requests."""
    return has_right(role, Right.AUTHORISE_SERVICES)


def authorises_orders(role: str, flag: bool) -> bool:
    """Orders of others are authorised by accounts with "Mag orders autoriseren"; the administrator always."""
    return flag or role == ADMIN


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

