"""Account administration (ADM-1…3): the administrator's list of accounts and the account form.

listing   "Accountbeheer": the list with its filters, sort and pages
form      what the form was sent (as typed) and what it offers
rules     the form's rules, whatever a browser sends
store     saving: one organisation's changes one at a time, audited, the invitation after the commit
"""

from portal.domain.account_admin.form import (
    AccountInput,
    FormOptions,
    TierInput,
    apply_tier_action,
    empty_rows,
    first_tab_with_errors,
    form_options,
    input_for,
    parse_form,
)
from portal.domain.account_admin.listing import (
    ACCOUNT_LISTING,
    PAGE_SIZE,
    AccountPage,
    ListFilters,
    list_accounts,
    parse_filters,
)
from portal.domain.account_admin.store import create_account, get_account_for, update_account

__all__ = [
    "ACCOUNT_LISTING", "PAGE_SIZE", "AccountInput", "AccountPage", "FormOptions", "ListFilters", "TierInput",
    "apply_tier_action", "create_account", "empty_rows", "first_tab_with_errors", "form_options",
    "get_account_for", "input_for", "list_accounts", "parse_filters", "parse_form", "update_account",
]
