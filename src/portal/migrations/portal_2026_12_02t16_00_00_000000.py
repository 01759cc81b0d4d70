from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class Account(Table, tablename="account", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False, index_method=IndexMethod.btree,
                choices=None, db_column_name="id", secret=False)


ID = "2026-12-02T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Conversations: a chat thread belongs to a record (or is a live chat); who wrote a message"

_PLAIN = {"primary_key": False, "unique": False, "index_method": IndexMethod.btree, "choices": None,
          "db_column_name": None, "secret": False}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    manager.add_column(
        table_class_name="ChatThread", tablename="chat_thread", column_name="record_kind", db_column_name="record_kind",
        column_class_name="Varchar", column_class=Varchar,
        params={"length": 20, "default": "chat", "null": False, "index": False, **_PLAIN}, schema=None,
    )
    manager.add_column(
        table_class_name="ChatThread", tablename="chat_thread", column_name="record_id", db_column_name="record_id",
        column_class_name="Integer", column_class=Integer,
        params={"default": None, "null": True, "index": False, **_PLAIN}, schema=None,
    )
    manager.add_column(
        table_class_name="ChatThread", tablename="chat_thread", column_name="last_message_at",
        db_column_name="last_message_at", column_class_name="Timestamptz", column_class=Timestamptz,
        params={"default": None, "null": True, "index": True, **_PLAIN}, schema=None,
    )
    manager.add_column(
        table_class_name="ChatThread", tablename="chat_thread", column_name="waiting_for_staff",
        db_column_name="waiting_for_staff", column_class_name="Boolean", column_class=Boolean,
        params={"default": False, "null": False, "index": False, **_PLAIN}, schema=None,
    )
    manager.add_column(
        table_class_name="ChatMessage", tablename="chat_message", column_name="account", db_column_name="account",
        column_class_name="ForeignKey", column_class=ForeignKey,
        params={"references": Account, "on_delete": OnDelete.set_null, "on_update": OnUpdate.cascade,
                "target_column": None, "default": None, "null": True, "index": True, **_PLAIN},
        schema=None,
    )
    return manager
