from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Numeric, Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class OrderLine(Table, tablename="order_line", schema=None):
    id = Serial(
        null=False,
        primary_key=True,
        unique=False,
        index=False,
        index_method=IndexMethod.btree,
        choices=None,
        db_column_name="id",
        secret=False,
    )


ID = "2026-12-02T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Aids: the daily rent of a rented aid and the rental order line it was delivered for"


def _params(**params) -> dict:
    return {"null": True, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree,
            "choices": None, "db_column_name": None, "secret": False, **params}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Asset", tablename="asset", column_name="daily_rent", db_column_name="daily_rent",
        column_class_name="Numeric", column_class=Numeric,
        params=_params(digits=(10, 2), default=None),
        schema=None,
    )
    manager.add_column(
        table_class_name="Asset", tablename="asset", column_name="order_line", db_column_name="order_line",
        column_class_name="ForeignKey", column_class=ForeignKey,
        params=_params(references=OrderLine, on_delete=OnDelete.set_null, on_update=OnUpdate.cascade,
                       target_column=None, index=True),
        schema=None,
    )
    return manager
