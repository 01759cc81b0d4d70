from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T03:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: columns for a copy of the aid's category, subcategory, type and ownership"

# Filled and kept by the database: see the next migration (2026-12-02T03:31), which runs after these
# columns exist (Piccolo runs a migration's raw SQL before its column changes).


def _column(name: str, column_class, params: dict) -> dict:
    return dict(
        table_class_name="ServiceRequest", tablename="service_request", column_name=name, db_column_name=name,
        column_class_name=column_class.__name__, column_class=column_class,
        params={"default": None, "null": True, "primary_key": False, "unique": False, "index": False,
                "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False,
                **params},
        schema=None,
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    for name in ("aid_category", "aid_subcategory", "aid_type"):
        manager.add_column(**_column(name, Integer, {}))
    manager.add_column(**_column("aid_ownership", Varchar, {"length": 10}))
    return manager
