"""Accountbeheer (ADM-1, ADM-3): the administrator's list of the organisation's accounts, narrowed by name
(or e-mail), location and role, sorted and paged."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from piccolo.columns.combination import WhereRaw

from portal.domain.parsing import clean_line, first, parse_id
from portal.domain.scope import Scope
from portal.i18n import _, format_moment
from portal.listing import DESKTOP, Column, Listing, Pager, Sort, numbered_pager, page_number
from portal.rights import ROLES, role_label, sees_all_locations
from portal.tables import Account, AccountLocation, Location

PAGE_SIZE = 25
SORT_COLUMNS = {
    "naam": Account.name,
    "email": Account.email,
    "rol": Account.role,
    "status": Account.active,
    "ingelogd": Account.last_login_at,
}
SHOWN_LOCATIONS = 3

ACCOUNT_LISTING = Listing(
    id="accounts-table",
    caption=_("Gebruikersaccounts"),
    columns=(
        Column("name", _("Naam"), sort="naam", link="admin_accounts:edit", link_params=(("account_id", "id"),)),
        Column("email", _("E-mailadres"), sort="email", priority=DESKTOP),
        Column("role_label", _("Rol"), sort="rol", nowrap=True),
        Column("locations", _("Locaties"), cell="locations"),
        Column("status_label", _("Status"), sort="status", badge="status-badge", badge_key="status_code"),
        Column("last_login_label", _("Laatst ingelogd"), sort="ingelogd", priority=DESKTOP, nowrap=True),
        # The manual's pencil icon "rechts naast het gebruikersaccount".
        Column("id", _("Bewerken"), cell="edit", export="", hidden_label=True),
    ),
    default_sort=Sort("naam"),
    sort_param="sorteer",
)


@dataclass(frozen=True)
class ListFilters:
    name: str = ""
    location_id: int | None = None
    role: str = ""
    sort: Sort = ACCOUNT_LISTING.default_sort
    page: int = 1

    def params(self) -> dict[str, str]:
        """The list's filters as its URL holds them (without sort and page)."""
        values = {"naam": self.name, "locatie": str(self.location_id or ""), "rol": self.role}
        return {key: value for key, value in values.items() if value}

    @property
    def is_filtered(self) -> bool:
        return bool(self.params())


def parse_filters(params: Mapping[str, Any]) -> tuple[ListFilters, list[str]]:
    """Query values as typed in a URL; a value that makes no sense is ignored with a message, never an
    error page."""
    messages: list[str] = []
    sort, problem = ACCOUNT_LISTING.parse_sort(first(params, ACCOUNT_LISTING.sort_param))
    if problem:
        messages.append(problem)
    page, valid = page_number(first(params, "pagina"))
    if not valid:
        messages.append(_("Deze pagina bestaat niet; u ziet de eerste pagina."))
    role = first(params, "rol")
    return ListFilters(
        name=clean_line(first(params, "naam"), 100),
        location_id=parse_id(first(params, "locatie")),
        role=role if role in ROLES else "",
        sort=sort,
        page=page,
    ), messages


@dataclass
class AccountPage:
    filters: ListFilters
    rows: list[dict]
    total: int
    pages: int
    pager: Pager
    messages: list[str]
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


async def list_accounts(scope: Scope, filters: ListFilters, messages: list[str]) -> AccountPage:
    """ADM-3: the organisation's accounts, narrowed by name (or e-mail), location and role."""
    locations = await scope.locations_query()
    if filters.location_id not in {location.id for location in locations}:
        filters = replace(filters, location_id=None)

    condition = Account.organisation == scope.organisation_id
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
    if filters.page > pages:
        messages.append(_("Deze pagina bestaat niet; u ziet de laatste pagina."))
        filters = replace(filters, page=pages)
    accounts = await (
        Account.select(
            Account.id, Account.name, Account.email, Account.role, Account.active, Account.last_login_at,
            Account.password_hash,
        )
        .where(condition)
        .order_by(SORT_COLUMNS[filters.sort.key], ascending=not filters.sort.descending)
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
    rows = [_row(row, names[row["id"]]) for row in accounts]
    return AccountPage(
        filters=filters, rows=rows, total=total, pages=pages, pager=numbered_pager(filters.page, pages),
        messages=messages, locations=list(locations), roles=[(role, role_label(role)) for role in ROLES],
    )


def _row(account: dict, locations: list[str]) -> dict:
    """What the list shows of an account: the cells' texts worked out once, the flags the cells need."""
    invited = account.pop("password_hash") is None  # no password chosen yet
    if account["last_login_at"]:
        last_login = format_moment(account["last_login_at"])
    else:
        last_login = _("Uitgenodigd") if invited else _("Nog niet")
    return {
        **account,
        "role_label": role_label(account["role"]),
        "sees_all_locations": sees_all_locations(account["role"]),
        "locations": locations[:SHOWN_LOCATIONS],
        "more_locations": max(0, len(locations) - SHOWN_LOCATIONS),
        "last_login_label": last_login,
        "status_label": _("Actief") if account["active"] else _("Inactief"),
        "status_code": "ok" if account["active"] else "off",
        "row_class": "" if account["active"] else "inactive",
    }
