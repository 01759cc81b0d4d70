from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-28T14:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fleet list: sort by date within a category or subcategory without a sort step"

# "All beds by date", the (sub)category overviews of the manual: without these the database sorts every
# aid of the subcategory (21,000 beds in the benchmark's largest organisation) for each page.
DATE_INDEXES = [
    ("asset_fleet_category_date", "organisation, category, rental_start, id"),
    ("asset_fleet_subcategory_date", "organisation, subcategory, rental_start, id"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, columns in DATE_INDEXES:
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON asset ({columns})")

    async def drop_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, _columns in DATE_INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
