from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-02T15:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Contact requests: number, how to reach the requester, preferred days and times, staff's reply"


def _column(name: str, column_class, params: dict) -> dict:
    return dict(
        table_class_name="ContactRequest", tablename="contact_request", column_name=name, db_column_name=name,
        column_class_name=column_class.__name__, column_class=column_class,
        params={"default": "", "null": False, "primary_key": False, "unique": False, "index": False,
                "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False,
                **params},
        schema=None,
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    manager.add_column(**_column("number", Varchar, {"length": 20, "index": True}))
    manager.add_column(**_column("email", Varchar, {"length": 254}))
    manager.add_column(**_column("reach_by", Varchar, {"length": 10}))
    manager.add_column(**_column("preferred_days", Varchar, {"length": 40}))
    manager.add_column(**_column("preferred_times", Varchar, {"length": 20}))
    manager.add_column(**_column("reply", Text, {}))
    manager.add_column(**_column("handled_at", Timestamptz, {"default": None, "null": True}))
    manager.add_column(**_column("handled_by", Varchar, {"length": 200}))
    return manager
