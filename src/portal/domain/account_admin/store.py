"""Saving accounts (ADM-2/3): one organisation's account changes one after the other, every change in the
audit trail, the invitation mailed after the commit."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from portal.db import is_unique_violation
from portal.domain import approval, audit
from portal.domain.account_admin.form import AccountInput, form_options
from portal.domain.account_admin.rules import CleanAccount, last_admin_problem, validate
from portal.domain.accounts import send_invitation
from portal.domain.errors import NotFound
from portal.domain.parsing import parse_id
from portal.domain.scope import Scope
from portal.domain.sessions import end_sessions
from portal.domain.service_requests import REQUESTABLE_KINDS
from portal.i18n import _, format_money
from portal.tables import Account, AccountDepartment, AccountLocation, BudgetTier, Organisation, ServiceAuthoriser


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _transaction():
    """Account changes of one organisation run one after the other, so two administrators saving at once
    cannot both remove the last administrator. SQLite: take the write lock at the start; PostgreSQL:
    lock the organisation row (see `_lock_organisation`)."""
    engine = Account._meta.db
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def _lock_organisation(organisation_id: int) -> None:
    if not isinstance(Account._meta.db, SQLiteEngine):
        await Organisation.select(Organisation.id).where(Organisation.id == organisation_id).lock_rows()


async def _write_details(account_id: int, clean: CleanAccount) -> None:
    """Replace the account's authorisers, tiers, locations and departments by the form's."""
    await ServiceAuthoriser.delete().where(ServiceAuthoriser.account == account_id)
    await BudgetTier.delete().where(BudgetTier.account == account_id)
    await AccountLocation.delete().where(AccountLocation.account == account_id)
    await AccountDepartment.delete().where(AccountDepartment.account == account_id)
    rows: list[Any] = [
        ServiceAuthoriser(account=account_id, kind=kind, authoriser=approval.stored_authoriser(account_id, authoriser))
        for kind, authoriser in clean.authorisers.items()
    ]
    if rows:
        await ServiceAuthoriser.insert(*rows)
    if clean.has_budget_limit and clean.tiers:
        await BudgetTier.insert(
            *[BudgetTier(account=account_id, from_amount=amount, authoriser=approver) for amount, approver in clean.tiers]
        )
    if clean.locations:
        await AccountLocation.insert(*[AccountLocation(account=account_id, location=i) for i in clean.locations])
    if clean.departments:
        await AccountDepartment.insert(
            *[AccountDepartment(account=account_id, department=i) for i in clean.departments]
        )


async def _snapshot(account_id: int) -> dict[str, Any]:
    """The account as the audit trail records it: readable names, with ids where names may repeat."""
    account = await Account.objects().where(Account.id == account_id).first()
    assert account is not None
    names = {
        row["id"]: f"{row['name']} (#{row['id']})"
        for row in await Account.select(Account.id, Account.name).where(Account.organisation == account.organisation)
    }
    kinds = {
        kind: _("de medewerker zelf") if authoriser is None else names.get(authoriser, "?")
        for kind, authoriser in (await approval.service_authorisers(account_id)).items()
    }
    tiers = await approval.budget_tiers(account_id)
    locations = await AccountLocation.select(AccountLocation.location.id, AccountLocation.location.name).where(
        AccountLocation.account == account_id
    ).order_by(AccountLocation.location.name)
    departments = await AccountDepartment.select(
        AccountDepartment.department.id, AccountDepartment.department.name
    ).where(AccountDepartment.account == account_id).order_by(AccountDepartment.department.name)
    return {
        "name": account.name,
        "email": account.email,
        "role": account.role,
        "active": account.active,
        "may_authorise_orders": account.may_authorise_orders,
        "away": (f"{account.away_from.isoformat()} – {account.away_until.isoformat()}, "
                 f"{names.get(account.substitute, '?')}" if account.away_from and account.away_until else ""),
        "has_budget_limit": account.has_budget_limit,
        "service_authorisers": {
            str(REQUESTABLE_KINDS[kind]): who for kind, who in sorted(kinds.items()) if kind in REQUESTABLE_KINDS
        },
        "budget_tiers": [
            f"{format_money(tier.from_amount)} → {names.get(tier.authoriser, '?')}" for tier in tiers
        ],
        "locations": [f"{row['location.name']} (#{row['location.id']})" for row in locations],
        "departments": [f"{row['department.name']} (#{row['department.id']})" for row in departments],
    }



async def create_account(admin: Account, scope: Scope, data: AccountInput,
                         client: str = "") -> tuple[Account | None, dict[str, str]]:
    """ADM-2: a new account of the administrator's organisation; an active one gets the invitation (ACC-2)."""
    options = await form_options(scope)
    clean, errors = await validate(data, options, None)
    if clean is None:
        return None, errors
    try:
        async with _transaction():
            await _lock_organisation(scope.organisation_id)
            account = Account(
                organisation=scope.organisation_id, name=clean.name, email=clean.email, password_hash=None,
                role=clean.role, active=clean.active, may_authorise_orders=clean.may_authorise_orders,
                away_from=clean.away_from, away_until=clean.away_until, substitute=clean.substitute,
                has_budget_limit=clean.has_budget_limit, created_at=_now(),
            )
            await account.save()
            await _write_details(account.id, clean)
            after = await _snapshot(account.id)
            await audit.record(
                "account_created", actor=admin, object_type="account", object_id=account.id,
                changes=audit.diff({}, after), ip_address=client,
            )
    except Exception as error:  # two administrators adding the same address at the same moment
        if is_unique_violation(error):
            return None, {"email": _("Er bestaat al een account met dit e-mailadres.")}
        raise
    if account.active:
        # After the commit: the mail is sent in the background and must find the account and its token.
        await send_invitation(account)
    return account, {}


async def get_account_for(scope: Scope, account_id: str | int) -> Account:
    """An account of the administrator's own organisation; any other id is not found."""
    wanted = parse_id(account_id)
    account = await Account.objects().where(
        (Account.id == wanted) & (Account.organisation == scope.organisation_id)
    ).first() if wanted is not None else None
    if account is None:
        raise NotFound(account_id)
    return account


async def update_account(
    admin: Account, scope: Scope, account: Account, data: AccountInput, client: str = ""
) -> tuple[Account | None, dict[str, str]]:
    """ADM-2/3: everything but the e-mail address changes; the user's next request sees the change
    (the session middleware reloads the account on every request, so deactivating signs them out)."""
    if account.organisation != scope.organisation_id:
        raise NotFound(account.id)
    options = await form_options(scope, account.id)
    clean, errors = await validate(data, options, account)
    if clean is None:
        return None, errors
    async with _transaction():
        await _lock_organisation(scope.organisation_id)
        # Read again under the lock: another administrator may have changed the organisation meanwhile.
        current = await Account.objects().where(Account.id == account.id).first()
        assert current is not None
        if errors := await last_admin_problem(current, clean):
            return None, errors
        before = await _snapshot(account.id)
        await Account.update({
            Account.name: clean.name,
            Account.role: clean.role,
            Account.active: clean.active,
            Account.may_authorise_orders: clean.may_authorise_orders,
            Account.away_from: clean.away_from,
            Account.away_until: clean.away_until,
            Account.substitute: clean.substitute,
            Account.has_budget_limit: clean.has_budget_limit,
        }).where(Account.id == account.id)
        if current.active and not clean.active:
            await end_sessions(account.id)  # all of them now, also those that make no request meanwhile
        await _write_details(account.id, clean)
        after = await _snapshot(account.id)
        changes = audit.diff(before, after)
        if changes:
            action = "account_changed"
            if before["active"] and not after["active"]:
                action = "account_deactivated"
            elif not before["active"] and after["active"]:
                action = "account_reactivated"
            await audit.record(
                action, actor=admin, object_type="account", object_id=account.id, changes=changes, ip_address=client,
            )
    updated = await Account.objects().where(Account.id == account.id).first()
    assert updated is not None
    if not current.active and updated.active and updated.password_hash is None:
        # Created inactive (no invitation then) and now switched on: the invitation goes out now.
        await send_invitation(updated)
    return updated, {}

