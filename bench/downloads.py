"""`python -m bench.downloads`: do downloads stall other users? /ping and the fleet page, idle and while
8 Excel lists, 8 list PDFs and 8 label sheets are made at once (issue 8; README: Export limits).

1. Takes the data set of `python -m bench` (built once, cached in bench/out/; 10,000 aids by default) and
   adds administrators to its organisation: the portal allows two downloads at once per account, so 24
   downloads at once come from 12 people.
2. With the portal under uvicorn (one worker), a pinger asks /ping and the fleet page one after the other
   and records the time each answer took as the client sees it (a stalled event loop shows there, not in
   the app's own timing): idle (half before, half after the downloads: the machine is shared and its
   load drifts), and while the 24 downloads run. Each download is the largest selection of its kind that
   is still made while the user waits (the heaviest synchronous work).
3. Prints p50/p95 of both, idle and under load, the ratio, and what the downloads answered; beside them
   the same for a bare ASGI app in a process of its own ("control"), asked in the same rounds: what the
   load of the (shared) machine alone does to a ping.

Options: --engine sqlite|postgres  --aids 10000  --per-kind 8  --pings 150  --rebuild  --postgres-url …
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench import data as datasets
from bench.load import Connection, percentile, sign_in
from bench.server import Server

PASSWORD = "Welkom#HartingBank1"
COUNT = re.compile(r'class="list-count"[^>]*>\s*([\d.]+) hulpmiddel')
OPTION = re.compile(r'<option value="(\d+)"[^>]*>')
SYNC = {"xlsx": 20_000, "pdf": 500, "labels": 210}  # portal.domain.exports.limits: made while the user waits
PATHS = {"xlsx": "/hulpmiddelen/download.xlsx", "pdf": "/hulpmiddelen/download.pdf",
         "labels": "/hulpmiddelen/etiketten.pdf"}


def _add_accounts(data: datasets.DataSet, count: int) -> list[str]:
    subprocess.run([sys.executable, "-m", "bench.accounts", data.admin_email, str(count)], cwd=datasets.ROOT,
                   env=datasets._env(data), check=True)
    domain = data.admin_email.split("@", 1)[1]
    return [f"export{n}@{domain}" for n in range(count)]


def _count(client: httpx.Client, query: str) -> int:
    match = COUNT.search(client.get(f"/hulpmiddelen?{query}").text)
    return int(match.group(1).replace(".", "")) if match else 0


def selections(base_url: str, cookie: str, aids: int) -> dict[str, tuple[str, int]]:
    """For each kind the largest selection still made while the user waits (the heaviest synchronous
    download), from the locations, statuses and object-number prefixes of the data set."""
    with httpx.Client(base_url=base_url, headers={"Cookie": cookie}, timeout=60) as client:
        page = client.get("/hulpmiddelen").text
        locations = OPTION.findall(re.search(r'<select id="f-locatie".*?</select>', page, re.S).group(0))[:6]
        candidates = [""] + [f"locatie={location}" for location in locations]
        candidates += [f"{base}&status={status}" if base else f"status={status}"
                       for base in candidates[:4] for status in ("depot", "in_use", "cleaning")]
        candidates += [f"objectnummer=HB{'0' * n}" for n in (3, 4, 5)]
        counts = {query: _count(client, query) for query in candidates}
    chosen = {"xlsx": ("", aids)} if aids <= SYNC["xlsx"] else {}  # one organisation holds them all
    for kind, limit in SYNC.items():
        if kind in chosen:
            continue
        fitting = [(count, query) for query, count in counts.items() if 0 < count <= limit]
        count, query = max(fitting)
        chosen[kind] = (query, count)
    return chosen


async def control_app(scope, receive, send):
    """A bare ASGI app in a process of its own: what the machine's load alone does to a ping."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


class Control:
    """uvicorn serving control_app, pinged beside the portal in both phases."""

    def __enter__(self) -> str:
        from bench.server import free_port

        port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "bench.downloads:control_app", "--port", str(port),
             "--log-level", "warning"], cwd=datasets.ROOT)
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(url + "/ping", timeout=1).text == "ok":
                    return url
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("control server did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


async def _timed(connection: Connection, path: str) -> float:
    """ms for one answer; a connection the server closed meanwhile (keep-alive ran out while the other
    route was asked) is opened again and the request repeated."""
    try:
        answer = await connection.get(path)
    except (asyncio.IncompleteReadError, ConnectionError):
        await connection.close()
        await connection.open()
        answer = await connection.get(path)
    if answer.status != 200:
        raise RuntimeError(f"{path} answered {answer.status}")
    return answer.seconds * 1000


async def pinger(base_url: str, cookie: str, stop: asyncio.Event | None, count: int,
                 control: str) -> dict[str, list[float]]:
    """/ping and the fleet page in turn (and the control server's ping), until `stop` is set (or `count`
    rounds when idle); ms per answer."""
    ping, fleet, bare = Connection(base_url), Connection(base_url, cookie), Connection(control)
    times: dict[str, list[float]] = {"/ping": [], "/hulpmiddelen": [], "control": []}
    try:
        for _ in range(3):
            await ping.get("/ping")
            await fleet.get("/hulpmiddelen")
        rounds = 0
        while (stop is None and rounds < count) or (stop is not None and not stop.is_set()):
            times["/ping"].append(await _timed(ping, "/ping"))
            times["/hulpmiddelen"].append(await _timed(fleet, "/hulpmiddelen"))
            times["control"].append(await _timed(bare, "/ping"))
            rounds += 1
            await asyncio.sleep(0.02)  # a person clicking, not a load generator
    finally:
        await ping.close()
        await fleet.close()
        await bare.close()
    return times


async def download(base_url: str, cookie: str, path: str) -> tuple[int, str, float, int]:
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, headers={"Cookie": cookie}, timeout=900) as client:
        response = await client.get(path)
    media_type = response.headers.get("content-type", "")
    return response.status_code, media_type, time.perf_counter() - started, len(response.content)


async def measure(server: Server, admin: str, people: list[str], chosen: dict, per_kind: int, pings: int,
                  control: str) -> dict:
    before = await pinger(server.base_url, admin, None, pings // 2, control)
    stop = asyncio.Event()
    under_load = asyncio.create_task(pinger(server.base_url, admin, stop, 0, control))
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    tasks = []
    for n in range(per_kind):
        for k, kind in enumerate(PATHS):
            person = people[(n * len(PATHS) + k) % len(people)]
            query = chosen[kind][0]
            tasks.append((kind, asyncio.create_task(
                download(server.base_url, person, PATHS[kind] + (f"?{query}" if query else "")))))
    answers = [(kind, await task) for kind, task in tasks]
    seconds = time.perf_counter() - started
    stop.set()
    loaded = await under_load
    await asyncio.sleep(2)  # the workers finish what a refused or finished download left
    after = await pinger(server.base_url, admin, None, pings - pings // 2, control)
    # Idle is measured before and after the downloads: the machine is shared, its load drifts.
    idle = {route: before[route] + after[route] for route in before}
    return {"idle": idle, "load": loaded, "answers": answers, "seconds": seconds}


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), percentile(times, 95)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.downloads", description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="sqlite", choices=("sqlite", "postgres"))
    parser.add_argument("--aids", type=int, default=10_000)
    parser.add_argument("--per-org", type=int, default=100_000)
    parser.add_argument("--history", type=float, default=5.0)
    parser.add_argument("--per-kind", type=int, default=8, help="concurrent downloads of each kind")
    parser.add_argument("--pings", type=int, default=150, help="idle rounds of the pinger")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL",
                                                                 "postgresql://postgres@127.0.0.1:5432/"))
    parser.add_argument("--rebuild", action="store_true", help="build the data set again (after a migration)")
    args = parser.parse_args()
    data = datasets.ensure(datasets.dataset(args.engine, args.aids, args.per_org, args.history, args.postgres_url),
                           args.rebuild)
    emails = _add_accounts(data, max(1, (3 * args.per_kind + 1) // 2))
    with Control() as control, Server(data.database_url, datasets.OUT / f"server-downloads-{args.engine}") as server:
        admin = sign_in(server.base_url, data.admin_email, PASSWORD)
        people = [sign_in(server.base_url, email, PASSWORD) for email in emails]
        chosen = selections(server.base_url, admin, data.aids if data.per_org >= data.aids else SYNC['xlsx'] + 1)
        for kind, (query, count) in chosen.items():
            print(f"  {kind:<7} {count:>6,} rows  ?{query}", flush=True)
        result = asyncio.run(measure(server, admin, people, chosen, args.per_kind, args.pings, control))
    lines = [f"# Downloads beside other users — {time.strftime('%Y-%m-%d %H:%M')}", "",
             f"Command: `.venv/bin/python -m bench.downloads --engine {args.engine} --aids {args.aids} "
             f"--per-kind {args.per_kind}`. Machine: {os.cpu_count()} cores; uvicorn, one worker; times as the "
             f"client sees them (ms).", "",
             "| Route | idle p50 | idle p95 | during downloads p50 | during downloads p95 | p95 ratio | max during |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for route in ("/ping", "/hulpmiddelen", "control"):
        idle_p50, idle_p95 = summary(result["idle"][route])
        load_p50, load_p95 = summary(result["load"][route])
        lines.append(f"| {route} | {idle_p50:.1f} | {idle_p95:.1f} | {load_p50:.1f} | {load_p95:.1f} | "
                     f"{load_p95 / idle_p95:.2f}× | {max(result['load'][route]):.0f} |")
    lines += ["", "control: /ping of a bare ASGI app in a process of its own, asked in the same rounds: what the "
                  "machine's load does to any ping (the machine is shared).", "",
              f"{len(result['answers'])} downloads at once ({args.per_kind} per kind) took "
                  f"{result['seconds']:.1f} s; {len(result['load']['/ping'])} pings meanwhile.", ""]
    for kind in PATHS:
        mine = [answer for k, answer in result["answers"] if k == kind]
        statuses = sorted({f"{status} {media.split(';')[0]}" for status, media, _s, _n in mine})
        lines.append(f"- {kind}: {chosen[kind][1]:,} rows each; answers {', '.join(statuses)}; "
                     f"slowest {max(s for _st, _m, s, _n in mine):.1f} s, {mine[0][3] / 1e6:.2f} MB")
    text = "\n".join(lines)
    out = datasets.OUT / f"downloads-{args.engine}.md"
    out.write_text(text + "\n")
    print("\n" + text + f"\n\nWritten to {out}")


if __name__ == "__main__":
    main()
