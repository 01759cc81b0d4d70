from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T10:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Quotes: one quote per request checkout; index for Mijn offertes"

INDEXES = {
    # Mijn offertes: one account's quotes, newest first.
    "quote_account_created_at": "ON quote (account, created_at)",
}
UNIQUE = "quote_checkout_token"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, target in INDEXES.items():
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} {target}")
        # As for orders (migration 2026-12-02T02:00:01): a unique index, which SQLite can add to a table.
        await engine.run_ddl(f"CREATE UNIQUE INDEX IF NOT EXISTS {UNIQUE} ON quote (checkout_token)")

    async def drop_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name in [*INDEXES, UNIQUE]:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
