from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-02T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Quotes (SHOP-9): phones, HartingBank's answer, the request's one-time key; order and basket line from a quote"


class Quote(Table, tablename="quote", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False, index_method=IndexMethod.btree,
                choices=None, db_column_name="id", secret=False)


class QuoteLine(Table, tablename="quote_line", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False, index_method=IndexMethod.btree,
                choices=None, db_column_name="id", secret=False)


def _params(**extra):
    return {"null": False, "primary_key": False, "unique": False, "index": False, "index_method": IndexMethod.btree,
            "choices": None, "db_column_name": None, "secret": False, **extra}


def _reference(table):
    return _params(references=table, on_delete=OnDelete.set_null, on_update=OnUpdate.cascade, target_column=None,
                   null=True)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)
    for name in ("report_to_phone", "contact_phone"):
        manager.add_column(table_class_name="Quote", tablename="quote", column_name=name, db_column_name=name,
                           column_class_name="Varchar", column_class=Varchar, params=_params(length=40, default=""),
                           schema=None)
    manager.add_column(table_class_name="Quote", tablename="quote", column_name="answered_at",
                       db_column_name="answered_at", column_class_name="Timestamptz", column_class=Timestamptz,
                       params=_params(null=True, default=None), schema=None)
    manager.add_column(table_class_name="Quote", tablename="quote", column_name="staff_note",
                       db_column_name="staff_note", column_class_name="Text", column_class=Text,
                       params=_params(default=""), schema=None)
    manager.add_column(table_class_name="Quote", tablename="quote", column_name="checkout_token",
                       db_column_name="checkout_token", column_class_name="Varchar", column_class=Varchar,
                       params=_params(length=80, null=True, default=None), schema=None)
    manager.add_column(table_class_name="Order", tablename="order", column_name="quote", db_column_name="quote",
                       column_class_name="ForeignKey", column_class=ForeignKey, params=_reference(Quote), schema=None)
    manager.add_column(table_class_name="BasketLine", tablename="basket_line", column_name="quote_line",
                       db_column_name="quote_line", column_class_name="ForeignKey", column_class=ForeignKey,
                       params=_reference(QuoteLine), schema=None)
    return manager
