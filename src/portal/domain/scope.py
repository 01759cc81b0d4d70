"""Scope: the one rule that narrows what an account may see (ROLE, "everyone except the administrator sees
and acts only for their assigned locations"; nobody sees another organisation).

The manual's "Toegewezen locaties" holds locations and departments: a location ticked without any of its
departments means the whole location; a location ticked with some of its departments means those
departments, plus that location's aids without a department (its depot, a corridor). Every list, detail,
export and form option goes through `Scope` — raw SQL too, through `Scope.sql`. A row outside it is
"not found".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from piccolo.columns import Column
from piccolo.columns.combination import Where

from portal.rights import sees_all_locations
from portal.tables import Account, AccountDepartment, AccountLocation, Department, Location

NOTHING = -1  # an id no row has: "no location at all" as a condition both engines plan well


@dataclass(frozen=True)
class Scope:
    organisation_id: int
    # None: every location of the organisation (the administrator). Otherwise per assigned location
    # the departments ticked for it, or None for the whole location.
    locations: Mapping[int, frozenset[int] | None] | None
    # The account the scope was made for (None: staff commands). Personal lists ("Mijn orders") and their
    # downloads, which get only the scope, read whose they are from it.
    account_id: int | None = None

    @property
    def sees_all(self) -> bool:
        return self.locations is None

    @property
    def location_ids(self) -> frozenset[int] | None:
        return None if self.locations is None else frozenset(self.locations)

    @property
    def whole_location_ids(self) -> list[int]:
        """The assigned locations with every department (sorted; empty for the administrator)."""
        return sorted(i for i, departments in (self.locations or {}).items() if departments is None)

    @property
    def partial_location_ids(self) -> list[int]:
        return sorted(i for i, departments in (self.locations or {}).items() if departments is not None)

    @property
    def department_ids(self) -> list[int]:
        """The departments ticked for locations that are not assigned whole."""
        return sorted({d for departments in (self.locations or {}).values() if departments for d in departments})

    def allows_location(self, location_id: int | None) -> bool:
        """Whether any of the location is the account's (the whole of it, or some departments)."""
        return location_id is not None and (self.locations is None or location_id in self.locations)

    def allows(self, location_id: int | None, department_id: int | None) -> bool:
        """Whether an aid (or anything else placed at a location and department) is in scope."""
        if location_id is None or not self.allows_location(location_id):
            return False
        departments = None if self.locations is None else self.locations[location_id]
        return departments is None or department_id is None or department_id in departments

    def where(self, organisation: Column, location: Column | None = None,
              department: Column | None = None) -> Where:
        """The condition for a table with an organisation and (optionally) a location and department
        column. Without a department column, a partly assigned location counts whole."""
        condition = organisation == self.organisation_id
        if location is None or self.locations is None:
            return condition
        if not self.locations:
            return condition & (organisation == NOTHING)
        if department is None or not self.partial_location_ids:
            return condition & location.is_in(sorted(self.locations))
        parts: list[Where] = [department.is_in(self.department_ids)]
        parts.append(location.is_in(self.partial_location_ids) & department.is_null())
        if self.whole_location_ids:
            parts.append(location.is_in(self.whole_location_ids))
        either = parts[0]
        for part in parts[1:]:
            either = either | part
        return condition & either

    def sql(self, alias: str) -> tuple[str, tuple[Any, ...]]:
        """The same condition as SQL with `{}` placeholders for Piccolo's raw queries, over a table
        aliased `alias` with the columns organisation, location and department."""
        parts = [f"{alias}.organisation = {{}}"]
        args: list[Any] = [self.organisation_id]
        if self.locations is None:
            return parts[0], tuple(args)
        if not self.locations:
            return f"{parts[0]} AND 1 = 0", tuple(args)
        whole, partial, departments = self.whole_location_ids, self.partial_location_ids, self.department_ids
        if not partial:
            return f"{parts[0]} AND {alias}.location IN ({_marks(whole)})", (*args, *whole)
        either = [f"{alias}.department IN ({_marks(departments)})",
                  f"({alias}.location IN ({_marks(partial)}) AND {alias}.department IS NULL)"]
        args += [*departments, *partial]
        if whole:
            either.append(f"{alias}.location IN ({_marks(whole)})")
            args += whole
        return f"{parts[0]} AND ({' OR '.join(either)})", tuple(args)

    def locations_query(self, *, active_only: bool = True):
        """The account's locations, by name."""
        query = Location.objects().where(Location.organisation == self.organisation_id)
        if active_only:
            query = query.where(Location.active == True)  # noqa: E712
        if self.locations is not None:
            query = query.where(Location.id.is_in(sorted(self.locations) or [NOTHING]))
        return query.order_by(Location.name)

    def departments_query(self, location_id: int | None = None):
        """The departments the account may choose: every department of a whole location, the ticked ones
        of a partly assigned one."""
        query = Department.objects(Department.location).where(
            (Department.location.organisation == self.organisation_id) & (Department.active == True)  # noqa: E712
        )
        if self.locations is not None:
            query = query.where(self.where(Department.location.organisation, Department.location, Department.id))
        if location_id is not None:
            query = query.where(Department.location == location_id)
        return query.order_by(Department.location.name, Department.name)


def _marks(values: list[int]) -> str:
    return ", ".join("{}" for _ in values)


def organisation_scope(organisation_id: int) -> Scope:
    """Everything of one organisation: what the administrator sees, and what staff commands act on."""
    return Scope(organisation_id, None)


async def scope_for(account: Account) -> Scope:
    if sees_all_locations(account.role):
        return Scope(account.organisation, None, account.id)
    location_rows = await AccountLocation.select(AccountLocation.location).where(
        (AccountLocation.account == account.id)
        & (AccountLocation.location.organisation == account.organisation)
    )
    department_rows = await AccountDepartment.select(
        AccountDepartment.department, AccountDepartment.department.location.as_alias("location")
    ).where(AccountDepartment.account == account.id)
    ticked: dict[int, set[int]] = {}
    for row in department_rows:
        ticked.setdefault(row["location"], set()).add(row["department"])
    locations = {
        row["location"]: frozenset(ticked[row["location"]]) if row["location"] in ticked else None
        for row in location_rows
    }
    return Scope(account.organisation, locations, account.id)
