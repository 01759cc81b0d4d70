from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T17:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: indexes that keep SQLite inside one organisation (waiting for authorisation, to be planned)"

# Measured at five million requests (bench.planning), where SQLite chose an index that does not start
# with the organisation and passed other organisations' rows:
# - "Te autoriseren" and the dashboard's first section read an organisation's requests that wait for a
#   decision, oldest first. SQLite took an index on the organisation alone and sorted all its requests
#   (112 ms on the dashboard); (organisation, status, created_at) reads the few hundred waiting (5 ms).
# - Planning's last page by date is the work still to be planned, newest first. With full statistics
#   SQLite preferred the staff queue's (status, planned_date) to the partial index of the migration
#   2026-12-02T03:35 and walked every organisation's unplanned work (38 ms). With the organisation added
#   at its end, the same index serves the staff queue and finds one organisation's rows in id order (5 ms).
CREATE = [
    "CREATE INDEX IF NOT EXISTS service_request_org_status_created ON service_request (organisation, status, created_at)",
    "DROP INDEX IF EXISTS service_request_status_planned_date",
    "CREATE INDEX IF NOT EXISTS service_request_status_planned_date ON service_request (status, planned_date, organisation)",
]
DROP = [
    "DROP INDEX IF EXISTS service_request_org_status_created",
    "DROP INDEX IF EXISTS service_request_status_planned_date",
    "CREATE INDEX IF NOT EXISTS service_request_status_planned_date ON service_request (status, planned_date)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create() -> None:
        from piccolo.engine import engine_finder
        from piccolo.engine.sqlite import SQLiteEngine

        engine = engine_finder()
        for statement in CREATE:
            await engine.run_ddl(statement)
        if isinstance(engine, SQLiteEngine):
            await engine.run_ddl("PRAGMA analysis_limit = 1000")
        await engine.run_ddl("ANALYZE service_request")

    async def drop() -> None:
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for statement in DROP:
            await engine.run_ddl(statement)

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
