"""Location change and new-location requests that HartingBank staff carry out (ADM-4, ADM-5)."""

from piccolo.columns import ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from portal.tables.accounts import Account
from portal.tables.organisations import Location, Organisation


class LocationRequest(Table):
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, index=True)
    requester = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    location = ForeignKey(Location, null=True, on_delete=OnDelete.set_null)  # empty for a new location
    kind = Varchar(length=8)  # change | delete | new
    name = Varchar(length=200, default="")
    address = Varchar(length=200, default="")
    postal_code = Varchar(length=10, default="")
    city = Varchar(length=100, default="")
    status = Varchar(length=10, default="open")  # open | done | rejected
    staff_note = Text(default="")
    created_at = Timestamptz()
    handled_at = Timestamptz(null=True, default=None)
