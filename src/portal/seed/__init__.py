"""Demo and benchmark data (`python -m portal seed-demo`, `seed-bench`) and the bulk writer they share.

Piccolo saves objects one statement at a time; a benchmark set of a million aids with five million history
rows needs each database's own bulk path instead: `executemany` on one sqlite3 connection inside a single
transaction, and COPY through asyncpg on PostgreSQL. The writer hands out the ids itself, so rows can point
at each other before anything is written, and moves the PostgreSQL id sequences past them at the end. The
whole seed is one transaction: it lands completely or not at all.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

from portal.domain.numbering import PREFIXES
from portal.tables import NumberSequence, Organisation


class BulkWriter:
    """One write transaction on the portal's database (the engine Piccolo uses), for seeding.

    Values pass through `ts`, `day`, `money` and `json` first, so each engine receives what Piccolo itself
    would have stored: on SQLite UTC timestamps as text, dates as ISO text and amounts as floats (read back
    as Decimal by Piccolo); on PostgreSQL the Python objects asyncpg's COPY encodes.
    """

    def __init__(self, *, fast: bool = False) -> None:
        self.engine = Organisation._meta.db
        self.is_postgres = isinstance(self.engine, PostgresEngine)
        if not self.is_postgres and not isinstance(self.engine, SQLiteEngine):
            raise RuntimeError(f"unsupported database engine: {type(self.engine).__name__}")
        # fast: the benchmark's settings, trading crash safety during the load for speed.
        self.fast = fast
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None
        self._pg_transaction: Any = None
        self._ids: dict[str, itertools.count] = {}
        self._numbers: dict[tuple[str, int], int] | None = None
        self._numbers_existing: set[tuple[str, int]] = set()
        if self.is_postgres:
            self.ts = _identity
            self.day = _identity
            self.money = _identity
        else:
            self.ts = _sqlite_timestamp
            self.day = _sqlite_date
            self.money = _sqlite_money

    @staticmethod
    def json(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    async def __aenter__(self) -> BulkWriter:
        if self.is_postgres:
            import asyncpg

            self._pg = await asyncpg.connect(**self.engine.config)
            self._pg_transaction = self._pg.transaction()
            await self._pg_transaction.start()
            if self.fast:
                # Only this transaction: its commit waits less for the disk, index builds get more memory.
                await self._pg.execute("SET LOCAL synchronous_commit = off")
                await self._pg.execute("SET LOCAL maintenance_work_mem = '512MB'")
                # Per-row foreign key checks more than double the load time; every reference the benchmark
                # writes comes from ids made in this same transaction (and tests check them). Needs a
                # superuser: elsewhere the checks simply stay on. A savepoint keeps a refusal from aborting
                # the transaction.
                try:
                    async with self._pg.transaction():
                        await self._pg.execute("SET LOCAL session_replication_role = replica")
                except asyncpg.InsufficientPrivilegeError:
                    pass
        else:
            connection = sqlite3.connect(self.engine.path, timeout=60, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            if self.fast:
                connection.execute("PRAGMA synchronous=OFF")
                connection.execute("PRAGMA cache_size=-1048576")  # 1 GB of page cache: indexes stay in memory
                connection.execute("PRAGMA temp_store=MEMORY")
                connection.execute("PRAGMA foreign_keys=OFF")  # as on PostgreSQL below: no per-row checks
            else:
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("BEGIN IMMEDIATE")
            self._sqlite = connection
        return self

    async def __aexit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                await self._write_numbers()
                if self.is_postgres:
                    await self._move_sequences()
                    await self._pg_transaction.commit()
                else:
                    self._sqlite.execute("COMMIT")
                    if self.fast:
                        # One big transaction leaves a WAL as large as the data; fold it back into the file.
                        self._sqlite.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            elif self.is_postgres:
                await self._pg_transaction.rollback()
            else:
                self._sqlite.execute("ROLLBACK")
        finally:
            if self.is_postgres:
                await self._pg.close()
            else:
                self._sqlite.close()

    # Reading ---------------------------------------------------------------------------------------------

    async def fetch(self, sql: str, *args: Any) -> list[tuple]:
        """Rows of a query written with `?` placeholders, as tuples, inside the write transaction."""
        if self.is_postgres:
            counter = itertools.count(1)
            records = await self._pg.fetch(re.sub(r"\?", lambda _: f"${next(counter)}", sql), *args)
            return [tuple(record) for record in records]
        return self._sqlite.execute(sql, args).fetchall()

    async def scalar(self, sql: str, *args: Any) -> Any:
        rows = await self.fetch(sql, *args)
        return rows[0][0] if rows else None

    async def execute(self, sql: str, *args: Any) -> None:
        if self.is_postgres:
            counter = itertools.count(1)
            await self._pg.execute(re.sub(r"\?", lambda _: f"${next(counter)}", sql), *args)
        else:
            self._sqlite.execute(sql, args)

    # Writing ---------------------------------------------------------------------------------------------

    async def ids(self, table: type[Table]) -> itertools.count:
        """The next free ids of a table, shared by every caller of this writer."""
        name = table._meta.tablename
        if name not in self._ids:
            highest = await self.scalar(f'SELECT max("id") FROM "{name}"')
            self._ids[name] = itertools.count((highest or 0) + 1)
        return self._ids[name]

    async def insert(self, table: type[Table], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert rows (tuples in the order of `columns`, values already passed through the converters)."""
        name = table._meta.tablename
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return
        if self.is_postgres:
            await self._pg.copy_records_to_table(name, records=rows, columns=list(columns))
        else:
            quoted = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join("?" for _ in columns)
            self._sqlite.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)

    async def drop_indexes(self, table: type[Table]) -> list[str]:
        """Drop a table's secondary indexes before a large load and return their definitions: building an
        index once over all rows is several times faster than updating it for every row. Unique indexes stay
        (they guard the data). Recreate them with `create_indexes` inside the same transaction."""
        name = table._meta.tablename
        if self.is_postgres:
            rows = await self.fetch(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? "
                "AND indexdef NOT LIKE 'CREATE UNIQUE %'", name,
            )
        else:
            rows = await self.fetch(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
                "AND sql NOT LIKE 'CREATE UNIQUE %'", name,
            )
        for index_name, _ in rows:
            await self.execute(f'DROP INDEX "{index_name}"')
        return [definition for _, definition in rows]

    async def create_indexes(self, definitions: list[str]) -> None:
        for definition in definitions:
            await self.execute(definition)

    async def _move_sequences(self) -> None:
        """PostgreSQL hands out ids from a sequence the explicit ids above did not advance."""
        for name in self._ids:
            await self._pg.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                f'coalesce((SELECT max("id") FROM "{name}"), 0) + 1, false)'
            )

    # Human-readable numbers ------------------------------------------------------------------------------

    async def number(self, kind: str, year: int) -> str:
        """The next number of a kind and year, in the format of portal.domain.numbering; the sequence is
        stored at the end, so numbers handed out later by the portal continue after these."""
        await self.load_numbers()
        return self.take_number(kind, year)

    async def load_numbers(self) -> None:
        if self._numbers is None:
            rows = await self.fetch('SELECT "kind", "year", "last_value" FROM "number_sequence"')
            self._numbers = {(kind_, year_): value for kind_, year_, value in rows}
            self._numbers_existing = set(self._numbers)

    def take_number(self, kind: str, year: int) -> str:
        """`number` without the await, for millions of rows; call `load_numbers` once first."""
        key = (kind, year)
        value = self._numbers.get(key, 0) + 1
        self._numbers[key] = value
        return f"{PREFIXES[kind]}-{year}-{value:06d}"

    async def _write_numbers(self) -> None:
        if not self._numbers:
            return
        new_rows = []
        for (kind, year), value in sorted(self._numbers.items()):
            if (kind, year) in self._numbers_existing:
                await self.execute(
                    'UPDATE "number_sequence" SET "last_value" = ? WHERE "kind" = ? AND "year" = ? AND "last_value" < ?',
                    value, kind, year, value,
                )
            else:
                new_rows.append((kind, year, value))
        ids = await self.ids(NumberSequence)
        await self.insert(NumberSequence, ("id", "kind", "year", "last_value"), [(next(ids), *row) for row in new_rows])


def _identity(value: Any) -> Any:
    return value


def _sqlite_timestamp(value: datetime | None) -> str | None:
    # Exactly what Piccolo's SQLite adapter stores for a Timestamptz: UTC, str() of the datetime.
    if value is None:
        return None
    return str(value if value.tzinfo is timezone.utc else value.astimezone(timezone.utc))


@lru_cache(maxsize=8192)  # a few thousand distinct days among millions of rows
def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _sqlite_money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)

