from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T15:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Contact requests: an account's requests by date (Mijn verzoeken and the per-account limit)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS contact_request_account_created ON contact_request (account, created_at)")

    async def drop():
        from piccolo.engine import engine_finder

        await engine_finder().run_ddl("DROP INDEX IF EXISTS contact_request_account_created")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
