"""Every action on an aid: requested by customers or entered by staff (SRV, PLN, AST-6)."""

from piccolo.columns import (
    Date,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from portal.tables.accounts import Account
from portal.tables.assets import Asset
from portal.tables.organisations import Department, Depot, Location, Organisation


class ServiceRequest(Table):
    number = Varchar(length=20, unique=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict, index=True)
    asset = ForeignKey(Asset, null=False, on_delete=OnDelete.restrict, index=True)
    # repair | relocation | to_depot | from_depot | rental_pickup | cleaning | inspection | maintenance
    kind = Varchar(length=20, index=True)
    # awaiting_authorisation | submitted | planned | done | rejected | cancelled
    status = Varchar(length=25, index=True)
    requester = ForeignKey(Account, null=True, on_delete=OnDelete.set_null, index=True)
    # Where the aid was when the request was made: the scope of the request.
    location = ForeignKey(Location, null=False, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    requested_date = Date(null=True, default=None)
    intended_for = Varchar(length=200, default="")
    current_department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    delivery_location = ForeignKey(Location, null=True, on_delete=OnDelete.set_null)
    delivery_department = ForeignKey(Department, null=True, on_delete=OnDelete.set_null)
    pickup_location = ForeignKey(Location, null=True, on_delete=OnDelete.set_null)
    depot = ForeignKey(Depot, null=True, on_delete=OnDelete.set_null)
    contact_name = Varchar(length=200, default="")
    contact_phone = Varchar(length=40, default="")
    contact_email = Varchar(length=254, default="")
    performed_by = Varchar(length=12, default="")  # hartingbank | own
    defect_description = Text(default="")
    message = Text(default="")
    authoriser = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    authorised_at = Timestamptz(null=True, default=None)
    authorisation_note = Text(default="")
    # No index of its own: SQLite took one on planned_date for Planning's work still to be planned
    # (planned_date IS NULL: most rows) instead of the migrations' partial index.
    planned_date = Date(null=True, default=None)
    executed_date = Date(null=True, default=None)
    cost = Numeric(digits=(12, 2), null=True, default=None)
    created_at = Timestamptz(index=True)
    updated_at = Timestamptz()
    # The form's one-time key: a double click or a second tab sends the same request once (unique through
    # an index of the migration: SQLite cannot add a UNIQUE column).
    submission_key = Varchar(length=64, null=True, default=None)
    # The aid's catalogue row and ownership, copied by the database (triggers of the migration
    # 2026-12-02T03:30) so Planning and Mijn acties filter and sort on them by index, without the aid.
    aid_category = Integer(null=True, default=None)
    aid_subcategory = Integer(null=True, default=None)
    aid_type = Integer(null=True, default=None)
    aid_ownership = Varchar(length=10, null=True, default=None)


class ServiceRequestEvent(Table):
    """The status trail of a service request."""

    service_request = ForeignKey(ServiceRequest, null=False, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=25)
    at = Timestamptz()
    by_account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    by_label = Varchar(length=200, default="")
    note = Text(default="")
