"""Rental references (e.g. a room number) reused across rental requests (RENT-2)."""

from piccolo.columns import Date, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from portal.tables.organisations import Department, Location, Organisation


class RentalReference(Table):
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    reference = Varchar(length=100)
    start_date = Date()
    note = Text(default="")
    created_at = Timestamptz()
