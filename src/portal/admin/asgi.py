"""The admin as Litestar mounts it at /admin (the ASGI wrapper around piccolo-admin)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from portal.admin.db_errors import staff_message
from portal.domain.mail import without_one_time_links

Send = Callable[[dict[str, Any]], Awaitable[None]]

# Code columns that piccolo-api would otherwise filter with "contains" (LIKE '%…%', a scan of every row):
# a status or kind is matched exactly, through the indexes, unless the query asks otherwise. The staff
# queue filters 5,000,000 service requests by status.
EXACT_MATCH: dict[str, tuple[str, ...]] = {"service_request": ("status", "kind"), "asset": ("status", "ownership"),
                                           "order": ("status", "kind")}


def exact_codes(path: str, query: bytes) -> bytes:
    """The query string of an admin API request with exact matching for the code columns of EXACT_MATCH."""
    parts = path.split("/")  # /api/tables/<table>/...
    codes = EXACT_MATCH.get(parts[3]) if len(parts) > 3 and parts[2] == "tables" else None
    if not codes or not query:
        return query
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    names = {name for name, _ in pairs}
    added = [(f"{code}__match", "exact") for code in codes if code in names and f"{code}__match" not in names]
    return urlencode(pairs + added).encode("latin-1") if added else query


class StaffAdmin:
    """The admin as Litestar mounts it at /admin.

    Litestar hands a mounted app the path after the mount, and the same "/" for "/admin" and
    "/admin/"; only `raw_path` still tells them apart. The admin loads its files by relative URLs, so
    "/admin" must first become "/admin/". Its answers carry customer data: no browser cache for them.
    What its API answers passes `for_staff` first.

    Building piccolo-admin takes seconds, so it is built on the first staff request, not at start-up."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._app: Any = None

    @property
    def app(self) -> Any:
        if self._app is None:
            self._app = self._build()
        return self._app

    async def __call__(self, scope: Any, receive: Any, send: Send) -> None:
        if scope["type"] == "http" and scope.get("raw_path") == b"/admin":
            query = scope.get("query_string", b"")
            location = b"/admin/" + (b"?" + query if query else b"")
            await send({"type": "http.response.start", "status": 308,
                        "headers": [(b"location", location), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        is_asset = scope["path"].startswith("/assets/")

        async def send_uncached(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and not is_asset:
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            query = exact_codes(scope["path"], scope.get("query_string", b""))
            if query != scope.get("query_string", b""):
                scope = {**scope, "query_string": query}
            await self.app(scope, receive, _answered_for_staff(scope, send_uncached))
        else:
            await self.app(scope, receive, send_uncached)


def for_staff(method: str, path: str, status: int, content_type: str, body: bytes) -> tuple[str, bytes]:
    """An answer of the admin's API as staff get it:
    - with every one-time link masked, whichever table or field it is in (mail outbox, audit trail, a
      chat message someone pasted it into): the admin hands out no way into a customer's account;
    - a database refusal as a Dutch message, as plain text, which the admin's screens show as it is."""
    if status == 422 and content_type.startswith("application/json"):
        try:
            answer = json.loads(body)
        except ValueError:
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("db_error"), str):
            parts = path.split("/")  # /api/tables/<table>/...
            tablename = parts[3] if len(parts) > 3 and parts[2] == "tables" else ""
            message = staff_message(answer["db_error"], tablename=tablename, method=method)
            return "text/plain; charset=utf-8", message.encode()
    if content_type.startswith(("application/json", "text/")):
        body = without_one_time_links(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
    return content_type, body


def _answered_for_staff(scope: Any, send: Send) -> Send:
    """`send` for one answer of the admin's API: the whole answer is collected, passed through
    `for_staff` and sent in one piece (its answers are small JSON documents, one page of rows at most)."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def collect(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        headers = list(start.get("headers", []))
        content_type = next((value.decode("latin-1") for name, value in headers if name.lower() == b"content-type"), "")
        body = b"".join(chunks)
        new_type, new_body = for_staff(scope["method"], scope["path"], start["status"], content_type, body)
        if (new_type, new_body) != (content_type, body):
            headers = [(name, value) for name, value in headers if name.lower() not in (b"content-length", b"content-type")]
            headers += [(b"content-type", new_type.encode("latin-1")), (b"content-length", str(len(new_body)).encode())]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": new_body})

    return collect
