from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-01T21:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: no second index for the staff queue"

# The staff side's migration indexes the /admin queue ((status, created_at | requested_date |
# planned_date)); development builds of the Planning branch had made their own (status, id) and
# (status, created_at, id) as well. Dropping them keeps one index per purpose.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def drop_duplicates():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name in ("service_request_status_id", "service_request_status_created"):
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    async def nothing():
        return None

    manager.add_raw(drop_duplicates)
    manager.add_raw_backwards(nothing)
    return manager
