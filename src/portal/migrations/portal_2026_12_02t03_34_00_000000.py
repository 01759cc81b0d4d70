from decimal import Decimal

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Numeric
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T03:34:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Order lines: the VAT rate the product had when it was ordered"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    manager.add_column(
        table_class_name="OrderLine", tablename="order_line", column_name="vat_rate", db_column_name="vat_rate",
        column_class_name="Numeric", column_class=Numeric,
        params={"digits": (4, 2), "default": Decimal("21.00"), "null": False, "primary_key": False, "unique": False,
                "index": False, "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
                "secret": False},
        schema=None,
    )
    return manager
