"""`make bench` (= `python -m bench`): Mijn hulpmiddelen at a million aids, on SQLite and PostgreSQL, in one run.

1. Builds (once; later runs reuse bench/out/ and the portal_bench databases) a million aids with 100,000 in
   the largest organisation and five history events per aid, and a 10,000-aid set to compare with.
2. For each engine, with the portal under uvicorn (one worker):
   - p50/p95 server time of the fleet page for ten filter and sort combinations, first and last page;
   - throughput of the fleet page against the bare /ping route of the same server;
   - the same pages at 10,000 aids in the database against 1,000,000;
   - the Excel download of the 100,000 aids (a background job past 20,000 rows): time and peak memory of
     the server process (the workbook itself is written in a worker process).
3. Prints the figures with the targets and writes them to bench/out/results.md.

Downloads beside other users (/ping and the fleet page p95 idle and during 8 concurrent downloads of each
kind): `python -m bench.downloads` (its own --help).

Options: --engines sqlite,postgres  --aids 1000000  --per-org 100000  --history 5  --small 10000
         --requests 60 (per page for the timings)  --rebuild  --postgres-url postgresql://postgres@127.0.0.1:5432/
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import platform
import re
import statistics
import time
from dataclasses import dataclass, field
from datetime import date

import httpx

from bench import data as datasets
from bench.load import latencies, percentile, sign_in, throughput
from bench.report import add_data_arguments, growth, growth_summary, growth_table, save, verdict
from bench.server import Server

TARGET_P95_MS = 30.0
TARGET_THROUGHPUT = 0.20
TARGET_GROWTH = 1.3
TARGET_EXCEL_S = 8.0
TARGET_EXCEL_MB = 150.0
PASSWORD = "Welkom#HartingBank1"  # the demo password the bench seeder gives every account


@dataclass
class Combination:
    name: str
    query: str
    scoped: bool = False  # as a role-4 account that sees a third of the locations


@dataclass
class EngineResult:
    engine: str
    build_seconds: float | None
    cached_build_seconds: float | None
    pages: list[dict] = field(default_factory=list)  # name, page, p50, p95, rows
    ping_rps: float = 0.0
    fleet_rps: float = 0.0
    floor_rps: float = 0.0
    growth: list[dict] = field(default_factory=list)  # name, small_p50, big_p50
    excel_seconds: float = 0.0
    excel_rows: int = 0
    excel_mb: float = 0.0
    excel_peak_mb: float = 0.0
    excel_rss_before_mb: float = 0.0


def _options(page: str, select_id: str) -> list[tuple[str, str]]:
    match = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.S)
    if not match:
        return []
    return [(v, html.unescape(t).strip()) for v, t in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', match.group(1))]


def combinations(base_url: str, cookie: str) -> list[Combination]:
    """Ten filter and sort combinations a planner, a ward manager or a purchaser would use, with ids taken
    from the filter options of the page itself (so they exist on any data set)."""
    headers = {"Cookie": cookie}
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        page = client.get("/hulpmiddelen").text
        location = _options(page, "f-locatie")[0][0]
        categories = dict((name, value) for value, name in _options(page, "f-categorie"))
        category = categories.get("Bedden") or next(iter(categories.values()))
        page = client.get(f"/hulpmiddelen?categorie={category}").text
        subcategory = _options(page, "f-subcategorie")[0][0]
        page = client.get(f"/hulpmiddelen?categorie={category}&subcategorie={subcategory}").text
        product_type = _options(page, "f-type")[0][0]
    year = date.today().year - 1
    return [
        Combination("alles, objectnummer", ""),
        Combination("alles, categorie", "sorteren=categorie"),
        Combination("alles, locatie aflopend", "sorteren=-locatie"),
        Combination("status in depot, type", "status=depot&sorteren=type"),
        Combination("één locatie, afdeling", f"locatie={location}&sorteren=afdeling"),
        Combination("categorie + subcategorie, datum aflopend",
                    f"categorie={category}&subcategorie={subcategory}&sorteren=-datum"),
        Combination("huur, startdatum in een jaar, datum",
                    f"eigendom=rented&huur_van={year}-01-01&huur_tot={year}-12-31&sorteren=datum"),
        Combination("objectnummer begint met HB0001", "objectnummer=HB0001"),
        Combination("één type, locatie", f"type={product_type}&sorteren=locatie"),
        Combination("rol 4 (eigen locaties), in gebruik, subcategorie aflopend",
                    "status=in_use&sorteren=-subcategorie", scoped=True),
    ]


def _url(combination: Combination, last: bool) -> str:
    query = "&".join(part for part in (combination.query, "pagina=laatste" if last else "") if part)
    return "/hulpmiddelen" + (f"?{query}" if query else "")


def _rows(base_url: str, cookie: str, url: str) -> int:
    page = httpx.get(base_url + url, headers={"Cookie": cookie}, timeout=60).text
    return page.count('<th scope="row" data-label="Objectnummer">')


async def measure_pages(server: Server, data: datasets.DataSet, requests: int, last_pages: bool) -> list[dict]:
    admin = sign_in(server.base_url, data.admin_email, PASSWORD)
    scoped = sign_in(server.base_url, data.scoped_email, PASSWORD)
    results = []
    for combination in combinations(server.base_url, admin):
        cookie = scoped if combination.scoped else admin
        for last in ((False, True) if last_pages else (False,)):
            url = _url(combination, last)
            times = await latencies(server.base_url, cookie, url, requests)
            results.append({
                "name": combination.name, "page": "laatste" if last else "eerste", "url": url,
                "p50": statistics.median(times), "p95": percentile(times, 95),
                "rows": _rows(server.base_url, cookie, url),
            })
            print(f"    {combination.name:<58} {results[-1]['page']:<8} p50 {results[-1]['p50']:7.2f} ms   "
                  f"p95 {results[-1]['p95']:7.2f} ms   {results[-1]['rows']} rijen", flush=True)
    return results


async def measure_throughput(server: Server, data: datasets.DataSet, ping_requests: int, page_requests: int,
                             concurrency: int) -> tuple[float, float, float]:
    """/ping, the fleet page, and a signed-in page without a list (the floor every signed-in page pays:
    session, account, layout)."""
    cookie = sign_in(server.base_url, data.admin_email, PASSWORD)
    ping = await throughput(server.base_url, "", "/ping", ping_requests, concurrency)
    fleet = await throughput(server.base_url, cookie, "/hulpmiddelen", page_requests, concurrency)
    floor = await throughput(server.base_url, cookie, "/profile/permissionoverview", page_requests, concurrency)
    return ping, fleet, floor


def measure_excel(server: Server, data: datasets.DataSet) -> dict:
    """Past 20,000 rows the Excel list is a background job: ask for it, follow it, fetch the file."""
    cookie = sign_in(server.base_url, data.admin_email, PASSWORD)
    rss_before, _ = server.memory_mb()
    server.reset_peak_memory()
    started = time.perf_counter()
    size = 0
    target = datasets.OUT / f"{data.engine}-download.xlsx"
    # The cookies go into the client's jar, not a fixed header: sign-in dropped the CSRF cookie, and the
    # offer page sets a fresh one that the POST must carry.
    jar = dict(part.split("=", 1) for part in cookie.split("; ") if part)
    with httpx.Client(base_url=server.base_url, cookies=jar, timeout=600) as client:
        offer = client.get("/hulpmiddelen/download.xlsx")
        path = "/hulpmiddelen/download.xlsx"
        if "text/html" in offer.headers.get("content-type", ""):
            token = re.search(r'name="_csrf_token" value="([^"]+)"', offer.text).group(1)
            job = client.post("/hulpmiddelen/downloads", data={"soort": "xlsx", "_csrf_token": token})
            if job.status_code != 303:
                raise RuntimeError(f"Excel job was not started: {job.status_code}")
            while True:
                page = client.get(job.headers["location"]).text
                found = re.search(r'href="([^"]+/bestand)"', page)
                if found:
                    path = found.group(1)
                    break
                if "field-error" in page:
                    raise RuntimeError("Excel job failed")
                time.sleep(0.5)
        with client.stream("GET", path) as response, target.open("wb") as out:
            if response.status_code != 200:
                raise RuntimeError(f"Excel download failed: {response.status_code}")
            for chunk in response.iter_bytes():
                out.write(chunk)
                size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = server.memory_mb()
    from openpyxl import load_workbook

    sheet = load_workbook(target, read_only=True).active
    rows = sum(1 for _ in sheet.iter_rows(min_row=2, max_col=1, values_only=True))
    target.unlink()
    return {"seconds": seconds, "rows": rows, "mb": size / 1e6, "peak_mb": peak, "rss_before_mb": rss_before}


def run_engine(engine: str, args: argparse.Namespace) -> EngineResult:
    big = datasets.ensure(datasets.dataset(engine, args.aids, args.per_org, args.history, args.postgres_url), args.rebuild)
    small = datasets.ensure(datasets.dataset(engine, args.small, args.per_org, args.history, args.postgres_url),
                            args.rebuild)
    result = EngineResult(engine, big.build_seconds, big.cached_build_seconds)
    print(f"\n== {engine}: {args.aids:,} aids ==", flush=True)
    with Server(big.database_url, datasets.OUT / f"server-{engine}") as server:
        print("  Fleet page, server time (ms):", flush=True)
        result.pages = asyncio.run(measure_pages(server, big, args.requests, last_pages=True))
        # The download before the throughput runs: the peak is then the export's, not eight concurrent pages'.
        print("  Excel download of the largest organisation...", flush=True)
        excel = measure_excel(server, big)
        result.excel_seconds, result.excel_rows, result.excel_mb = excel["seconds"], excel["rows"], excel["mb"]
        result.excel_peak_mb, result.excel_rss_before_mb = excel["peak_mb"], excel["rss_before_mb"]
        print(f"    {result.excel_rows:,} rows in {result.excel_seconds:.1f} s, {result.excel_mb:.1f} MB; server peak "
              f"{result.excel_peak_mb:.0f} MB (was {result.excel_rss_before_mb:.0f} MB)", flush=True)
        print("  Throughput...", flush=True)
        result.ping_rps, result.fleet_rps, result.floor_rps = asyncio.run(
            measure_throughput(server, big, args.ping_requests, args.page_requests, args.concurrency))
        print(f"    /ping {result.ping_rps:,.0f}/s, /hulpmiddelen {result.fleet_rps:,.0f}/s "
              f"({result.fleet_rps / result.ping_rps:.1%}), Rollen en rechten {result.floor_rps:,.0f}/s", flush=True)
    print(f"== {engine}: {args.small:,} aids (growth) ==", flush=True)
    with Server(small.database_url, datasets.OUT / f"server-{engine}-small") as server:
        small_pages = asyncio.run(measure_pages(server, small, args.requests, last_pages=False))
    big_first = {row["name"]: row for row in result.pages if row["page"] == "eerste"}
    result.growth = [{"name": row["name"], "small_p50": row["p50"], "big_p50": big_first[row["name"]]["p50"]}
                     for row in small_pages]
    return result


def report(results: list[EngineResult], args: argparse.Namespace, started: float) -> str:
    lines = [
        f"# Benchmark Mijn hulpmiddelen — {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Command: `make bench` (= `.venv/bin/python -m bench`). Machine: {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, uvicorn with one worker, the load "
        f"generator on the same machine (loopback). Data: {args.aids:,} aids, {args.per_org:,} in the largest "
        f"organisation, {args.history:g} history events per aid; growth against {args.small:,} aids. "
        f"Server time = from the request entering the app to the start of its answer (Server-Timing), "
        f"{args.requests} requests per page after 3 warm-up requests. Whole run: {(time.perf_counter() - started) / 60:.1f} min.",
        "",
    ]
    for r in results:
        build = (f"built in {r.build_seconds / 60:.1f} min in this run" if r.build_seconds is not None
                 else f"cached (built in {r.cached_build_seconds / 60:.1f} min)")
        worst = max(r.pages, key=lambda row: row["p95"])
        ratio = r.fleet_rps / r.ping_rps if r.ping_rps else 0
        median_growth, _worst = growth(r.growth)
        excel_mb_ok = r.excel_peak_mb <= TARGET_EXCEL_MB
        lines += [
            f"## {r.engine} — data set {build}",
            "",
            "| Combinatie | Pagina | p50 ms | p95 ms | Rijen |",
            "|---|---|---:|---:|---:|",
            *[f"| {row['name']} | {row['page']} | {row['p50']:.1f} | {row['p95']:.1f} | {row['rows']} |" for row in r.pages],
            "",
            "| Meting | Uitkomst | Doel | |",
            "|---|---|---|---|",
            f"| Hoogste p95 (fleet page) | {worst['p95']:.1f} ms ({worst['name']}, {worst['page']}) | ≤ {TARGET_P95_MS:.0f} ms | "
            f"{verdict(worst['p95'] <= TARGET_P95_MS)} |",
            f"| Throughput /hulpmiddelen vs /ping | {r.fleet_rps:,.0f}/s vs {r.ping_rps:,.0f}/s = {ratio:.1%} | ≥ 20 % | "
            f"{verdict(ratio >= TARGET_THROUGHPUT)} |",
            f"| Ter vergelijking: ingelogde pagina zonder lijst (Rollen en rechten) | {r.floor_rps:,.0f}/s = "
            f"{(r.floor_rps / r.ping_rps if r.ping_rps else 0):.1%} van /ping | | |",
            f"| Groei 10.000 → 1.000.000 hulpmiddelen (p50, mediaan van 10 combinaties) | {growth_summary(r.growth)} "
            f"| ≤ 1,3× | {verdict(median_growth <= TARGET_GROWTH)} |",
            f"| Excel {r.excel_rows:,} rijen | {r.excel_seconds:.1f} s | ≤ 8 s | {verdict(r.excel_seconds <= TARGET_EXCEL_S)} |",
            f"| Piekgeheugen server tijdens Excel | {r.excel_peak_mb:.0f} MB (ervoor {r.excel_rss_before_mb:.0f} MB) | "
            f"≤ 150 MB | {verdict(excel_mb_ok)} |",
            "",
            *growth_table(r.growth, "10.000", "1.000.000"),
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    add_data_arguments(parser)
    parser.add_argument("--ping-requests", type=int, default=4000)
    parser.add_argument("--page-requests", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    started = time.perf_counter()
    results = [run_engine(engine.strip(), args) for engine in args.engines.split(",") if engine.strip()]
    save("results", report(results, args, started), results)


if __name__ == "__main__":
    main()
