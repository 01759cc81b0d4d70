"""A small HTTP/1.1 client for the benchmark: keep-alive connections over asyncio streams, so the load
generator itself costs little next to the server (httpx would take most of a core at these rates)."""

from __future__ import annotations

import asyncio
import re
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def server_ms(self) -> float | None:
        timing = self.headers.get("server-timing", "")
        match = re.search(r"dur=([0-9.]+)", timing)
        return float(match.group(1)) if match else None


class Connection:
    def __init__(self, base_url: str, cookie: str = "") -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookie = cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except ConnectionError:
                pass

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        if self.writer is None:
            await self.open()
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if self.cookie:
            request += f"Cookie: {self.cookie}\r\n"
        for name, value in (headers or {}).items():
            request += f"{name}: {value}\r\n"
        request += "\r\n"
        started = time.perf_counter()
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
        answer = Answer(status, headers, body, time.perf_counter() - started)
        if headers.get("connection") == "close":
            await self.close()
            self.writer = None
        return answer


def sign_in(base_url: str, email: str, password: str) -> str:
    """Signs in through the form like a browser; returns the Cookie header for later requests."""
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=60) as client:
        page = client.get("/inloggen")
        token = CSRF_FIELD.search(page.text).group(1)
        response = client.post("/inloggen", data={"email": email, "password": password, "_csrf_token": token})
        if response.status_code != 303:
            raise RuntimeError(f"sign-in of {email} failed: {response.status_code}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def latencies(base_url: str, cookie: str, path: str, count: int, warmup: int = 3,
                    headers: dict[str, str] | None = None) -> list[float]:
    """Server times (ms) of `count` requests one after another on one connection (with `headers`)."""
    connection = Connection(base_url, cookie)
    try:
        for _ in range(warmup):
            answer = await connection.get(path, headers)
            if answer.status != 200:
                raise RuntimeError(f"{path}: {answer.status} {answer.body[:300]!r}")
        times = []
        for _ in range(count):
            answer = await connection.get(path, headers)
            times.append(answer.server_ms)
        return times
    finally:
        await connection.close()


async def throughput(base_url: str, cookie: str, path: str, total: int, concurrency: int) -> float:
    """Requests per second for `total` requests over `concurrency` keep-alive connections."""
    connections = [Connection(base_url, cookie) for _ in range(concurrency)]
    for connection in connections:
        await connection.open()
        await connection.get(path)  # warm
    left = total
    failures = 0

    async def worker(connection: Connection) -> None:
        nonlocal left, failures
        while left > 0:
            left -= 1
            answer = await connection.get(path)
            if answer.status != 200:
                failures += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    seconds = time.perf_counter() - started
    for connection in connections:
        await connection.close()
    if failures:
        raise RuntimeError(f"{failures} of {total} requests to {path} failed")
    return total / seconds


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(p) - 1]
