"""Customer organisations, their locations and departments, and depots."""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.table import Table


class Organisation(Table):
    name = Varchar(length=200)
    customer_number = Varchar(length=20, unique=True)
    active = Boolean(default=True)
    created_at = Timestamptz()


class Location(Table):
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=200)
    address = Varchar(length=200)
    postal_code = Varchar(length=10, default="")
    city = Varchar(length=100)
    active = Boolean(default=True)


class Department(Table):
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=200)
    active = Boolean(default=True)


class Depot(Table):
    """A depot of the organisation itself, or (organisation empty) one of HartingBank's."""

    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=200)
    address = Varchar(length=200, default="")
    city = Varchar(length=100, default="")
