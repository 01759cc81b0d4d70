"""Mijn account: own details, "Toegewezen locaties" and changing the password (ACC-3, ACC-4)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery
from litestar.response import Template

from portal.domain import accounts
from portal.domain.profile import account_overview
from portal.domain.scope import Scope
from portal.domain.sessions import session_cookie
from portal.i18n import _
from portal.links import url
from portal.web import (
    client_address,
    current_account,
    current_session,
    flash,
    form_data,
    get_scope,
    redirect_after_post,
    render,
    sessions,
)

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

    @post("/profile/change-password", name="account:change_password_submit", status_code=200)
    async def change_password(self, request: Request) -> Template | Response:
        form = await form_data(request)
        account = current_account(request)
        errors = await accounts.change_password(
            account, form.get("current", ""), form.get("new", ""), form.get("repeat", ""),
            client_address(request), request.app.state.login_throttle,
        )
        if errors:
            return await render(request, "account/change_password.html", {"errors": errors})
        # The account's other sessions end with the old password; this one goes on under a new id.
        old = current_session(request)
        request.scope["auth"] = await sessions(request).create(account, replaces=old.id if old else None)
        await flash(request, "success", _("Uw wachtwoord is gewijzigd. Het nieuwe wachtwoord is direct actief."))
        response = redirect_after_post(request, url(request, "account:show"))
        response.cookies.append(
            session_cookie(request.scope["auth"].id, secure=request.app.state.settings.cookie_secure)
        )
        return response
