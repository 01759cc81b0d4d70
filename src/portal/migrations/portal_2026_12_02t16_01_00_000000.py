from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T16:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Conversations: one thread per record (the columns come from the migration before)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def run() -> None:
        from piccolo.engine import engine_finder

        engine = engine_finder()
        # One thread per record, also when two people write the first message at the same moment; a live
        # chat (no record) may have many.
        await engine.run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS chat_thread_record ON chat_thread (record_kind, record_id) "
            "WHERE record_id IS NOT NULL"
        )

    manager.add_raw(run)
    return manager
