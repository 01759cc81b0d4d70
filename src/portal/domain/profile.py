"""What "Mijn account" shows of the signed-in account (ACC-3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.domain import approval
from portal.domain.scope import Scope
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.i18n import _, format_day
from portal.rights import Right, has_right, role_label
from portal.tables import Account, Department, Location


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
    absence: str = ""  # "Afwezig van 1-3-2026 tot en met 14-3-2026; vervanger: …"


async def account_overview(account: Account, scope: Scope) -> AccountOverview:
    names = {
        row["id"]: row["name"]
        for row in await Account.select(Account.id, Account.name).where(Account.organisation == scope.organisation_id)
    }
    by_kind = await approval.service_authorisers(account.id)
    authorisers = [
        (label, names.get(by_kind[kind], "") if by_kind.get(kind) is not None else "")
        for kind, label in REQUESTABLE_KINDS.items()
    ]
    tiers = await approval.budget_tiers(account.id) if account.has_budget_limit else []
    rows = {location.id: LocationRow(location) for location in await scope.locations_query()}
    # The scope's own departments: all of a whole location, the ticked ones of a partly assigned one.
    for department in await scope.departments_query():
        if department.location.id in rows:
            rows[department.location.id].departments.append(department)
    return AccountOverview(
        account=account,
        role=role_label(account.role),
        authorisers=authorisers,
        budget_tiers=[(tier.from_amount, names.get(tier.authoriser, "")) for tier in tiers],
        locations=list(rows.values()),
        may_authorise_orders=approval.authorises_orders(account.role, account.may_authorise_orders),
        may_request_location_changes=has_right(account.role, Right.LOCATION_REQUESTS),
        absence=_absence(account, names),
    )


def _absence(account: Account, names: dict[int, str]) -> str:
    if not (account.away_from and account.away_until):
        return ""
    return _("Afwezig van %(start)s tot en met %(end)s; vervanger: %(name)s") % {
        "start": format_day(account.away_from), "end": format_day(account.away_until),
        "name": names.get(account.substitute, "–")}
