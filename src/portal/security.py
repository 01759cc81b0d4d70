"""Who is asking and what they may do: the session middleware, the one rights guard, security headers.

A route is private unless its handler says `opt={"public": True}`; a private route may name the rights
it needs with `opt={"rights": (Right.X, …)}` (any of them). Nothing else decides access. Pages of
HartingBank's staff outside piccolo-admin (the chat answers) are no customer's: they are "public" to the
customer session and carry `staff_guard`, which wants the same staff session as /admin.
"""

from __future__ import annotations

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.response import Redirect
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from portal.domain.sessions import COOKIE_NAME
from portal.domain.staff import signed_in_staff
from portal.links import routes, with_query
from portal.rights import Right, has_right
from portal.tables import Account

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


# The longest "volgende" (the page to return to after signing in) that is kept; a longer address is
# not one a person typed or followed, and echoing it would make a Location header of any length.
NEXT_MAX = 2000


def requested_path(scope: Scope) -> str:
    """The path as the browser asked for it. Litestar's router strips a trailing slash from
    scope["path"], but the manual's addresses (/profile/, /alle-producten/) and the menu keep theirs."""
    path = scope["path"]
    raw = (scope.get("raw_path") or b"").split(b"?")[0]  # httpx puts the query in raw_path
    return path + "/" if raw.endswith(b"/") and not path.endswith("/") else path


def handler_rights(handler: BaseRouteHandler) -> tuple[Right, ...]:
    rights = handler.opt.get("rights", ())
    return (rights,) if isinstance(rights, Right) else tuple(rights)


def is_public(handler: BaseRouteHandler) -> bool:
    return bool(handler.opt.get("public"))


def may_use(account: Account, handler: BaseRouteHandler) -> bool:
    rights = handler_rights(handler)
    return not rights or has_right(account.role, *rights)


def rights_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The one guard: a signed-in account needs one of the handler's rights."""
    account = connection.scope.get("user")
    if account is not None and not may_use(account, handler):
        raise PermissionDeniedException()


STAFF_COOKIE = "id"  # piccolo-admin's session cookie (piccolo_api session auth)
STAFF_SIGN_IN = "/admin/"


class StaffSignInNeeded(Exception):
    """A staff page asked without a valid staff session: answered with the way to the admin's sign-in
    (controllers/staff_chat.py)."""


async def staff_guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Staff pages: a signed-in, active staff user of /admin, kept in the scope as "staff". OPTIONS only
    names the methods, as on every route."""
    if connection.scope.get("method") == "OPTIONS":
        return
    user = await signed_in_staff(connection.cookies.get(STAFF_COOKIE))
    if user is None:
        raise StaffSignInNeeded()
    connection.scope["staff"] = user  # type: ignore[typeddict-unknown-key]


async def _load_account(account_id: int) -> Account | None:
    """The active account of an active organisation, in one query (it runs on every request)."""
    return await Account.objects().where(
        (Account.id == account_id) & (Account.active == True) & (Account.organisation.active == True)  # noqa: E712
    ).first()


class SessionAuthMiddleware(ASGIMiddleware):
    """Loads the signed-in account from the session cookie on every request. A deactivated account or
    a timed-out session is signed out at once; a signed-out visitor of a private page goes to
    "Inloggen" and comes back afterwards."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        manager = scope["app"].state.sessions
        connection = ASGIConnection(scope)
        lookup = await manager.open(connection.cookies.get(COOKIE_NAME))
        session = lookup.session
        account = await _load_account(session.account_id) if session else None
        if session and (account is None or not session.belongs_to(account)):
            await manager.destroy(session.id)
            session, account = None, None
        if session and account and not scope["path"].startswith("/static/"):
            # The idle timeout counts from the last request (a stylesheet fetched with a page is not one).
            await manager.touch(session)
        scope["user"] = account
        scope["auth"] = session
        handler = scope.get("route_handler")
        if account is None and handler is not None and not is_public(handler):
            target = requested_path(scope) + (f"?{connection.url.query}" if connection.url.query else "")
            if len(target) > NEXT_MAX:
                target = requested_path(scope) if len(requested_path(scope)) <= NEXT_MAX else ""
            query = {"melding": "verlopen" if lookup.expired else "", "volgende": target}
            login_url = with_query(routes(scope["app"]).path("auth:login"), query)
            if HTMXRequest(scope).htmx:
                response = ClientRedirect(redirect_to=login_url)  # htmx does not follow a 303 into the page
            else:
                response = Redirect(path=login_url, status_code=303)
            await response.to_asgi_response(None, Request(scope))(scope, receive, send)
            return
        await next_app(scope, receive, send)


class SecurityHeadersMiddleware:
    """Security headers on every answer; the staff admin (a single-page app of its own) gets all but
    the portal's CSP."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        is_admin = scope["path"] == "/admin" or scope["path"].startswith("/admin/")  # not "/administratie"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if not is_admin:
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    if not scope["path"].startswith("/static/"):
                        headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
