"""The database engine, chosen by the settings: SQLite on a laptop, PostgreSQL in production."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from portal.settings import get_settings


def make_engine() -> Engine:
    settings = get_settings()
    if settings.is_postgres:
        url = urlparse(settings.database_url)
        return PostgresEngine(
            config={
                "host": url.hostname,
                "port": url.port or 5432,
                "user": unquote(url.username or "postgres"),
                "password": unquote(url.password or ""),
                "database": url.path.lstrip("/") or "postgres",
            },
            log_queries=False,
        )
    path = settings.sqlite_path
    path.parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and the one writer work at once; the busy timeout makes a second writer wait
    # instead of failing with "database is locked".
    return SQLiteEngine(path=str(path), timeout=30, isolation_level=None)


async def prepare_sqlite(engine: Engine) -> None:
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")
