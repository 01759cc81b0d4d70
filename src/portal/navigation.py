"""The menu of the manual and the footer. An item names the route it opens; who sees it follows from that
route's own rights (its handler's `opt`), so the menu and the guard can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Litestar

from portal.i18n import _
from portal.links import routes
from portal.rights import has_right


@dataclass(frozen=True)
class MenuItem:
    label: str
    route: str


@dataclass(frozen=True)
class MenuLink:
    label: str
    path: str


MENU: tuple[MenuItem, ...] = (
    MenuItem(_("Mijn actuele overzicht"), "dashboard:show"),
    MenuItem(_("Mijn hulpmiddelen"), "assets:list"),
    MenuItem(_("Planning"), "planning:list"),
    MenuItem(_("Mijn acties"), "actions:list"),
    MenuItem(_("Kopen"), "shop:catalogue"),
    MenuItem(_("Huren"), "rent:catalogue"),
    MenuItem(_("Winkelwagen"), "shop:basket"),
    MenuItem(_("Mijn orders"), "orders:list"),
    MenuItem(_("Mijn ordertemplates"), "shop:templates"),
    MenuItem(_("Mijn offertes"), "quotes:list"),
    MenuItem(_("Mijn facturen"), "invoices:list"),
    MenuItem(_("Mijn verzoeken"), "requests:list"),
    MenuItem(_("Mijn account"), "account:show"),
    MenuItem(_("Accountbeheer"), "admin_accounts:list"),
)

FOOTER: tuple[MenuItem, ...] = (
    MenuItem(_("Rollen en rechten"), "pages:permissions"),
    MenuItem(_("Contactformulier"), "pages:contact"),
    MenuItem(_("Veelgestelde vragen"), "pages:faq"),
    MenuItem(_("Instructievideo's"), "pages:videos"),
)


def _rights(app: Litestar, item: MenuItem) -> tuple:
    index = app.get_handler_index_by_name(item.route)
    if index is None:
        raise LookupError(f"menu item {item.label!r} names no route {item.route!r}")
    rights = index["handler"].opt.get("rights", ())
    return tuple(rights) if isinstance(rights, (tuple, list, set, frozenset)) else (rights,)


def menu_for(app: Litestar, role: str) -> list[MenuLink]:
    """The items whose page the role may open, in the manual's order (worked out once per role)."""
    cache: dict[str, list[MenuLink]] = app.state.setdefault("menus", {})
    if role not in cache:
        paths = routes(app)
        cache[role] = [
            MenuLink(item.label, paths.path(item.route)) for item in MENU
            if not _rights(app, item) or has_right(role, *_rights(app, item))
        ]
    return cache[role]


def footer_links(app: Litestar) -> list[MenuLink]:
    """The footer is shown to everyone: its pages are open to every signed-in account."""
    cache = app.state.get("footer")
    if cache is None:
        cache = app.state["footer"] = [MenuLink(item.label, routes(app).path(item.route)) for item in FOOTER]
    return cache


def active_path(items: list[MenuLink], path: str) -> str | None:
    """The menu item a page belongs to: the longest item path that the page's path starts with, so
    "/accountbeheer/12/bewerken" marks "Accountbeheer" and "/profile/orders/" does not mark "/profile/"."""
    best: str | None = None
    for item in items:
        prefix = item.path.rstrip("/")
        if path == item.path or path == prefix or path.startswith(prefix + "/"):
            if prefix and (best is None or len(item.path) > len(best)):
                best = item.path
    return best
