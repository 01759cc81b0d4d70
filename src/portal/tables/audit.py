"""The audit trail (X-4) and the human-readable number sequences."""

from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from portal.tables.accounts import Account
from portal.tables.organisations import Organisation


class AuditEvent(Table):
    at = Timestamptz(index=True)
    actor = ForeignKey(Account, null=True, on_delete=OnDelete.set_null, index=True)
    actor_label = Varchar(length=254, default="")
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null, index=True)
    action = Varchar(length=60, index=True)
    object_type = Varchar(length=60, default="")
    object_id = Varchar(length=60, default="")
    changes = JSON(default="{}")
    ip_address = Varchar(length=45, default="")


class NumberSequence(Table):
    """The last number handed out per kind and year ("ORD-2026-000042")."""

    kind = Varchar(length=20)
    year = Integer()
    last_value = Integer(default=0)
