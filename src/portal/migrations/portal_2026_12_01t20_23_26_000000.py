from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-01T20:23:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "Indexes: the fleet's inspection filter, the staff queue of service requests, one inspection mail per month"

INDEXES = {
    # The fleet list's "Keuring" filter narrows an organisation's aids by due date.
    "asset_organisation_next_inspection": "ON asset (organisation, next_inspection)",
    # The staff queue in /admin: requests of one status, newest (or oldest) first, by requested or
    # planned date (its sidebar links), and the count piccolo-admin asks for.
    "service_request_status_created_at": "ON service_request (status, created_at)",
    "service_request_status_requested_date": "ON service_request (status, requested_date)",
    "service_request_status_planned_date": "ON service_request (status, planned_date)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, target in INDEXES.items():
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} {target}")
        # A unique index rather than a UNIQUE constraint: SQLite cannot add one to an existing table.
        await engine.run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS inspection_reminder_account_month ON inspection_reminder (account, month)")

    async def drop_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name in [*INDEXES, "inspection_reminder_account_month"]:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
