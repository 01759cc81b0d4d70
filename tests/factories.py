"""Small factories for test data: each returns saved rows with believable Dutch values."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

from portal.domain.passwords import hash_password_sync
from portal.tables import (
    Account,
    AccountDepartment,
    AccountLocation,
    Department,
    Location,
    Organisation,
)

PASSWORD = "Zorgvuldig#2026"
_PASSWORD_HASH = hash_password_sync(PASSWORD)
_counter = itertools.count(1)


def reset_counters() -> None:
    global _counter
    _counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


async def organisation(name: str | None = None, active: bool = True) -> Organisation:
    n = _n()
    org = Organisation(name=name or f"Zorggroep {n}", customer_number=f"K{n:05d}", active=active,
                       created_at=datetime.now(timezone.utc))
    await org.save()
    return org


async def location(org: Organisation, name: str | None = None, city: str = "Utrecht") -> Location:
    n = _n()
    loc = Location(organisation=org.id, name=name or f"Locatie {n}", address=f"Zorgstraat {n}", postal_code="3511 AB", city=city)
    await loc.save()
    return loc


async def department(loc: Location, name: str | None = None) -> Department:
    dep = Department(location=loc.id, name=name or f"Afdeling {_n()}")
    await dep.save()
    return dep


async def account(
    org: Organisation,
    role: str = "4",
    *,
    locations: list[Location] = (),
    departments: list[Department] = (),
    email: str | None = None,
    name: str | None = None,
    active: bool = True,
    may_authorise_orders: bool = False,
    password: bool = True,
) -> Account:
    n = _n()
    acc = Account(
        organisation=org.id,
        name=name or f"Medewerker {n}",
        email=(email or f"medewerker{n}@zorggroep{org.id}.nl").lower(),
        password_hash=_PASSWORD_HASH if password else None,
        role=role,
        active=active,
        may_authorise_orders=may_authorise_orders,
        created_at=datetime.now(timezone.utc),
    )
    await acc.save()
    for loc in locations:
        await AccountLocation(account=acc.id, location=loc.id).save()
    for dep in departments:
        await AccountDepartment(account=acc.id, department=dep.id).save()
    return acc
