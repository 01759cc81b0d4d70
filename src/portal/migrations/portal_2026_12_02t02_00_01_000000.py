from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T02:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Orders: one order per checkout token; indexes for Mijn orders and the staff queue"

INDEXES = {
    # Mijn orders: one account's orders, newest first.
    "order_account_created_at": 'ON "order" (account, created_at)',
    # The staff queue in /admin ("Orders: te bevestigen"): orders of one status, oldest first.
    "order_status_created_at": 'ON "order" (status, created_at)',
}
UNIQUE = "order_checkout_token"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name, target in INDEXES.items():
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} {target}")
        # A unique index rather than a UNIQUE constraint: SQLite cannot add one to an existing table. NULLs
        # (orders not made by a checkout: the seed's, staff's) do not collide on either engine.
        await engine.run_ddl(f'CREATE UNIQUE INDEX IF NOT EXISTS {UNIQUE} ON "order" (checkout_token)')

    async def drop_indexes():
        from piccolo.engine import engine_finder

        engine = engine_finder()
        for name in [*INDEXES, UNIQUE]:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
