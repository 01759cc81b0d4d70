"""The benchmark's data sets, built once and kept: SQLite files under bench/out/, PostgreSQL databases
portal_bench and portal_bench_<n>. A set is rebuilt only when it is missing, was built with other sizes,
or `--rebuild` says so. Building uses the portal's own commands (`migrate`, `seed-bench`)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


@dataclass
class DataSet:
    engine: str  # sqlite | postgres
    aids: int
    per_org: int
    history: float
    database_url: str
    marker: Path
    admin_email: str = ""
    build_seconds: float | None = None  # None: taken from the cache
    cached_build_seconds: float | None = None

    @property
    def label(self) -> str:
        return f"{self.engine} {self.aids:,} aids"

    @property
    def scoped_email(self) -> str:
        return self.admin_email.replace("admin@", "rol4@")


def dataset(engine: str, aids: int, per_org: int, history: float, postgres_url: str) -> DataSet:
    name = f"{engine}-{aids}"
    marker = OUT / f"{name}.json"
    if engine == "sqlite":
        url = f"sqlite:///{OUT / (name + '.sqlite3')}"
    else:
        parts = urlsplit(postgres_url)
        db = "portal_bench" if aids >= 1_000_000 else f"portal_bench_{aids}"
        url = urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))
    return DataSet(engine, aids, min(per_org, aids), history, url, marker)


def _env(data: DataSet) -> dict[str, str]:
    env = {**os.environ, "PORTAL_DATABASE_URL": data.database_url, "PORTAL_DATA_DIR": str(OUT / "cli"),
           "PORTAL_SECRET_KEY": "benchmark-secret-key-that-is-long-enough-for-the-settings"}
    env.pop("PORTAL_SMTP_URL", None)
    return env


def _portal(data: DataSet, *args: str, echo: bool = False) -> str:
    """`python -m portal <args>` on the data set's database; with `echo` its progress is shown as it runs."""
    process = subprocess.Popen([sys.executable, "-m", "portal", *args], cwd=ROOT, env=_env(data), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if echo:
            print("   ", line.rstrip(), flush=True)
    if process.wait() != 0:
        raise SystemExit(f"python -m portal {' '.join(args)} failed:\n{''.join(lines)[-3000:]}")
    return "".join(lines)


def _cached(data: DataSet) -> dict | None:
    if not data.marker.exists():
        return None
    info = json.loads(data.marker.read_text())
    if (info.get("aids"), info.get("per_org"), info.get("history")) != (data.aids, data.per_org, data.history):
        return None
    if data.engine == "sqlite" and not Path(data.database_url.removeprefix("sqlite:///")).exists():
        return None
    if data.engine == "postgres" and not asyncio.run(_pg_has_data(data.database_url)):
        return None
    return info


async def _pg_admin(url: str):
    import asyncpg

    parts = urlsplit(url)
    return await asyncpg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                                 password=parts.password or None, database="postgres")


async def _pg_has_data(url: str) -> bool:
    connection = await _pg_admin(url)
    try:
        name = urlsplit(url).path.lstrip("/")
        return bool(await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await connection.close()


async def _pg_recreate(url: str) -> None:
    connection = await _pg_admin(url)
    name = urlsplit(url).path.lstrip("/")
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _pg_vacuum(url: str) -> None:
    import asyncpg

    parts = urlsplit(url)
    connection = await asyncpg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                                       password=parts.password or None, database=parts.path.lstrip("/"))
    try:
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


def ensure(data: DataSet, rebuild: bool = False) -> DataSet:
    """The data set, built when needed; every run brings its schema up to date first."""
    OUT.mkdir(parents=True, exist_ok=True)
    info = None if rebuild else _cached(data)
    if info is None:
        print(f"Building {data.label} ({data.per_org:,} in the largest organisation, {data.history:g} history "
              f"events per aid)...", flush=True)
        data.marker.unlink(missing_ok=True)
        if data.engine == "sqlite":
            path = Path(data.database_url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        else:
            asyncio.run(_pg_recreate(data.database_url))
        started = time.perf_counter()
        _portal(data, "migrate")
        output = _portal(data, "seed-bench", "--aids", str(data.aids), "--per-org", str(data.per_org),
                         "--history", f"{data.history:g}", echo=True)
        if data.engine == "postgres":
            # Bulk-loaded rows are not yet in the visibility map, so index-only scans still visit the
            # table; a database in use has been vacuumed. Part of the build time.
            asyncio.run(_pg_vacuum(data.database_url))
        seconds = time.perf_counter() - started
        match = re.search(r"as (\S+@\S+) with", output)
        info = {"aids": data.aids, "per_org": data.per_org, "history": data.history, "seconds": round(seconds, 1),
                "admin_email": match.group(1) if match else "", "built_at": time.strftime("%Y-%m-%d %H:%M")}
        data.marker.write_text(json.dumps(info, indent=2))
        data.build_seconds = seconds
    else:
        _portal(data, "migrate")  # a migration added since the build (e.g. an index) is applied now
        print(f"Using the cached {data.label} (built {info['built_at']} in {info['seconds']:.0f} s).", flush=True)
    data.admin_email = info["admin_email"]
    data.cached_build_seconds = info["seconds"]
    return data
