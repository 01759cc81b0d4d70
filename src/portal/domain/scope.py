"""Scope: the one function that narrows what an account may see (ROLE, "everyone except the
administrator sees and acts only for their assigned locations"; nobody sees another organisation).

Every list, detail, export and form option goes through `Scope`. A row outside it is "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.columns import Column
from piccolo.columns.combination import Where

from portal.rights import sees_all_locations
from portal.tables import Account, AccountDepartment, AccountLocation, Department, Location


@dataclass(frozen=True)
class Scope:
    organisation_id: int
    # None: every location of the organisation (the administrator).
    location_ids: frozenset[int] | None
    department_ids: frozenset[int] | None

    def where(self, organisation_column: Column, location_column: Column | None = None) -> Where:
        """The condition for a table with an organisation and (optionally) a location column."""
        condition = organisation_column == self.organisation_id
        if location_column is not None and self.location_ids is not None:
            if not self.location_ids:
                return condition & (organisation_column == -1)
            condition = condition & location_column.is_in(list(self.location_ids))
        return condition

    def allows_location(self, location_id: int | None) -> bool:
        return location_id is not None and (self.location_ids is None or location_id in self.location_ids)

    def locations_query(self):
        query = Location.objects().where(
            (Location.organisation == self.organisation_id) & (Location.active == True)  # noqa: E712
        )
        if self.location_ids is not None:
            query = query.where(Location.id.is_in(list(self.location_ids) or [-1]))
        return query.order_by(Location.name)

    def departments_query(self, location_id: int | None = None):
        query = Department.objects(Department.location).where(
            (Department.location.organisation == self.organisation_id) & (Department.active == True)  # noqa: E712
        )
        if self.location_ids is not None:
            query = query.where(Department.location.is_in(list(self.location_ids) or [-1]))
        if location_id is not None:
            query = query.where(Department.location == location_id)
        return query.order_by(Department.location.name, Department.name)


async def scope_for(account: Account) -> Scope:
    if sees_all_locations(account.role):
        return Scope(account.organisation, None, None)
    location_rows = await AccountLocation.select(AccountLocation.location).where(
        (AccountLocation.account == account.id)
        & (AccountLocation.location.organisation == account.organisation)
    )
    department_rows = await AccountDepartment.select(AccountDepartment.department).where(
        AccountDepartment.account == account.id
    )
    return Scope(
        account.organisation,
        frozenset(row["location"] for row in location_rows),
        frozenset(row["department"] for row in department_rows),
    )
