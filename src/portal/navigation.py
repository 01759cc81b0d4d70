"""The menu of the manual and the footer. Which items a person sees follows from the rights table."""

from __future__ import annotations

from dataclasses import dataclass

from portal.i18n import _
from portal.rights import Right, has_any_right


@dataclass(frozen=True)
class MenuItem:
    label: str
    path: str
    rights: tuple[Right, ...] = ()  # any of these; empty = every signed-in account
    icon: str = ""


MENU: tuple[MenuItem, ...] = (
    MenuItem(_("Mijn actuele overzicht"), "/profile/", (Right.DASHBOARD,)),
    MenuItem(_("Mijn hulpmiddelen"), "/hulpmiddelen", (Right.VIEW_FLEET,)),
    MenuItem(_("Planning"), "/profile/planning", (Right.VIEW_FLEET,)),
    MenuItem(_("Mijn acties"), "/acties", (Right.VIEW_FLEET,)),
    MenuItem(_("Kopen"), "/alle-producten/", (Right.BUY,)),
    MenuItem(_("Huren"), "/huur", (Right.RENT,)),
    MenuItem(_("Winkelwagen"), "/winkelwagen", (Right.BUY,)),
    MenuItem(_("Mijn orders"), "/profile/orders/", (Right.VIEW_ORDERS, Right.VIEW_SERVICE_ORDERS)),
    MenuItem(_("Mijn ordertemplates"), "/profile/ordertemplates/", (Right.BUY,)),
    MenuItem(_("Mijn offertes"), "/profile/quotes/", (Right.QUOTES,)),
    MenuItem(_("Mijn facturen"), "/facturen", (Right.INVOICES,)),
    MenuItem(_("Mijn account"), "/mijn-account"),
    MenuItem(_("Accountbeheer"), "/accountbeheer", (Right.MANAGE_ACCOUNTS,)),
)

FOOTER: tuple[MenuItem, ...] = (
    MenuItem(_("Rollen en rechten"), "/profile/permissionoverview"),
    MenuItem(_("Contactformulier"), "/contactformulier"),
    MenuItem(_("Veelgestelde vragen"), "/veelgestelde-vragen"),
    MenuItem(_("Instructievideo's"), "/videos-portal"),
)


def menu_for(role: str) -> list[MenuItem]:
    return [item for item in MENU if not item.rights or has_any_right(role, item.rights)]


def footer_links() -> tuple[MenuItem, ...]:
    return FOOTER


def active_path(items: list[MenuItem], path: str) -> str | None:
    """The menu item a page belongs to: the longest item path that the page's path starts with, so
    "/accountbeheer/12/bewerken" marks "Accountbeheer" and "/profile/orders/" does not mark "/profile/"."""
    best: str | None = None
    for item in items:
        prefix = item.path.rstrip("/")
        if path == item.path or path == prefix or path.startswith(prefix + "/"):
            if prefix and (best is None or len(item.path) > len(best)):
                best = item.path
    return best
