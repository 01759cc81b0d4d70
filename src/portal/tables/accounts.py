"""Customer accounts: who they are, what they may do and for which locations (ROLE, ADM)."""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Numeric,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from portal.tables.organisations import Department, Location, Organisation


class Account(Table):
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=200)
    # Stored lower-case, so uniqueness is case-insensitive on both engines.
    email = Varchar(length=254, unique=True)
    password_hash = Text(null=True, default=None)
    role = Varchar(length=5, default="4")  # "admin" or "1".."7": see portal.rights
    active = Boolean(default=True)
    may_authorise_orders = Boolean(default=False)
    has_budget_limit = Boolean(default=False)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)
    password_changed_at = Timestamptz(null=True, default=None)
    # Moved forward when the account is switched off: every session made before then is over, also
    # one that made no request while the account was off (see portal.domain.sessions).
    sessions_ended_at = Timestamptz(null=True, default=None)
    # An authoriser away (these days inclusive) has their service requests authorised by `substitute`.
    away_from = Date(null=True, default=None)
    away_until = Date(null=True, default=None)
    substitute = ForeignKey("self", null=True, on_delete=OnDelete.set_null)


class AccountLocation(Table):
    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    location = ForeignKey(Location, null=False, on_delete=OnDelete.cascade, index=True)


class AccountDepartment(Table):
    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    department = ForeignKey(Department, null=False, on_delete=OnDelete.cascade, index=True)


class ServiceAuthoriser(Table):
    """Who authorises this account's service requests of one kind; the account itself = nobody needed."""

    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)  # see portal.domain.service_requests.REQUESTABLE_KINDS
    authoriser = ForeignKey(Account, null=False, on_delete=OnDelete.restrict)


class BudgetTier(Table):
    """An order of this account from `from_amount` (incl.) waits for `authoriser` (SHOP-6)."""

    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    from_amount = Numeric(digits=(12, 2))
    authoriser = ForeignKey(Account, null=False, on_delete=OnDelete.restrict)


class AccountToken(Table):
    """One-time links: invitation (ACC-2) and password reset (ACC-5). Only a hash is stored."""

    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    purpose = Varchar(length=10)  # invite | reset
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
