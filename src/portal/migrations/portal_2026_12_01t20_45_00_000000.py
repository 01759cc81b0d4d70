from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T20:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Export jobs: the list they come from, and one job in the making per account"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    manager.add_column(
        table_class_name="ExportJob",
        tablename="export_job",
        column_name="source",
        db_column_name="source",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 40,
            "default": "fleet",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def one_busy_job_per_account():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        # Before the index can hold: of an account's jobs in the making only the newest stays queued.
        await engine.run_ddl(
            "UPDATE export_job SET status = 'failed' WHERE status IN ('queued', 'running') AND id NOT IN "
            "(SELECT MAX(id) FROM export_job WHERE status IN ('queued', 'running') GROUP BY account)")
        await engine.run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS export_job_one_busy_per_account ON export_job (account) "
            "WHERE status IN ('queued', 'running')")

    async def drop_index():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl("DROP INDEX IF EXISTS export_job_one_busy_per_account")

    manager.add_raw(one_busy_job_per_account)
    manager.add_raw_backwards(drop_index)
    return manager
