"""The portal as the benchmark serves it: the real app (`portal.app.asgi_app`) under uvicorn, wrapped so each
answer says how long the app took (`Server-Timing: app;dur=<ms>`), measured from the request entering the
app to the start of its answer. For a page that is the whole work: session, queries and template."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def timed_app():
    """uvicorn factory: `bench.server:timed_app`."""
    from portal.app import asgi_app

    app = asgi_app()

    async def wrapper(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message):
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                message = {**message, "headers": [*message.get("headers", []),
                                                  (b"server-timing", f"app;dur={took:.3f}".encode())]}
            await send(message)

        await app(scope, receive, timed_send)

    return wrapper


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """uvicorn with one worker (the same server for the page and the bare route) in a subprocess."""

    def __init__(self, database_url: str, data_dir: Path) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "PORTAL_DATABASE_URL": self.database_url,
            "PORTAL_DATA_DIR": str(self.data_dir),
            "PORTAL_SECRET_KEY": "benchmark-secret-key-that-is-long-enough-for-the-settings",
            "PORTAL_BASE_URL": self.base_url,
        }
        env.pop("PORTAL_SMTP_URL", None)
        env.pop("PORTAL_REDIS_URL", None)
        self.log = (self.data_dir / "server.log").open("wb")
        self.process = subprocess.Popen(
            # BENCH_APP: another factory, such as the diagnostic bench.lagprobe:lag_app
            [sys.executable, "-m", "uvicorn", os.environ.get("BENCH_APP", "bench.server:timed_app"), "--factory",
             "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(f"server stopped: {(self.data_dir / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base_url}/ping", timeout=1).text == "ok":
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("server did not answer /ping")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    # Memory of the server process (Linux): peak resident set since the last reset.
    def reset_peak_memory(self) -> None:
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def memory_mb(self) -> tuple[float, float]:
        """(current RSS, peak RSS since reset) in MB."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":")
                values[key] = int(value.split()[0]) / 1024
        return values["VmRSS"], values["VmHWM"]
