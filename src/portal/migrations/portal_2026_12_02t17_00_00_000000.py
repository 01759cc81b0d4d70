from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T17:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "PostgreSQL: statistics of the columns that depend on each other (organisation, location, department; the catalogue row)"

# Every list is narrowed by the organisation (Scope) and often by a location or department of it, which
# already implies the organisation. PostgreSQL multiplies the selectivities of such conditions as if they
# were independent: at five million requests it estimated one location's requests at 700 instead of
# 15,737, walked the plain location index and sorted (19.6 ms) instead of reading the index on (location,
# execution date, id) in order (2.0 ms). Functional-dependency statistics tell the planner the truth.
# SQLite's planner does not multiply this way (it picks one index by its own statistics).
STATISTICS = [
    ("service_request_place_stats", "service_request", "organisation, location, department"),
    ("service_request_aid_catalogue_stats", "service_request", "organisation, aid_category, aid_subcategory, aid_type"),
    ("asset_place_stats", "asset", "organisation, location, department"),
    ("asset_catalogue_stats", "asset", "organisation, category, subcategory, product_type"),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create() -> None:
        from piccolo.engine import engine_finder
        from piccolo.engine.postgres import PostgresEngine

        engine = engine_finder()
        if not isinstance(engine, PostgresEngine):
            return
        for name, table, columns in STATISTICS:
            await engine.run_ddl(f"CREATE STATISTICS IF NOT EXISTS {name} (dependencies) ON {columns} FROM {table}")
        await engine.run_ddl("ANALYZE service_request")
        await engine.run_ddl("ANALYZE asset")

    async def drop() -> None:
        from piccolo.engine import engine_finder
        from piccolo.engine.postgres import PostgresEngine

        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            for name, _table, _columns in STATISTICS:
                await engine.run_ddl(f"DROP STATISTICS IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
