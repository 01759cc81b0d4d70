from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Rental references: a reference is unique within its location (RENT-2), whatever its letter case"

UNIQUE = "rental_reference_location_reference"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_index():
        from piccolo.engine import engine_finder

        # The form checks first and says so next to the field; the index holds when two requests for the
        # same new reference arrive at the same moment (PostgreSQL does not serialise them as SQLite does).
        await engine_finder().run_ddl(
            f'CREATE UNIQUE INDEX IF NOT EXISTS {UNIQUE} ON "rental_reference" (location, lower(reference))')

    async def drop_index():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {UNIQUE}")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
