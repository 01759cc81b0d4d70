"""The migrations are the only way the schema changes: they must build every table on an empty SQLite
and an empty PostgreSQL database, through the same command `make run` uses."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import uuid

import pytest

from portal.tables import TABLES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _migrate(database_url: str, data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "PORTAL_DATABASE_URL": database_url, "PORTAL_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "portal", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _postgres_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
        return True
    except OSError:
        return False


def test_migrations_build_every_table_on_an_empty_sqlite_database(tmp_path):
    result = _migrate(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "empty.sqlite3") as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {table._meta.tablename for table in TABLES} <= names
    # Running them again changes nothing and does not fail.
    assert _migrate(f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path).returncode == 0


def test_migrations_build_every_table_on_an_empty_postgresql_database(tmp_path):
    if not _postgres_reachable():
        if os.environ.get("PORTAL_TEST_REQUIRE_ALL") == "true":
            pytest.fail("PostgreSQL is required in CI but not reachable on 127.0.0.1:5432")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    import asyncio

    import asyncpg

    name = f"portal_migrate_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str):
        connection = await asyncpg.connect(host="127.0.0.1", user="postgres", database="postgres")
        try:
            return await connection.execute(sql)
        finally:
            await connection.close()

    async def tables() -> set[str]:
        connection = await asyncpg.connect(host="127.0.0.1", user="postgres", database=name)
        try:
            rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            return {row["tablename"] for row in rows}
        finally:
            await connection.close()

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(admin(f'CREATE DATABASE "{name}"'))
        result = _migrate(f"postgresql://postgres@127.0.0.1:5432/{name}", tmp_path)
        assert result.returncode == 0, result.stderr
        assert {table._meta.tablename for table in TABLES} <= loop.run_until_complete(tables())
    finally:
        loop.run_until_complete(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        loop.close()
