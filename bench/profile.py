"""A diagnostic, not a benchmark: where one page's server time goes, on a cached benchmark data set.

    .venv/bin/python -m bench.profile --engine postgres --role 4 "/hulpmiddelen?status=in_use" [--requests 30]

Serves the portal under uvicorn as `bench.server` does, signs in as the largest organisation's
administrator (or its role-4 account), asks the page a few times to warm up, then asks it `--requests`
times under pyinstrument (installed by hand: `.venv/bin/pip install pyinstrument`) and prints the call
tree of the server's thread, with the median server time beside it."""

from __future__ import annotations

import argparse
import os
import statistics
import threading

import httpx

from bench import data as datasets
from bench.__main__ import PASSWORD
from bench.load import sign_in
from bench.server import Server, timed_app

_profiler = None
_lock = threading.Lock()


def profiled_app():
    """uvicorn factory: `X-Profile: start` starts sampling, `X-Profile: stop` answers with the report."""
    from pyinstrument import Profiler

    app = timed_app()

    async def wrapper(scope, receive, send):
        global _profiler
        headers = dict(scope.get("headers") or [])
        command = headers.get(b"x-profile", b"").decode()
        if scope["type"] == "http" and command == "start":
            _profiler = Profiler(interval=0.0005, async_mode="disabled")
            _profiler.start()
        elif scope["type"] == "http" and command == "stop" and _profiler is not None:
            _profiler.stop()
            text = _profiler.output_text(unicode=False, color=False, show_all=False).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(text)).encode())]})
            await send({"type": "http.response.body", "body": text})
            return
        await app(scope, receive, send)

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("path")
    parser.add_argument("--engine", default="sqlite", choices=("sqlite", "postgres"))
    parser.add_argument("--role", default="admin", choices=("admin", "4"))
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--aids", type=int, default=1_000_000)
    parser.add_argument("--htmx", action="store_true", help="ask as htmx does (HX-Request: the list alone)")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/")
    args = parser.parse_args()
    data = datasets.ensure(datasets.dataset(args.engine, args.aids, 100_000, 5.0, args.postgres_url))
    os.environ["BENCH_APP"] = "bench.profile:profiled_app"
    with Server(data.database_url, datasets.OUT / f"profile-{args.engine}") as server:
        email = data.admin_email if args.role == "admin" else data.scoped_email
        cookie = sign_in(server.base_url, email, PASSWORD)
        headers = {"Cookie": cookie, **({"HX-Request": "true"} if args.htmx else {})}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=120) as client:
            for _ in range(5):
                client.get(args.path).raise_for_status()
            client.get("/ping", headers={"X-Profile": "start"})
            times = []
            for _ in range(args.requests):
                answer = client.get(args.path)
                times.append(float(answer.headers["server-timing"].split("dur=")[1]))
            report = client.get("/ping", headers={"X-Profile": "stop"}).text
    print(report)
    print(f"server time over {args.requests} requests: median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
