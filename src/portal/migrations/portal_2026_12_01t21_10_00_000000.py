from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-01T21:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: Planning of one location or department by execution date"

# Planning filtered on a location or a department and sorted by execution date (its default):
# one index range each instead of walking the organisation's dates past other locations' work.
EXECUTION = "(COALESCE(executed_date, planned_date))"
INDEXES = [
    ("service_request_location_execution", f"location, {EXECUTION}, id"),
    ("service_request_department_execution", f"department, {EXECUTION}, id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, columns in INDEXES:
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON service_request ({columns})")

    async def drop_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, _columns in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
