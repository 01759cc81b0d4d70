"""`python -m bench.planning`: Planning and Mijn acties over five million service requests, on SQLite and
PostgreSQL, in one run.

1. Uses (or builds once, as `python -m bench` does) the benchmark sets: 1,000,000 aids with 100,000 in the
   largest organisation and five service requests per aid (5,000,000, of every kind and status, dated
   over the aids' lives), and a 10,000-aid set to compare with.
2. For each engine, with the portal under uvicorn (one worker):
   - p50/p95 server time of Planning and of Mijn acties for ten filter and sort combinations each, on the
     first and the last page, as the largest organisation's administrator (one as role 4);
   - the same first pages at 10,000 aids in the database against 1,000,000;
   - the staff queue in /admin: piccolo-admin's list of the requests to plan (status "Aangevraagd",
     newest first, 15 a page) and the count it asks for beside it.
3. Prints the figures with the targets and writes them to bench/out/planning.md.

Options: --engines sqlite,postgres  --aids 1000000  --per-org 100000  --history 5  --small 10000
         --requests 60  --rebuild  --postgres-url postgresql://postgres@127.0.0.1:5432/
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx

from bench import data as datasets
from bench.__main__ import PASSWORD, TARGET_GROWTH, TARGET_P95_MS, _options
from bench.load import latencies, percentile, sign_in
from bench.report import add_data_arguments, growth, growth_summary, growth_table, save, verdict
from bench.server import Server

TARGET_ADMIN_MS = 300.0
STAFF_USER, STAFF_PASSWORD = "benchstaff", "Bench-Staff-Wachtwoord-2026"
QUEUE = "/admin/api/tables/service_request/"
QUEUE_FILTER = "status=submitted"  # the admin answers status filters exactly (portal.admin.asgi)


@dataclass
class Combination:
    name: str
    path: str
    query: str
    scoped: bool = False  # as a role-4 account that sees a third of the locations


@dataclass
class EngineResult:
    engine: str
    pages: list[dict] = field(default_factory=list)  # list, name, page, p50, p95, rows
    growth: list[dict] = field(default_factory=list)  # list, name, small_p50, big_p50
    admin: list[dict] = field(default_factory=list)  # name, p50, p95


def combinations(base_url: str, cookie: str) -> list[Combination]:
    """Ten combinations per list that a planner, a ward manager or a purchaser would use, with ids taken
    from the lists' own filter options (so they exist on any data set)."""
    with httpx.Client(base_url=base_url, headers={"Cookie": cookie}, timeout=60) as client:
        page = client.get("/acties").text
        location = _options(page, "f-locatie")[0][0]
        categories = {name: value for value, name in _options(page, "f-categorie")}
        category = categories.get("Bedden") or next(iter(categories.values()))
        department = _options(client.get(f"/acties?locatie={location}").text, "f-afdeling")[0][0]
        page = client.get(f"/acties?categorie={category}").text
        subcategory = _options(page, "f-subcategorie")[0][0]
        product_type = _options(client.get(f"/acties?categorie={category}&subcategorie={subcategory}").text,
                                "f-type")[0][0]
    today = date.today()
    month = f"van={today.isoformat()}&tot={(today + timedelta(days=30)).isoformat()}"
    fortnight = f"van={today.isoformat()}&tot={(today + timedelta(days=14)).isoformat()}"
    planning, actions = "/profile/planning", "/acties"
    return [
        Combination("Planning: alles, datum aflopend", planning, ""),
        Combination("Planning: alles, datum oplopend", planning, "sorteren=datum"),
        Combination("Planning: reparaties, datum", planning, "soort=repair"),
        Combination("Planning: één locatie, datum", planning, f"locatie={location}"),
        Combination("Planning: locatie + afdeling, datum", planning, f"locatie={location}&afdeling={department}"),
        Combination("Planning: komende maand, datum oplopend", planning, f"{month}&sorteren=datum"),
        Combination("Planning: keuringen, soort actie", planning, "soort=inspection&sorteren=soort"),
        Combination("Planning: alles, locatie", planning, "sorteren=locatie"),
        Combination("Planning: alles, afdeling aflopend", planning, "sorteren=-afdeling"),
        Combination("Planning: rol 4, komende twee weken", planning, f"{fortnight}&sorteren=datum", scoped=True),
        Combination("Mijn acties: alles, aanvraagdatum", actions, ""),
        Combination("Mijn acties: huurobjecten", actions, "status=huur"),
        Combination("Mijn acties: depot, type", actions, "status=depot&sorteren=type"),
        Combination("Mijn acties: objectnummer begint met HB00012", actions, "objectnummer=HB00012"),
        Combination("Mijn acties: categorie, subcategorie", actions, f"categorie={category}&sorteren=subcategorie"),
        Combination("Mijn acties: één type, aanvraagdatum oplopend", actions,
                    f"type={product_type}&sorteren=aanvraagdatum"),
        Combination("Mijn acties: één locatie, afdeling", actions, f"locatie={location}&sorteren=afdeling"),
        Combination("Mijn acties: alles, soort actie aflopend", actions, "sorteren=-soort"),
        Combination("Mijn acties: alles, categorie", actions, "sorteren=categorie"),
        Combination("Mijn acties: rol 4, locatie aflopend", actions, "sorteren=-locatie", scoped=True),
        Combination("Mijn actuele overzicht (DASH-1)", "/profile/", ""),
        Combination("Mijn actuele overzicht (DASH-1): rol 4", "/profile/", "", scoped=True),
    ]


def _url(combination: Combination, last: bool) -> str:
    query = "&".join(part for part in (combination.query, "pagina=laatste" if last else "") if part)
    return combination.path + (f"?{query}" if query else "")


def _rows(base_url: str, cookie: str, url: str) -> int:
    page = httpx.get(base_url + url, headers={"Cookie": cookie}, timeout=60).text
    return page.count('<th scope="row" data-label="Ordernummer"')


async def measure_pages(server: Server, data: datasets.DataSet, requests: int, last_pages: bool) -> list[dict]:
    admin = sign_in(server.base_url, data.admin_email, PASSWORD)
    scoped = sign_in(server.base_url, data.scoped_email, PASSWORD)
    results = []
    for combination in combinations(server.base_url, admin):
        cookie = scoped if combination.scoped else admin
        for last in ((False, True) if last_pages else (False,)):
            url = _url(combination, last)
            times = await latencies(server.base_url, cookie, url, requests)
            results.append({"name": combination.name, "page": "laatste" if last else "eerste", "url": url,
                            "p50": statistics.median(times), "p95": percentile(times, 95),
                            "rows": _rows(server.base_url, cookie, url)})
            row = results[-1]
            print(f"    {row['name']:<52} {row['page']:<8} p50 {row['p50']:7.2f} ms   p95 {row['p95']:7.2f} ms   "
                  f"{row['rows']} rijen", flush=True)
    return results


def staff_cookie(server: Server, data: datasets.DataSet) -> str:
    """A HartingBank staff user (made once per data set) signed in to /admin as its login screen does."""
    subprocess.run([sys.executable, "-m", "portal", "create-staff-user", "--username", STAFF_USER, "--email",
                    "bench-staff@harting-bank.nl", "--password", STAFF_PASSWORD], cwd=datasets.ROOT,
                   env=datasets._env(data), capture_output=True, text=True)
    with httpx.Client(base_url=server.base_url, timeout=60) as client:
        client.get("/admin/")
        token = client.cookies["csrftoken"]
        response = client.post("/admin/public/login/", json={"username": STAFF_USER, "password": STAFF_PASSWORD},
                               headers={"X-CSRFToken": token})
        if response.status_code != 200:
            raise RuntimeError(f"staff sign-in failed: {response.status_code} {response.text[:200]}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def measure_admin(server: Server, data: datasets.DataSet, requests: int) -> list[dict]:
    cookie = staff_cookie(server, data)
    results = []
    for name, url in (
        # The sidebar's "Service: te plannen" (portal.admin.site), as piccolo-admin asks for it.
        ("Lijst: te plannen, op gevraagde datum, 15 per pagina",
         f"{QUEUE}?{QUEUE_FILTER}&__order=requested_date&__page_size=15&__page=1&__readable=true"),
        ("Telling die de lijst erbij vraagt", f"{QUEUE}count/?{QUEUE_FILTER}&__page_size=15"),
    ):
        times = await latencies(server.base_url, cookie, url, requests)
        results.append({"name": name, "url": url, "p50": statistics.median(times), "p95": percentile(times, 95)})
        print(f"    {name:<52} p50 {results[-1]['p50']:7.2f} ms   p95 {results[-1]['p95']:7.2f} ms", flush=True)
    return results


def run_engine(engine: str, args: argparse.Namespace) -> EngineResult:
    big = datasets.ensure(datasets.dataset(engine, args.aids, args.per_org, args.history, args.postgres_url),
                          args.rebuild)
    small = datasets.ensure(datasets.dataset(engine, args.small, args.per_org, args.history, args.postgres_url),
                            args.rebuild)
    result = EngineResult(engine)
    print(f"\n== {engine}: {args.aids:,} aids, {round(args.aids * args.history):,} service requests ==", flush=True)
    with Server(big.database_url, datasets.OUT / f"server-{engine}") as server:
        print("  Planning and Mijn acties, server time (ms):", flush=True)
        result.pages = asyncio.run(measure_pages(server, big, args.requests, last_pages=True))
        print("  Staff queue in /admin:", flush=True)
        result.admin = asyncio.run(measure_admin(server, big, args.requests))
    print(f"== {engine}: {args.small:,} aids (growth) ==", flush=True)
    with Server(small.database_url, datasets.OUT / f"server-{engine}-small") as server:
        small_pages = asyncio.run(measure_pages(server, small, args.requests, last_pages=False))
    big_first = {row["name"]: row for row in result.pages if row["page"] == "eerste"}
    result.growth = [{"name": row["name"], "small_p50": row["p50"], "big_p50": big_first[row["name"]]["p50"]}
                     for row in small_pages]
    return result


def report(results: list[EngineResult], args: argparse.Namespace, started: float) -> str:
    lines = [
        f"# Benchmark Planning en Mijn acties — {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Command: `.venv/bin/python -m bench.planning`. Machine: {os.cpu_count()} cores (shared), "
        f"{platform.python_implementation()} {platform.python_version()}, uvicorn with one worker, the load "
        f"generator on the same machine. Data: {args.aids:,} aids, {args.per_org:,} in the largest organisation, "
        f"{round(args.aids * args.history):,} service requests; growth against {args.small:,} aids. Server time "
        f"(Server-Timing), {args.requests} requests per page after 3 warm-up requests. Whole run: "
        f"{(time.perf_counter() - started) / 60:.1f} min.",
        "",
    ]
    for r in results:
        worst = max(r.pages, key=lambda row: row["p95"])
        median_growth, _worst = growth(r.growth)
        worst_admin = max(r.admin, key=lambda row: row["p95"])
        lines += [
            f"## {r.engine}",
            "",
            "| Combinatie | Pagina | p50 ms | p95 ms | Rijen |",
            "|---|---|---:|---:|---:|",
            *[f"| {row['name']} | {row['page']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['rows']} |"
              for row in r.pages],
            "",
            "| Staff queue /admin (piccolo-admin API) | p50 ms | p95 ms |",
            "|---|---:|---:|",
            *[f"| {row['name']} | {row['p50']:.1f} | {row['p95']:.1f} |" for row in r.admin],
            "",
            "| Meting | Uitkomst | Doel | |",
            "|---|---|---|---|",
            f"| Hoogste p95 (Planning, Mijn acties) | {worst['p95']:.1f} ms ({worst['name']}, {worst['page']}) | "
            f"≤ {TARGET_P95_MS:.0f} ms | {verdict(worst['p95'] <= TARGET_P95_MS)} |",
            f"| Groei {args.small:,} → {args.aids:,} hulpmiddelen (p50, mediaan van {len(r.growth)} combinaties) | "
            f"{growth_summary(r.growth)} | ≤ {TARGET_GROWTH:.1f}× | {verdict(median_growth <= TARGET_GROWTH)} |",
            f"| Staff queue /admin, hoogste p95 | {worst_admin['p95']:.1f} ms ({worst_admin['name']}) | "
            f"≤ {TARGET_ADMIN_MS:.0f} ms | {verdict(worst_admin['p95'] <= TARGET_ADMIN_MS)} |",
            "",
            *growth_table(r.growth, "klein", "groot"),
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.planning", description=__doc__.split("\n")[0])
    add_data_arguments(parser)
    args = parser.parse_args()
    started = time.perf_counter()
    results = [run_engine(engine.strip(), args) for engine in args.engines.split(",") if engine.strip()]
    save("planning", report(results, args, started), results)


if __name__ == "__main__":
    main()
