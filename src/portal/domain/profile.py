"""What "Mijn account" shows of the signed-in account (ACC-3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.domain.scope import Scope
from portal.domain.services import REQUESTABLE_KINDS
from portal.money import to_money
from portal.rights import Right, authorises_orders, has_right, role_label
from portal.tables import Account, BudgetTier, Department, Location, ServiceAuthoriser


@dataclass
class LocationRow:
    location: Location
    departments: list[Department] = field(default_factory=list)


@dataclass
class AccountOverview:
    account: Account
    role: str
    authorisers: list[tuple[str, str]]  # (kind label, authoriser name or "")
    budget_tiers: list[tuple[object, str]]  # (from amount, authoriser name)
    locations: list[LocationRow]
    may_authorise_orders: bool
    may_request_location_changes: bool


async def account_overview(account: Account, scope: Scope) -> AccountOverview:
    names = {
        row["id"]: row["name"]
        for row in await Account.select(Account.id, Account.name).where(Account.organisation == account.organisation)
    }
    by_kind = {
        row["kind"]: row["authoriser"]
        for row in await ServiceAuthoriser.select().where(ServiceAuthoriser.account == account.id)
    }
    authorisers = [
        (label, names.get(by_kind[kind], "") if by_kind.get(kind) not in (None, account.id) else "")
        for kind, label in REQUESTABLE_KINDS.items()
    ]
    tiers = await BudgetTier.select().where(BudgetTier.account == account.id).order_by(BudgetTier.from_amount)
    locations = await scope.locations_query()
    rows = {location.id: LocationRow(location) for location in locations}
    for department in await scope.departments_query():
        if department.location.id in rows:
            rows[department.location.id].departments.append(department)
    if scope.department_ids:
        # Departments ticked for a location narrow it; a location without ticked departments means all.
        for row in rows.values():
            ticked = [d for d in row.departments if d.id in scope.department_ids]
            row.departments = ticked or row.departments
    return AccountOverview(
        account=account,
        role=role_label(account.role),
        authorisers=authorisers,
        budget_tiers=[(to_money(t["from_amount"]), names.get(t["authoriser"], "")) for t in tiers] if account.has_budget_limit else [],
        locations=list(rows.values()),
        # The administrator authorises orders by role; everyone else by the account's tick box.
        may_authorise_orders=authorises_orders(account.role, account.may_authorise_orders),
        may_request_location_changes=has_right(account.role, Right.LOCATION_REQUESTS),
    )
