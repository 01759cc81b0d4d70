from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T13:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Number sequences: one row per kind and year (two first numbers of a year at once made two rows)"

# Where the race already made two rows of one kind and year, the one that handed out the most numbers stays.
DEDUPLICATE = """
DELETE FROM number_sequence WHERE EXISTS (
    SELECT 1 FROM number_sequence other
    WHERE other.kind = number_sequence.kind AND other.year = number_sequence.year
      AND (other.last_value > number_sequence.last_value
           OR (other.last_value = number_sequence.last_value AND other.id < number_sequence.id)))
"""


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        await engine.run_ddl(DEDUPLICATE)
        await engine.run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS number_sequence_kind_year ON number_sequence (kind, year)")

    async def drop():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl("DROP INDEX IF EXISTS number_sequence_kind_year")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
