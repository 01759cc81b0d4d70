"""Klanten: organisations, their locations, departments and depots, accounts and what hangs off them,
one-time links and location requests (STAFF-1, ADM-4, ADM-5)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig
from piccolo_api.crud.hooks import Hook, HookType

from portal.admin.config import KLANTEN, config
from portal.admin.refusals import refusing
from portal.admin.staff_tables import StaffAccount, StaffAccountToken
from portal.domain import location_requests
from portal.domain.sessions import on_staff_patch_account, on_staff_patch_organisation
from portal.tables import (
    AccountDepartment,
    AccountLocation,
    BudgetTier,
    Department,
    Depot,
    Location,
    LocationRequest,
    Organisation,
    ServiceAuthoriser,
)


def customer_tables() -> list[TableConfig]:
    A, T = StaffAccount, StaffAccountToken  # noqa: N806  (the admin's copies, see staff_tables)
    o, loc, d, dep, acc = Organisation, Location, Department, Depot, A
    return [
        config(o, KLANTEN, [o.name, o.customer_number, o.active, o.created_at], [o.name, o.customer_number, o.active],
               link=o.name, order=[o.name],
               # Switched off: its people's sessions end at once.
               extra_hooks=[Hook(hook_type=HookType.pre_patch, callable=on_staff_patch_organisation)]),
        config(loc, KLANTEN, [loc.name, loc.organisation, loc.address, loc.postal_code, loc.city, loc.active],
               [loc.organisation, loc.name, loc.city, loc.postal_code, loc.active], link=loc.name, order=[loc.name]),
        config(d, KLANTEN, [d.name, d.location, d.active], [d.location, d.name, d.active], link=d.name, order=[d.name]),
        config(dep, KLANTEN, [dep.name, dep.organisation, dep.address, dep.city], [dep.organisation, dep.name],
               link=dep.name, order=[dep.name]),
        config(acc, KLANTEN, [acc.name, acc.email, acc.organisation, acc.role, acc.active, acc.last_login_at],  # type: ignore[attr-defined]
               [acc.organisation, acc.email, acc.name, acc.role, acc.active, acc.may_authorise_orders,  # type: ignore[attr-defined]
                acc.has_budget_limit], link=acc.email, order=[acc.name],  # type: ignore[attr-defined]
               extra_hooks=[Hook(hook_type=HookType.pre_patch, callable=on_staff_patch_account)]),
        config(AccountLocation, KLANTEN, [AccountLocation.id, AccountLocation.account, AccountLocation.location],
               [AccountLocation.account, AccountLocation.location]),
        config(AccountDepartment, KLANTEN, [AccountDepartment.id, AccountDepartment.account, AccountDepartment.department],
               [AccountDepartment.account, AccountDepartment.department]),
        config(ServiceAuthoriser, KLANTEN,
               [ServiceAuthoriser.id, ServiceAuthoriser.account, ServiceAuthoriser.kind, ServiceAuthoriser.authoriser],
               [ServiceAuthoriser.account, ServiceAuthoriser.kind, ServiceAuthoriser.authoriser]),
        config(BudgetTier, KLANTEN, [BudgetTier.id, BudgetTier.account, BudgetTier.from_amount, BudgetTier.authoriser],
               [BudgetTier.account, BudgetTier.authoriser]),
        # One-time links are made by the portal and can only be withdrawn (deleted) here.
        config(T, KLANTEN, [T.id, T.account, T.purpose, T.created_at, T.expires_at, T.used_at],  # type: ignore[attr-defined]
               [T.account, T.purpose, T.created_at, T.used_at], newest_first=T.created_at,  # type: ignore[attr-defined]
               validators=refusing(create="Uitnodigingen en resetlinks maakt het portaal zelf aan.",
                                   change="Een uitnodiging of resetlink kan niet worden gewijzigd, alleen verwijderd.")),
        # ADM-4/ADM-5: the queue of location requests staff carry out; see also the sidebar link.
        config(LocationRequest, KLANTEN,
               [LocationRequest.id, LocationRequest.created_at, LocationRequest.organisation, LocationRequest.kind,
                LocationRequest.location, LocationRequest.name, LocationRequest.city, LocationRequest.status,
                LocationRequest.handled_at],
               [LocationRequest.status, LocationRequest.kind, LocationRequest.organisation, LocationRequest.created_at,
                LocationRequest.handled_at], newest_first=LocationRequest.created_at,
               # Setting the status to "done" or "rejected" carries the request out (ADM-4, ADM-5).
               extra_hooks=[Hook(hook_type=HookType.pre_patch, callable=location_requests.on_staff_patch)]),
    ]
