"""The menu groups of the admin and the one way a table is configured in it: audited, PUT refused."""

from __future__ import annotations

from collections.abc import Sequence

from piccolo.columns import Column
from piccolo.table import Table
from piccolo_admin.endpoints import TableConfig
from piccolo_api.crud.endpoints import OrderBy
from piccolo_api.crud.hooks import Hook
from piccolo_api.crud.validators import Validators

from portal.admin.audit_trail import audit_hooks
from portal.admin.refusals import refusing

KLANTEN = "Klanten"
ASSORTIMENT = "Assortiment"
HULPMIDDELEN = "Hulpmiddelen en services"
ORDERS = "Orders en offertes"
FACTUREN = "Facturen"
BERICHTEN = "Berichten"
SYSTEEM = "Systeem"
OVERIG = "Overig"


def config(
    table: type[Table],
    group: str,
    columns: Sequence[Column],
    filters: Sequence[Column] = (),
    *,
    link: Column | None = None,
    newest_first: Column | None = None,
    order: Sequence[Column] = (),
    validators: Validators | None = None,
    audited: bool = True,
    extra_hooks: Sequence[Hook] = (),
) -> TableConfig:
    order_by = [OrderBy(newest_first, ascending=False)] if newest_first is not None else [OrderBy(c) for c in order]
    return TableConfig(
        table_class=table,
        menu_group=group,
        visible_columns=list(columns),
        visible_filters=list(filters) or None,
        link_column=link,
        order_by=order_by or None,
        validators=validators or refusing(),
        # piccolo-api keeps one run of hooks per type (itertools.groupby): hooks of one type must stand
        # together, or a table's own pre_patch hook would silently replace the audit's.
        hooks=sorted([*(audit_hooks(table) if audited else []), *extra_hooks], key=lambda hook: hook.hook_type.value)
        or None,
    )
