"""Helpers shared by the tests: database reset, CSRF tokens, signing in."""

from __future__ import annotations

import re

import httpx

from portal.tables import TABLES

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def migrate_fresh() -> None:
    from piccolo.engine import engine_finder
    from piccolo.engine.postgres import PostgresEngine

    from portal.cli import migrate

    engine = engine_finder()
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
    await migrate()


_EMPTY_POSTGRES: list[str] = []  # the statement that empties every table, made once per run


async def empty_database() -> None:
    """Every table empty, its ids counting from 1 again. On PostgreSQL one DELETE per table (children
    first) and a reset of every sequence, in one transaction: TRUNCATE makes new files for each table and
    index, some 200 ms a test where this takes a few."""
    from piccolo.engine import engine_finder
    from piccolo.engine.postgres import PostgresEngine

    engine = engine_finder()
    names = [f'"{table._meta.tablename}"' for table in TABLES]
    if isinstance(engine, PostgresEngine):
        if not _EMPTY_POSTGRES:
            sequences = await engine.run_ddl(
                "SELECT quote_ident(sequence_name) AS name FROM information_schema.sequences "
                "WHERE sequence_schema = 'public' AND sequence_name <> 'migration_id_seq'")
            resets = ", ".join(f"setval('{row['name']}', 1, false)" for row in sequences)
            _EMPTY_POSTGRES.append("".join(f"DELETE FROM {name}; " for name in reversed(names))
                                   + (f"SELECT {resets};" if resets else ""))
        async with engine.transaction():
            # Several statements in one round trip: asyncpg's execute takes them, Piccolo's queries don't.
            await engine.current_transaction.get().connection.execute(_EMPTY_POSTGRES[0])
    else:
        async with engine.transaction():
            for name in reversed(names):  # children before parents
                await engine.run_ddl(f"DELETE FROM {name}")


async def csrf_token(client: httpx.AsyncClient, path: str = "/inloggen") -> str:
    """The CSRF token a page carries for its forms (and sets the matching cookie)."""
    response = await client.get(path)
    match = CSRF_FIELD.search(response.text)
    assert match, f"no CSRF field on {path} ({response.status_code})"
    return match.group(1)


async def post_form(client: httpx.AsyncClient, path: str, data: dict, token_from: str | None = None, **kwargs) -> httpx.Response:
    token = await csrf_token(client, token_from or path)
    return await client.post(path, data={"_csrf_token": token, **data}, **kwargs)


async def login(client: httpx.AsyncClient, email: str, password: str = "Zorgvuldig#2026") -> httpx.Response:
    response = await post_form(client, "/inloggen", {"email": email, "password": password}, token_from="/inloggen")
    assert response.status_code == 303, f"sign-in of {email} failed: {response.status_code}"
    return response
