from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-01T20:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: an index for the staff queue in /admin"

# piccolo-admin lists the requests of one status newest first (its table config orders by created_at)
# and counts them: one index range for both, at five million requests. Replaces a (status, id) index a
# development build of the previous migration made.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_index():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        await engine.run_ddl("DROP INDEX IF EXISTS service_request_status_id")
        await engine.run_ddl(
            "CREATE INDEX IF NOT EXISTS service_request_status_created ON service_request (status, created_at, id)")

    async def drop_index():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl("DROP INDEX IF EXISTS service_request_status_created")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
