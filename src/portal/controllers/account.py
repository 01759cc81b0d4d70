"""Mijn account: own details, "Toegewezen locaties" and changing the password (ACC-3, ACC-4)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from portal.domain import accounts
from portal.domain.profile import account_overview
from portal.domain.scope import Scope
from portal.i18n import _
from portal.web import client_address, current_account, flash, form_data, get_scope, redirect_after_post, render

TABS = ("gegevens", "locaties")


class AccountController(Controller):
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/mijn-account", name="account:show")
    async def show_account(
        self, request: Request, account_scope: NamedDependency[Scope], tab: FromQuery[str | None] = None
    ) -> Template:
        tab = tab if tab in TABS else "gegevens"
        overview = await account_overview(current_account(request), account_scope)
        return await render(
            request, "account/show.html", {"overview": overview, "tab": tab},
            partial="account/_tab.html",
        )

    @get("/profile/change-password", name="account:change_password")
    async def show_change_password(self, request: Request) -> Template:
        return await render(request, "account/change_password.html", {"errors": {}})

    @post("/profile/change-password", name="account:change_password_submit")
    async def change_password(self, request: Request) -> Template | Redirect:
        form = await form_data(request)
        errors = await accounts.change_password(
            current_account(request), form.get("current", ""), form.get("new", ""), form.get("repeat", ""),
            client_address(request),
        )
        if errors:
            return await render(request, "account/change_password.html", {"errors": errors})
        await flash(request, "success", _("Uw wachtwoord is gewijzigd. Het nieuwe wachtwoord is direct actief."))
        return redirect_after_post(request, "/mijn-account")
