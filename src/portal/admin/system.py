"""Systeem: the audit trail, number sequences and the staff users themselves."""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo_admin.endpoints import TableConfig

from portal.admin.config import SYSTEEM, config
from portal.admin.refusals import AUDIT_READ_ONLY, refusing
from portal.tables import AuditEvent, NumberSequence


def system_tables() -> list[TableConfig]:
    return [
        config(AuditEvent, SYSTEEM,
               [AuditEvent.id, AuditEvent.at, AuditEvent.actor_label, AuditEvent.organisation, AuditEvent.action,
                AuditEvent.object_type, AuditEvent.object_id, AuditEvent.ip_address],
               [AuditEvent.action, AuditEvent.actor_label, AuditEvent.actor, AuditEvent.organisation,
                AuditEvent.object_type, AuditEvent.object_id, AuditEvent.at, AuditEvent.ip_address],
               newest_first=AuditEvent.at, audited=False,
               validators=refusing(create=AUDIT_READ_ONLY, change=AUDIT_READ_ONLY, delete=AUDIT_READ_ONLY)),
        config(NumberSequence, SYSTEEM, [NumberSequence.id, NumberSequence.kind, NumberSequence.year, NumberSequence.last_value],
               [NumberSequence.kind, NumberSequence.year], order=[NumberSequence.kind, NumberSequence.year]),
        # Staff themselves: piccolo-admin lets only superusers change these rows; new staff come from the
        # command line, where the password rules and the audit apply.
        config(BaseUser, SYSTEEM, [BaseUser.username, BaseUser.email, BaseUser.active, BaseUser.superuser, BaseUser.last_login],
               [BaseUser.username, BaseUser.email, BaseUser.active, BaseUser.superuser], link=BaseUser.username,
               order=[BaseUser.username],
               validators=refusing(create="Maak medewerkers aan met: python -m portal create-staff-user")),
    ]
