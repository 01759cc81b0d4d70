"""Accountbeheer: the administrator's list of accounts, "Nieuw account maken" and "Account bewerken"
(ADM-1…3). Only the administrator (Right.MANAGE_ACCOUNTS) gets here; every id is narrowed to their own
organisation by the domain module."""

from __future__ import annotations

import secrets

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from portal.domain import account_admin
from portal.domain.account_admin import AccountInput, TierInput
from portal.domain.scope import Scope
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.i18n import _
from portal.links import list_view, url
from portal.rights import Right
from portal.web import client_address, current_account, flash, get_scope, query_params, redirect_after_post, render


async def _show_form(request: Request, scope: Scope, data: AccountInput, errors: dict[str, str],
                     editing=None, tab: str | None = None) -> Template:
    options = await account_admin.form_options(scope, editing.id if editing else None)
    return await render(
        request,
        "account_admin/form.html",
        {
            "data": data,
            "tier_rows": account_admin.empty_rows(data.tiers),
            "options": options,
            "kinds": REQUESTABLE_KINDS,
            "errors": errors,
            "editing": editing,
            "tab": account_admin.first_tab_with_errors(errors, tab),
            "action": url(request, "admin_accounts:update", account_id=editing.id) if editing
            else url(request, "admin_accounts:create"),
        },
    )


class AccountAdminController(Controller):
    path = "/accountbeheer"
    opt = {"rights": (Right.MANAGE_ACCOUNTS,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="admin_accounts:list")
    async def list_accounts(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        filters, messages = account_admin.parse_filters(query_params(request))
        page = await account_admin.list_accounts(account_scope, filters, messages)
        view = list_view(request, account_admin.ACCOUNT_LISTING, "admin_accounts:list", query=page.filters.params(),
                         sort=page.filters.sort, pager=page.pager, rows=page.rows)
        return await render(request, "account_admin/list.html", {"page": page, "view": view},
                            partial="account_admin/_table.html", push_url=view.url)

    @get("/nieuw", name="admin_accounts:new")
    async def new_account(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        return await _show_form(request, account_scope, AccountInput(), {})

    @post("/nieuw", name="admin_accounts:create")
    async def create_account(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Response:
        form = await request.form()
        data = account_admin.parse_form(form)
        if account_admin.apply_tier_action(data, str(form.get("_action") or "")):
            return await _show_form(request, account_scope, data, {}, tab="details")
        account, errors = await account_admin.create_account(
            current_account(request), account_scope, data, client_address(request))
        if account is None:
            return await _show_form(request, account_scope, data, errors, tab=str(form.get("_tab") or ""))
        if account.active:
            message = _("Het account van %(name)s is aangemaakt. %(email)s ontvangt een e-mail om een wachtwoord te kiezen.")
        else:
            message = _("Het account van %(name)s is aangemaakt (inactief). De uitnodiging volgt zodra u het account activeert.")
        await flash(request, "success", message % {"name": account.name, "email": account.email})
        return redirect_after_post(request, url(request, "admin_accounts:list"))

    @get("/{account_id:str}/bewerken", name="admin_accounts:edit")
    async def edit_account(self, request: Request, account_scope: NamedDependency[Scope],
                           account_id: FromPath[str]) -> Template:
        account = await account_admin.get_account_for(account_scope, account_id)
        return await _show_form(request, account_scope, await account_admin.input_for(account), {}, account)

    @post("/{account_id:str}/bewerken", name="admin_accounts:update")
    async def update_account(self, request: Request, account_scope: NamedDependency[Scope],
                             account_id: FromPath[str]) -> Template | Response:
        account = await account_admin.get_account_for(account_scope, account_id)
        form = await request.form()
        data = account_admin.parse_form(form)
        data.email = account.email  # not editable after creation, whatever the form sends
        if account_admin.apply_tier_action(data, str(form.get("_action") or "")):
            return await _show_form(request, account_scope, data, {}, account, tab="details")
        updated, errors = await account_admin.update_account(
            current_account(request), account_scope, account, data, client_address(request)
        )
        if updated is None:
            return await _show_form(request, account_scope, data, errors, account, tab=str(form.get("_tab") or ""))
        await flash(request, "success", _("De wijzigingen in het account van %(name)s zijn opgeslagen.") % {"name": updated.name})
        return redirect_after_post(request, url(request, "admin_accounts:list"))

    @get("/budgetregel", name="admin_accounts:tier_row")
    async def tier_row(self, request: Request, account_scope: NamedDependency[Scope],
                       account: FromQuery[str | None] = None) -> Template:
        """One empty budget-tier row for "Toevoegen" (htmx appends it to the form)."""
        editing = await account_admin.get_account_for(account_scope, account) if account else None
        options = await account_admin.form_options(account_scope, editing.id if editing else None)
        return await render(
            request, "account_admin/_tier_row.html",
            {"tier": TierInput(), "index": None, "row_key": f"n{secrets.token_hex(4)}", "options": options, "errors": {}},
        )
