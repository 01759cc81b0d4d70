from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-01T18:46:14:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: one request per form key (a double click sends one)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_index():
        from piccolo.engine import engine_finder

        # A unique index rather than a UNIQUE column: SQLite cannot add one to an existing table.
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS service_request_submission_key ON service_request (submission_key)")

    async def drop_index():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl("DROP INDEX IF EXISTS service_request_submission_key")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
