"""The database engine, chosen by the settings: SQLite on a laptop, PostgreSQL in production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from urllib.parse import unquote, urlparse

from piccolo.engine import engine_finder
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


@cache
def engine() -> Engine:
    """The engine of piccolo_conf (the tables' own): found once, it is asked on every query."""
    found = engine_finder()
    assert found is not None, "piccolo_conf defines no DB"
    return found


def is_postgres() -> bool:
    return isinstance(engine(), PostgresEngine)


@asynccontextmanager
async def one_connection() -> AsyncIterator[None]:
    """Run a request's reads on one connection: SQLite opens a connection (and a thread) per query
    otherwise, PostgreSQL takes one from the pool once instead of per query."""
    async with engine().transaction():
        yield


def write_transaction():
    """A transaction that reads and then writes what it read (placing an order from the basket). On SQLite
    it takes the write lock at BEGIN (IMMEDIATE), so two at once wait for each other instead of one failing
    with "database is locked" when it upgrades its read lock; PostgreSQL needs nothing special."""
    found = engine()
    if isinstance(found, SQLiteEngine):
        from piccolo.engine.sqlite import TransactionType

        return found.transaction(transaction_type=TransactionType.immediate)
    return found.transaction()


BASKET_LOCKS = 1  # the advisory-lock space of "placing from an account's basket" (its second key: the account)


async def lock_basket(account_id: int) -> None:
    """Inside a write_transaction: wait for any other placement from this account's basket to finish, so the
    second of two presses at once sees the first one's order instead of an emptied basket. SQLite's
    IMMEDIATE transaction already lets one writer in at a time; PostgreSQL takes a lock held until the
    transaction ends (an advisory one: no row is locked)."""
    if is_postgres():
        await engine().run_ddl(f"SELECT pg_advisory_xact_lock({BASKET_LOCKS}, {int(account_id)})")


def is_unique_violation(error: Exception) -> bool:
    """Whether a write failed on a unique constraint (asyncpg's UniqueViolationError, sqlite3's
    IntegrityError): the same thing made twice at the same moment."""
    return "unique" in str(error).lower() or type(error).__name__ in {"UniqueViolationError", "IntegrityError"}
