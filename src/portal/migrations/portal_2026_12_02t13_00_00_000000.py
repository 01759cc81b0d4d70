from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Date, ForeignKey, Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Invoice(Table, tablename="invoice", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False, index_method=IndexMethod.btree,
                choices=None, db_column_name="id", secret=False)


ID = "2026-12-02T13:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Invoices: a credit note names the invoice it credits; a rental invoice its period"

DATE = {"default": None, "null": True, "primary_key": False, "unique": False, "index": False,
        "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Invoice", tablename="invoice", column_name="credited_invoice",
        db_column_name="credited_invoice", column_class_name="ForeignKey", column_class=ForeignKey,
        params={"references": Invoice, "on_delete": OnDelete.set_null, "on_update": OnUpdate.cascade,
                "target_column": None, "null": True, "primary_key": False, "unique": False, "index": True,
                "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    for name in ("period_start", "period_end"):
        manager.add_column(
            table_class_name="Invoice", tablename="invoice", column_name=name, db_column_name=name,
            column_class_name="Date", column_class=Date, params=DATE, schema=None,
        )
    return manager
