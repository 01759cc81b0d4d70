"""The portal's one Piccolo app: its tables and the migrations that are the only way the schema changes."""

import os

from piccolo.conf.apps import AppConfig

from portal.tables import TABLES

HERE = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="portal",
    migrations_folder_path=os.path.join(HERE, "migrations"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
