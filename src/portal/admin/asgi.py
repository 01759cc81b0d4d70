"""The admin as Litestar mounts it at /admin (the ASGI wrapper around piccolo-admin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class StaffAdmin:
    """The admin as Litestar mounts it at /admin.

    Litestar hands a mounted app the path after the mount, and the same "/" for "/admin" and
    "/admin/"; only `raw_path` still tells them apart. The admin loads its files by relative URLs, so
    "/admin" must first become "/admin/". Its answers carry customer data: no browser cache for them.

    Building piccolo-admin takes seconds, so it is built on the first staff request, not at start-up."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._app: Any = None

    @property
    def app(self) -> Any:
        if self._app is None:
            self._app = self._build()
        return self._app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
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

        await self.app(scope, receive, send_uncached)
