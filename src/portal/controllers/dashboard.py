"""Mijn actuele overzicht (DASH-1, /profile/): where signing in and the start page lead."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from portal.domain import dashboard
from portal.domain.invoices import spending
from portal.domain.scope import Scope
from portal.i18n import _
from portal.links import list_view
from portal.listing import Pager
from portal.rights import Right, has_right
from portal.web import current_account, get_scope, render


class DashboardController(Controller):
    path = "/profile"
    opt = {"rights": (Right.DASHBOARD,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="dashboard:show")
    async def show_dashboard(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """What waits for the account's authorisation first, then the newest records of each kind it sees."""
        account = current_account(request)
        found = await dashboard.dashboard_for(account, account_scope)

        def views(sections: list[dashboard.Section]) -> list[tuple[dashboard.Section, object]]:
            return [(section, list_view(request, section.listing, "dashboard:show", query={},
                                        sort=section.listing.default_sort, pager=Pager(), rows=section.rows))
                    for section in sections]

        return await render(request, "dashboard/show.html", {
            "title": _("Mijn actuele overzicht"), "dashboard": found,
            "waiting": views(found.waiting), "recent": views(found.recent),
            # Spending per month, as Mijn facturen shows it, for the roles that see invoices.
            "spending": await spending.spending_per_month(account, account_scope)
            if has_right(account.role, Right.INVOICES) else None,
        })
