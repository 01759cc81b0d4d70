"""Every table of the portal in the admin's menu, group by group."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.assets import asset_tables
from portal.admin.audit_trail import audit_hooks
from portal.admin.catalogue import catalogue_tables
from portal.admin.config import OVERIG
from portal.admin.customers import customer_tables
from portal.admin.invoices import invoice_tables
from portal.admin.messages import message_tables
from portal.admin.orders import order_tables
from portal.admin.refusals import refusing
from portal.admin.system import system_tables
from portal.tables import TABLES


def table_configs() -> list[TableConfig]:
    """Every table of the portal, configured; one added later without a configuration still shows up
    (under "Overig") rather than being left out."""
    configs = [
        *customer_tables(), *catalogue_tables(), *asset_tables(), *order_tables(), *invoice_tables(),
        *message_tables(), *system_tables(),
    ]
    configured = {config.table_class._meta.tablename for config in configs}
    for table in TABLES:
        if table._meta.tablename not in configured:
            configs.append(TableConfig(table_class=table, menu_group=OVERIG, validators=refusing(),
                                       hooks=audit_hooks(table)))
    return configs
