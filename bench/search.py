"""`python -m bench.search`: the shop's search (issue 10 item 2) over 10,000 products, on SQLite and
PostgreSQL, in one run.

1. Builds (once; `--rebuild` again) a catalogue of `--products` products with believable Dutch names and
   descriptions (the demo seeder's categories, subcategories, suppliers and variants, numbered on), one
   organisation with contract prices for a tenth of them and a buyer: the SQLite file
   bench/out/search-<n>.sqlite3 and the PostgreSQL database bench_catalogue_search_<n>. The search index
   is the migration's (triggers / expression indexes), filled as the products are inserted.
2. For each engine, with the portal under uvicorn (one worker): p50/p95 server time (Server-Timing) of the
   search page and of the answer while typing (HX-Request), for article-number prefixes, names, Dutch
   plural forms, several words, one-letter typos and a word that matches nothing.
3. Prints the figures with the target (p95 ≤ 30 ms) and writes them to bench/out/search.md.

Options: --engines sqlite,postgres  --products 10000  --requests 60  --rebuild
         --postgres-url postgresql://postgres@127.0.0.1:5432/
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from bench.load import latencies, percentile, sign_in
from bench.server import Server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGET_P95_MS = 30.0
BUYER = "inkoop@bench-zoeken.nl"
PASSWORD = "Bench-Zoeken#2026"

QUERIES = (
    ("artikelnummer, begin", "1000"),
    ("artikelnummer, volledig", "100012"),
    ("productnaam", "hoog-laagbed"),
    ("trefwoord", "rolstoel"),
    ("meervoud (bedden)", "bedden"),
    ("meervoud (tilliften)", "tilliften"),
    ("twee woorden", "douchestoel verstelbaar"),
    ("leverancier + woord", "invacare matras"),
    ("tikfout (rolstoek)", "rolstoek"),
    ("tikfout (wisseldrukmatars)", "wisseldrukmatars"),
    ("niets gevonden", "zwembadbrug"),
    ("half getypt", "tilb"),
)


def _database_url(engine: str, products: int, postgres_url: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{OUT / f'search-{products}.sqlite3'}"
    parts = urlsplit(postgres_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/bench_catalogue_search_{products}", "", ""))


def _env(url: str) -> dict[str, str]:
    env = {**os.environ, "PORTAL_DATABASE_URL": url, "PORTAL_DATA_DIR": str(OUT / "cli"),
           "PORTAL_SECRET_KEY": "benchmark-secret-key-that-is-long-enough-for-the-settings"}
    env.pop("PORTAL_SMTP_URL", None)
    env.pop("PORTAL_REDIS_URL", None)
    return env


async def _recreate_postgres(url: str) -> None:
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = await asyncpg.connect(urlunsplit((parts.scheme, parts.netloc, "/postgres", "", "")))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def ensure(engine: str, products: int, postgres_url: str, rebuild: bool) -> str:
    url = _database_url(engine, products, postgres_url)
    marker = OUT / f"search-{engine}-{products}.json"
    if marker.exists() and not rebuild:
        return url
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"  building {products:,} products on {engine} …", flush=True)
    started = time.perf_counter()
    if engine == "sqlite":
        Path(urlsplit(url).path).unlink(missing_ok=True)
    else:
        asyncio.run(_recreate_postgres(url))
    for args in (["-m", "portal", "migrate"], ["-m", "bench.search", "--build", str(products)]):
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=_env(url), capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    marker.write_text(json.dumps({"products": products, "seconds": round(time.perf_counter() - started, 1)}))
    return url


async def build(products: int) -> None:
    """Run with the data set's PORTAL_DATABASE_URL: the catalogue, an organisation and its buyer."""
    import random
    from datetime import datetime, timezone
    from decimal import Decimal

    from portal.domain.passwords import hash_password
    from portal.seed.demo import CATALOGUE, _vat_rate
    from portal.tables import Account, Category, ContractPrice, Organisation, Product, ProductType, Subcategory

    rng = random.Random(10)
    now = datetime.now(timezone.utc)
    org = Organisation(name="Zorggroep Bench Zoeken", customer_number="K99001", active=True, created_at=now)
    await org.save()
    await Account(organisation=org.id, name="Inkoper Bench", email=BUYER, password_hash=await hash_password(PASSWORD),
                  role="2", active=True, created_at=now).save()
    kinds = []  # (category id, slug, type id, noun, sub, supplier, model)
    for position, (name, slug, subs) in enumerate(CATALOGUE, start=1):
        category = Category(name=name, slug=slug, position=position)
        await category.save()
        for sub in subs:
            subcategory = Subcategory(category=category.id, name=sub.name)
            await subcategory.save()
            for supplier, model in sub.types:
                product_type = ProductType(subcategory=subcategory.id, name=f"{supplier} {model}", supplier=supplier)
                await product_type.save()
                kinds.append((category.id, slug, product_type.id, sub, supplier, model))
    rows, n = [], 0
    while len(rows) < products:
        for category_id, slug, type_id, sub, supplier, model in kinds:
            for variant, _specs in sub.variants:
                if len(rows) >= products:
                    break
                n += 1
                type_name = f"{supplier} {model}"
                generation = f" serie {n // 400 + 1}" if n > 400 else ""
                name = (f"{sub.noun} {type_name}, {variant}" if sub.noun else f"{model} {supplier}, {variant}") + generation
                low, high = sub.price
                rows.append(Product(
                    article_number=f"{100000 + n:06d}", name=name[:200],
                    description=sub.description.format(type=type_name, variant=variant), category=category_id,
                    product_type=type_id, list_price=Decimal(rng.randint(low, high)), vat_rate=_vat_rate(slug),
                    purchasable=True, active=rng.random() > 0.03, images=json.dumps([f"{slug}.svg"]),
                ))
    for start in range(0, len(rows), 500):
        await Product.insert(*rows[start:start + 500])
    ids = [row["id"] for row in await Product.select(Product.id)]
    prices = [ContractPrice(organisation=org.id, product=pid, price=Decimal("99.00")) for pid in rng.sample(ids, len(ids) // 10)]
    for start in range(0, len(prices), 500):
        await ContractPrice.insert(*prices[start:start + 500])
    from portal.db import engine, is_postgres

    if is_postgres():
        await engine().run_ddl("ANALYZE")  # as autovacuum would soon after a bulk load
    print(f"{len(rows)} products")


async def measure(server: Server, requests: int) -> list[dict]:
    cookie = sign_in(server.base_url, BUYER, PASSWORD)
    results = []
    for name, text in QUERIES:
        path = f"/alle-producten/zoeken?q={quote(text)}"
        for mode in ("pagina", "tijdens typen"):
            extra = {"HX-Request": "true"} if mode == "tijdens typen" else {}
            times = await latencies(server.base_url, cookie, path, requests, headers=extra)
            results.append({"name": name, "query": text, "mode": mode, "p50": statistics.median(times),
                            "p95": percentile(times, 95)})
            row = results[-1]
            print(f"    {name:<30} {text:<26} {mode:<14} p50 {row['p50']:6.2f} ms   p95 {row['p95']:6.2f} ms",
                  flush=True)
    return results


def report(results: dict[str, list[dict]], args: argparse.Namespace, started: float) -> str:
    lines = [
        f"# Benchmark zoeken in de winkel — {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Command: `.venv/bin/python -m bench.search`. Machine: {os.cpu_count()} cores (shared), "
        f"{platform.python_implementation()} {platform.python_version()}, uvicorn with one worker, the load "
        f"generator on the same machine. Data: {args.products:,} products (about 3 % no longer sold). Server time "
        f"(Server-Timing) of the whole request (session, search, prices, template), {args.requests} requests "
        f"per query after 3 warm-up requests. Whole run: {(time.perf_counter() - started) / 60:.1f} min.",
        "",
    ]
    for engine, rows in results.items():
        worst = max(rows, key=lambda row: row["p95"])
        lines += [
            f"## {engine}", "",
            "| Zoekvraag | Tekst | Antwoord | p50 ms | p95 ms |", "|---|---|---|---:|---:|",
            *[f"| {r['name']} | `{r['query']}` | {r['mode']} | {r['p50']:.1f} | {r['p95']:.1f} |" for r in rows],
            "",
            f"Hoogste p95: {worst['p95']:.1f} ms ({worst['name']}, {worst['mode']}); doel ≤ {TARGET_P95_MS:.0f} ms: "
            f"{'gehaald' if worst['p95'] <= TARGET_P95_MS else '**niet gehaald**'}.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)  # the data set's own process
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgresql://postgres@127.0.0.1:5432/"))
    args = parser.parse_args()
    if args.build:
        asyncio.run(build(args.build))
        return
    started = time.perf_counter()
    results = {}
    for engine in (e.strip() for e in args.engines.split(",") if e.strip()):
        url = ensure(engine, args.products, args.postgres_url, args.rebuild)
        print(f"\n== {engine}: {args.products:,} products ==", flush=True)
        with Server(url, OUT / f"server-search-{engine}") as server:
            results[engine] = asyncio.run(measure(server, args.requests))
    text = report(results, args, started)
    (OUT / "search.md").write_text(text + "\n")
    (OUT / "search.json").write_text(json.dumps(results, indent=2))
    print("\n" + text)
    print(f"\nWritten to {OUT / 'search.md'}")


if __name__ == "__main__":
    main()
