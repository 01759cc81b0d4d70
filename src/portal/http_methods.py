"""HTTP methods the portal answers the way the standard says (RFC 9110), for every route at once:
HEAD like GET without a body (uptime monitors and link checkers send it), and an `Allow` header on
OPTIONS and 405 that names every method of the route, HEAD included where GET is.

Litestar answers neither by itself: a GET route refuses HEAD with 405, and when a path's handlers come
from more than one controller its generated OPTIONS answer lists only the methods of the first one
(`OPTIONS /inloggen` said "OPTIONS, POST")."""

from __future__ import annotations

from collections.abc import Iterable

from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_BY_HANDLER = "portal_allowed_methods"  # app.state: id(route handler) -> the route's Allow value
HEAD_MARK = "portal_head"  # in the scope of a HEAD request that the GET handler answers


def is_head(scope: Scope) -> bool:
    """Whether the GET handler is answering a HEAD request (a lasting stream ends at once for it)."""
    return bool(scope.get(HEAD_MARK))


def allow_value(methods: Iterable[str]) -> str:
    """The Allow header for a route's methods: HEAD wherever GET is, in a stable order."""
    found = {method.upper() for method in methods}
    if "GET" in found:
        found.add("HEAD")
    return ", ".join(sorted(found))


def allowed_methods_by_handler(app: Litestar) -> dict[int, str]:
    """Each route handler's whole route, as Allow: what OPTIONS answers, whichever handler it reaches."""
    allowed: dict[int, str] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            value = allow_value(route.methods)
            for handler in route.route_handlers:
                allowed[id(handler)] = value
    return allowed


class StandardMethods:
    """Wraps the router: HEAD runs the GET handler and drops the body (headers, Content-Length included,
    stay what GET sends); an OPTIONS answer gets the route's full Allow header."""

    def __init__(self, app: ASGIApp, allowed: dict[int, str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope["method"] not in ("HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await self.app(scope, receive, self._with_allow(scope, send))
            return
        sent_last = False

        async def send_without_body(message: Message) -> None:
            nonlocal sent_last
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False) and not sent_last:
                sent_last = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        # A copy: the server's own scope stays HEAD, so it expects no body (uvicorn checks Content-Length).
        await self.app({**scope, "method": "GET", HEAD_MARK: True}, receive, send_without_body)  # type: ignore[typeddict-item]

    def _with_allow(self, scope: Scope, send: Send) -> Send:
        async def send_with_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                allowed = self.allowed.get(id(scope.get("route_handler")))
                if allowed:
                    MutableScopeHeaders.from_message(message)["Allow"] = allowed
            await send(message)

        return send_with_allow
