from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T03:35:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: Planning's work still to be planned, per organisation, kind and location"

# Measured at five million requests (bench.planning): Planning's last pages end with the work still to be
# planned (sent to HartingBank, no date yet): a few thousand recent requests among millions. Read from
# the old end through (organisation, kind, id) or (location, id), the walk passed every old request of
# that kind or location first (61-117 ms on SQLite). These partial indexes hold only that work, so each
# such page is a short range. Written as Planning's condition is (listing.UNSCHEDULED).
WHERE = "status = 'submitted' AND executed_date IS NULL AND planned_date IS NULL"
INDEXES = [
    ("service_request_org_to_plan", "organisation, id"),
    ("service_request_org_kind_to_plan", "organisation, kind, id"),
    ("service_request_location_to_plan", "location, id"),
    ("service_request_department_to_plan", "department, id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create():
        from piccolo.engine import engine_finder
        from piccolo.engine.sqlite import SQLiteEngine

        engine = engine_finder()
        for name, columns in INDEXES:
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON service_request ({columns}) WHERE {WHERE}")
        if isinstance(engine, SQLiteEngine):
            await engine.run_ddl("PRAGMA analysis_limit = 1000")
        await engine.run_ddl("ANALYZE service_request")

    async def drop():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, _columns in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
