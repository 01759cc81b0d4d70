from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-01T20:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: indexes for Planning and Mijn acties"

# Planning and Mijn acties page by keyset (portal.domain.service_requests.listing): each sort walks one of
# these ranges. The request id follows the request date (a request is numbered when it is made), so
# "Aanvraagdatum" and the order inside a location, department or kind are ranges ending in id. The
# execution date of Planning is the executed date once done, the planned date before.
INDEXES = [
    ("service_request_org_id", "organisation, id"),
    ("service_request_location_id", "location, id"),
    ("service_request_org_department_id", "organisation, department, id"),
    ("service_request_org_kind_id", "organisation, kind, id"),
    ("service_request_org_execution", "organisation, (COALESCE(executed_date, planned_date)), id"),
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
