"""What every handler shares: rendering a full page or its partial, the signed-in account, flashes,
form parsing and the answers for redirects. Handlers stay thin by leaning on these.

Full page or partial is decided here only (DESIGN): from `request.htmx`, never from raw HX-* headers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.plugins.htmx import ClientRedirect, HTMXRequest, HTMXTemplate
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.domain.scope import Scope, scope_for
from portal.domain.sessions import Session, SessionManager
from portal.links import routes
from portal.navigation import active_path, footer_links, menu_for
from portal.rights import role_label
from portal.security import requested_path
from portal.tables import Account


def current_account(request: Request) -> Account:
    account = request.scope.get("user")
    if account is None:  # the auth middleware lets no signed-out request reach a private handler
        raise NotFoundException()
    return account


def current_session(request: Request) -> Session | None:
    return request.scope.get("auth")


def sessions(request: Request) -> SessionManager:
    return request.app.state.sessions


async def get_scope(request: Request) -> Scope:
    """Dependency `account_scope`: built once per request, used by every query of the handler."""
    cached = request.scope.get("portal_scope")
    if cached is None:
        cached = await scope_for(current_account(request))
        request.scope["portal_scope"] = cached  # type: ignore[typeddict-unknown-key]
    return cached


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def is_partial_request(request: Request) -> bool:
    """A partial only for an htmx request that is not boosted and not a history restore; otherwise the
    full page. Same URL, same data (DESIGN: full page or partial)."""
    if not isinstance(request, HTMXRequest) or not request.htmx:
        return False
    return not request.htmx.boosted and not request.htmx.history_restore_request


async def flash(request: Request, kind: str, message: str) -> None:
    session = current_session(request)
    if session is not None:
        session.flashes.append((kind, message))
        await sessions(request).save(session)


async def _take_flashes(request: Request) -> list[tuple[str, str]]:
    session = current_session(request)
    if session is None or not session.flashes:
        return []
    taken, session.flashes = session.flashes, []
    await sessions(request).save(session)
    return taken


def trigger_name(request: Request) -> str:
    """The name of the field whose change sent an htmx request ('' otherwise)."""
    if isinstance(request, HTMXRequest) and request.htmx:
        return request.htmx.trigger_name or ""
    return ""


def page_context(request: Request, context: Mapping[str, Any] | None = None, flashes=()) -> dict[str, Any]:
    """What base.html needs on every page, plus the page's own data. Templates get flags a handler
    worked out (`can_request`), never the rights table."""
    account: Account | None = request.scope.get("user")
    menu = menu_for(request.app, account.role) if account else []
    path = requested_path(request.scope)
    basket = routes(request.app).path("shop:basket")
    return {
        # The basket in the header (the manual's "snelmenu rechtsboven") for those whose menu has it.
        "basket_url": basket if any(item.path == basket for item in menu) else None,
        "account": account,
        "role_label": role_label(account.role) if account else "",
        "menu": menu,
        "footer_links": footer_links(request.app),
        "current_path": path,
        "active_menu_path": active_path(menu, path) if account else None,
        "flashes": list(flashes),
        **(context or {}),
    }


async def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    partial: str | None = None,
    push_url: str | None = None,
    status_code: int = 200,
    trigger: str | None = None,
) -> Template:
    """The full page, or for a partial htmx request the fragment the page includes. `push_url` is the
    address of what a partial shows (a list's filters, sort and page): htmx puts it in the address bar,
    so it can be shared and Back works. `trigger` names an event the partial raises in the browser
    (another part of the page that shows the same data refreshes itself on it)."""
    use_partial = partial is not None and is_partial_request(request)
    flashes = [] if use_partial else await _take_flashes(request)
    response = (HTMXTemplate if use_partial and trigger else Template)(
        template_name=partial if use_partial else template,
        context=page_context(request, context, flashes),
        status_code=status_code,
        **({"trigger_event": trigger, "after": "receive"} if use_partial and trigger else {}),
    )
    if partial is not None:
        response.headers["Vary"] = "HX-Request"
    if use_partial and push_url is not None:
        response.headers["HX-Push-Url"] = push_url
    return response


def redirect_after_post(request: Request, url: str) -> Response:
    """303 to `url`; for htmx a client-side redirect, since htmx does not follow it into the page."""
    if isinstance(request, HTMXRequest) and request.htmx:
        response = ClientRedirect(redirect_to=url)
        response.status_code = 200  # a POST handler would otherwise answer 201
        return response
    return Redirect(path=url, status_code=HTTP_303_SEE_OTHER)


def query_params(request: Request) -> dict[str, str]:
    """The query string, first value of each name: the domain validates everything."""
    return {key: request.query_params.get(key) or "" for key in request.query_params}


async def form_data(request: Request) -> dict[str, str]:
    """The posted form as plain strings (first value of each field), without the CSRF field."""
    form = await request.form()
    # NUL cannot be stored in PostgreSQL text (the query would fail with a 500); no one types it.
    return {
        key: (value.replace("\x00", "") if isinstance(value, str) else "")
        for key, value in form.items()
        if key != "_csrf_token"
    }


def app_state(request: Request) -> State:
    return request.app.state
