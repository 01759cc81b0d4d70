from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T03:32:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: no index of its own on the planned date"

# Measured at five million requests (bench.planning): for Planning's work still to be planned
# (planned_date IS NULL AND executed_date IS NULL) SQLite searched the single-column index on planned_date
# (its statistics make a date look rare; NULL is most rows) and took 216 ms for 51 rows; without it, the
# partial index service_request_org_unscheduled answers in 1 ms. Nothing else reads that index: Planning
# orders by COALESCE(executed_date, planned_date) through the indexes of 2026-12-01T20:30 and T21:10.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def drop_index():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl("DROP INDEX IF EXISTS service_request_planned_date")

    async def create_index():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS service_request_planned_date ON service_request (planned_date)")

    manager.add_raw(drop_index)
    manager.add_raw_backwards(create_index)
    return manager
