"""The rights table (ROLE-1…9): the one place that says what each role may do.

Route guards, the menu, the "Rollen en rechten" page and the permission tests all read RIGHTS, through
`has_right`. Keep it identical to the matrix in SPEC.md. Who authorises what is portal.domain.approval.
"""

from __future__ import annotations

from enum import StrEnum

from portal.i18n import _


class Right(StrEnum):
    VIEW_FLEET = "view_fleet"
    REQUEST_SERVICES = "request_services"
    AUTHORISE_SERVICES = "authorise_services"
    BUY = "buy"
    RENT = "rent"
    QUOTES = "quotes"
    VIEW_ORDERS = "view_orders"
    VIEW_SERVICE_ORDERS = "view_service_orders"
    BUDGET_LIMIT = "budget_limit"
    INVOICES = "invoices"
    LOCATION_REQUESTS = "location_requests"
    MANAGE_ACCOUNTS = "manage_accounts"
    DASHBOARD = "dashboard"


ADMIN = "admin"
ROLES: tuple[str, ...] = (ADMIN, "1", "2", "3", "4", "5", "6", "7")

_EVERY_ROLE = {Right.VIEW_FLEET, Right.REQUEST_SERVICES, Right.DASHBOARD}
_SHOP = {Right.BUY, Right.RENT, Right.VIEW_ORDERS}

RIGHTS: dict[str, frozenset[Right]] = {
    ADMIN: frozenset(
        _EVERY_ROLE
        | _SHOP
        | {Right.AUTHORISE_SERVICES, Right.QUOTES, Right.INVOICES, Right.LOCATION_REQUESTS, Right.MANAGE_ACCOUNTS}
    ),
    "1": frozenset(
        _EVERY_ROLE | _SHOP | {Right.AUTHORISE_SERVICES, Right.QUOTES, Right.INVOICES, Right.LOCATION_REQUESTS}
    ),
    "2": frozenset(_EVERY_ROLE | _SHOP | {Right.QUOTES, Right.BUDGET_LIMIT}),
    "3": frozenset(_EVERY_ROLE | _SHOP | {Right.QUOTES, Right.BUDGET_LIMIT, Right.AUTHORISE_SERVICES}),
    "4": frozenset(_EVERY_ROLE),
    "5": frozenset(_EVERY_ROLE | _SHOP | {Right.BUDGET_LIMIT}),
    "6": frozenset(_EVERY_ROLE | {Right.AUTHORISE_SERVICES, Right.VIEW_SERVICE_ORDERS}),
    "7": frozenset(_EVERY_ROLE | _SHOP | {Right.BUDGET_LIMIT, Right.AUTHORISE_SERVICES}),
}


def role_label(role: str) -> str:
    return _("Administrator") if role == ADMIN else _("Rol %(n)s") % {"n": role}


# The rows of "Rollen en rechten", in the order of the manual.
RIGHT_LABELS: dict[Right, str] = {
    Right.VIEW_FLEET: _("Hulpmiddelen, historie, planning en acties inzien (eigen locaties)"),
    Right.REQUEST_SERVICES: _("Services aanvragen"),
    Right.AUTHORISE_SERVICES: _("Serviceaanvragen van anderen autoriseren"),
    Right.BUY: _("Kopen: producten, winkelwagen, orders en ordertemplates"),
    Right.RENT: _("Huren"),
    Right.QUOTES: _("Offertes aanvragen en inzien"),
    Right.VIEW_ORDERS: _("Orders inzien"),
    Right.VIEW_SERVICE_ORDERS: _("Orders inzien van services die men autoriseert"),
    Right.BUDGET_LIMIT: _("Budgetlimiet kan worden ingesteld"),
    Right.INVOICES: _("Facturen en creditnota's inzien"),
    Right.LOCATION_REQUESTS: _("Locaties wijzigen en nieuwe locaties aanmelden"),
    Right.MANAGE_ACCOUNTS: _("Gebruikersaccounts beheren"),
    Right.DASHBOARD: _("Mijn actuele overzicht"),
}


def has_right(role: str, *rights: Right) -> bool:
    """The one way to read the table: whether the role holds any of `rights`."""
    held = RIGHTS.get(role, frozenset())
    return any(right in held for right in rights)


def sees_all_locations(role: str) -> bool:
    """Everyone but the administrator sees and acts only for their assigned locations."""
    return role == ADMIN
