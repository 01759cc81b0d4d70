"""Accountbeheer: the administrator's list of accounts, "Nieuw account maken" and "Account bewerken"
(ADM-1…3). Only the administrator (Right.MANAGE_ACCOUNTS) gets here; every id is narrowed to their own
organisation by the domain module."""

from __future__ import annotations

import secrets

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from portal.domain import account_admin
from portal.domain.account_admin import AccountInput, TierInput
from portal.domain.services import REQUESTABLE_KINDS
from portal.i18n import _
from portal.rights import Right
from portal.tables import Account
from portal.web import client_address, current_account, flash, redirect_after_post, render


async def _show_form(
    request: Request,
    data: AccountInput,
    errors: dict[str, str],
    editing: Account | None = None,
    tab: str | None = None,
) -> Template:
    admin = current_account(request)
    options = await account_admin.form_options(admin.organisation, editing.id if editing else None)
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
            "action": f"/accountbeheer/{editing.id}/bewerken" if editing else "/accountbeheer/nieuw",
        },
    )


async def _account_or_404(request: Request, account_id: str) -> Account:
    account = await account_admin.get_account_for(current_account(request), account_id)
    if account is None:
        raise NotFoundException()
    return account


class AccountAdminController(Controller):
    path = "/accountbeheer"
    opt = {"rights": (Right.MANAGE_ACCOUNTS,)}

    @get("/", name="admin_accounts:list")
    async def list_accounts(
        self,
        request: Request,
        naam: FromQuery[str | None] = None,
        locatie: FromQuery[str | None] = None,
        rol: FromQuery[str | None] = None,
        sorteer: FromQuery[str | None] = None,
        pagina: FromQuery[str | None] = None,
    ) -> Template:
        filters = account_admin.parse_filters(naam, locatie, rol, sorteer, pagina)
        page = await account_admin.list_accounts(current_account(request).organisation, filters)
        return await render(request, "account_admin/list.html", {"page": page}, partial="account_admin/_table.html")

    @get("/nieuw", name="admin_accounts:new")
    async def new_account(self, request: Request) -> Template:
        return await _show_form(request, AccountInput(), {})

    @post("/nieuw", name="admin_accounts:create")
    async def create_account(self, request: Request) -> Template | Response:
        form = await request.form()
        data = account_admin.parse_form(form)
        if account_admin.apply_tier_action(data, str(form.get("_action") or "")):
            return await _show_form(request, data, {}, tab="details")
        account, errors = await account_admin.create_account(current_account(request), data, client_address(request))
        if account is None:
            return await _show_form(request, data, errors, tab=str(form.get("_tab") or ""))
        if account.active:
            message = _("Het account van %(name)s is aangemaakt. %(email)s ontvangt een e-mail om een wachtwoord te kiezen.")
        else:
            message = _("Het account van %(name)s is aangemaakt (inactief). De uitnodiging volgt zodra u het account activeert.")
        await flash(request, "success", message % {"name": account.name, "email": account.email})
        return redirect_after_post(request, "/accountbeheer")

    @get("/{account_id:str}/bewerken", name="admin_accounts:edit")
    async def edit_account(self, request: Request, account_id: FromPath[str]) -> Template:
        account = await _account_or_404(request, account_id)
        return await _show_form(request, await account_admin.input_for(account), {}, account)

    @post("/{account_id:str}/bewerken", name="admin_accounts:update")
    async def update_account(self, request: Request, account_id: FromPath[str]) -> Template | Response:
        account = await _account_or_404(request, account_id)
        form = await request.form()
        data = account_admin.parse_form(form)
        data.email = account.email  # not editable after creation, whatever the form sends
        if account_admin.apply_tier_action(data, str(form.get("_action") or "")):
            return await _show_form(request, data, {}, account, tab="details")
        updated, errors = await account_admin.update_account(
            current_account(request), account, data, client_address(request)
        )
        if updated is None:
            return await _show_form(request, data, errors, account, tab=str(form.get("_tab") or ""))
        await flash(request, "success", _("De wijzigingen in het account van %(name)s zijn opgeslagen.") % {"name": updated.name})
        return redirect_after_post(request, "/accountbeheer")

    @get("/budgetregel", name="admin_accounts:tier_row")
    async def tier_row(self, request: Request, account: FromQuery[str | None] = None) -> Template:
        """One empty budget-tier row for "Toevoegen" (htmx appends it to the form)."""
        admin = current_account(request)
        editing = await account_admin.get_account_for(admin, account) if account else None
        options = await account_admin.form_options(admin.organisation, editing.id if editing else None)
        return await render(
            request, "account_admin/_tier_row.html",
            {"tier": TierInput(), "index": None, "row_key": f"n{secrets.token_hex(4)}", "options": options, "errors": {}},
        )
