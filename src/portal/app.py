"""`create_app()`: the one place that lists controllers, plugins, templates, CSRF, sessions, static
files and the staff admin."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar, Request, asgi
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.enums import MediaType
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.plugins.htmx import HTMXPlugin, HTMXRequest
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Response, Template
from litestar.static_files import create_static_files_router
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.template.config import TemplateConfig
from litestar.types import ASGIApp, Receive, Scope, Send

from portal import i18n, links
from portal.admin import create_staff_admin
from portal.controllers import (
    account,
    account_admin,
    assets,
    auth,
    basket,
    catalogue,
    chat,
    contact,
    conversations,
    dashboard,
    invoices,
    locations,
    notifications,
    order_templates,
    orders,
    pages,
    rental,
    quotes,
    service_requests,
    staff_chat,
)
from portal.db import prepare_sqlite
from portal.domain import background, mail
from portal.domain.conversations import live
from portal.domain.errors import NotFound
from portal.domain.housekeeping import StoreSweeper
from portal.domain.sessions import SessionManager
from portal.domain.throttle import LoginThrottle
from portal.http_methods import StandardMethods, allow_value, allowed_methods_by_handler
from portal.links import template_url
from portal.security import SecurityHeadersMiddleware, SessionAuthMiddleware, rights_guard
from portal.settings import ROOT, Settings, get_settings
from portal.web import page_context

TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"


def _template_gettext(message: str, **variables: object) -> str:
    text = i18n.gettext(message)
    return text % variables if variables else text


def _choices(rows: Iterable[Mapping[str, Any]], detail: str | None = None) -> list[tuple[Any, str]]:
    """Rows with an id and a name as (value, text) pairs for a select: "Huize Noord (Groningen)"."""
    return [(row["id"], f"{row['name']} ({row[detail]})" if detail and row.get(detail) else row["name"])
            for row in rows]


def _template_engine() -> JinjaTemplateEngine:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_translations(i18n.translations(), newstyle=True)  # type: ignore[attr-defined]
    # Jinja's new-style gettext goes through its context-call machinery: a page with a hundred labels
    # spent a third of its time there. A plain function does the same (the result is a plain string, so
    # autoescaping still escapes the whole text, inserted values included).
    environment.globals.update(_=_template_gettext, gettext=_template_gettext)
    environment.filters.update(
        money=i18n.format_money, day=i18n.format_day, moment=i18n.format_moment, number=i18n.format_number,
        choices=_choices,
    )
    engine = JinjaTemplateEngine(engine_instance=environment)
    engine.register_template_callable("url", template_url)
    return engine


def _store(settings: Settings, namespace: str) -> Store:
    if settings.redis_url:
        from litestar.stores.redis import RedisStore

        return RedisStore.with_client(url=settings.redis_url, namespace=f"portal:{namespace}")
    path = Path(settings.data_dir) / namespace
    path.mkdir(parents=True, exist_ok=True)
    return FileStore(path=path, create_directories=True)


def _error_page(request: Request, status_code: int, title: str, message: str,
                headers: Mapping[str, str] | None = None) -> Response:
    if request.url.path.startswith("/static/"):
        # Litestar adds the charset to a text media type itself.
        return Response(content=message, status_code=status_code, media_type=MediaType.TEXT, headers=headers)
    context = page_context(request, {"title": title, "message": message})
    return Template(template_name="errors/error.html", context=context, status_code=status_code, headers=headers)


def not_found(request: Request, _exc: Exception) -> Response:
    return _error_page(request, 404, i18n._("Pagina niet gevonden"),
                             i18n._("Deze pagina bestaat niet, of u heeft er geen toegang toe."))


def forbidden(request: Request, exc: HTTPException) -> Response:
    if "csrf" in str(exc.detail).lower():
        message = i18n._("Het formulier is verlopen of ongeldig. Ga terug, vernieuw de pagina en probeer het opnieuw.")
    else:
        message = i18n._("Uw rol geeft geen toegang tot deze pagina. Neem contact op met uw administrator.")
    return _error_page(request, 403, i18n._("Geen toegang"), message)


def method_not_allowed(request: Request, exc: HTTPException) -> Response:
    allowed = (exc.headers or {}).get("allow", "")
    return _error_page(request, 405, i18n._("Niet toegestaan"),
                       i18n._("Deze pagina kan zo niet worden opgevraagd. Ga terug en gebruik de knoppen en links van het portaal."),
                       headers={"Allow": allow_value(allowed.replace(" ", "").split(","))} if allowed else None)


def too_large(request: Request, _exc: Exception) -> Response:
    return _error_page(request, 413, i18n._("Te veel gegevens"),
                       i18n._("Wat u verstuurde is te groot. Verstuur minder tegelijk, of kleinere bestanden."))


def server_error(request: Request, _exc: Exception) -> Response:
    request.logger.exception("unhandled error on %s", request.url.path)
    return Response(
        content=i18n._("Er ging iets mis aan onze kant. Probeer het opnieuw; blijft het misgaan, bel dan 088 124 82 11."),
        status_code=500, media_type=MediaType.TEXT,  # Litestar adds "; charset=utf-8"
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    staff_admin = create_staff_admin(settings)

    @asgi("/admin", is_mount=True, copy_scope=True, opt={"public": True, "exclude_from_csrf": True}, name="admin")
    async def admin(scope: Scope, receive: Receive, send: Send) -> None:
        # Its own sign-in and CSRF; /admin -> /admin/ and no caching: see portal.admin.StaffAdmin.
        await staff_admin(scope, receive, send)

    static = create_static_files_router(path="/static", directories=[STATIC], name="static", opt={"public": True})

    async def on_startup(app: Litestar) -> None:
        from piccolo.engine import engine_finder
        from piccolo.engine.postgres import PostgresEngine

        engine = engine_finder()
        await prepare_sqlite(engine)
        if isinstance(engine, PostgresEngine):
            # Without a pool every query opens a new connection (milliseconds each): see bench/.
            await engine.start_connection_pool()
        await app.state.store_sweeper.start()

    async def on_shutdown(app: Litestar) -> None:
        from piccolo.engine import engine_finder
        from piccolo.engine.postgres import PostgresEngine

        await app.state.store_sweeper.stop()
        await background.finish()  # before the mail: a password reset still queued sends one
        await mail.drain()
        engine = engine_finder()
        if isinstance(engine, PostgresEngine):
            await engine.close_connection_pool()

    state = State(
        {
            "settings": settings,
            "sessions": SessionManager(
                _store(settings, "sessions"),
                idle_seconds=settings.session_idle_minutes * 60,
                absolute_seconds=settings.session_absolute_hours * 3600,
            ),
            "login_throttle": LoginThrottle(_store(settings, "throttle")),
        }
    )
    state.store_sweeper = StoreSweeper([state.sessions.store, state.login_throttle.store])
    app = Litestar(
        route_handlers=[
            auth.AuthController,
            dashboard.DashboardController,
            account.AccountController,
            assets.AssetController,
            account_admin.AccountAdminController,
            locations.LocationRequestController,
            service_requests.RequestFormController,
            service_requests.ServiceRequestController,
            service_requests.PlanningController,
            service_requests.AuthorisationController,
            orders.CheckoutController,
            orders.OrderController,
            invoices.InvoiceController,
            quotes.QuoteRequestController,
            quotes.QuoteController,
            order_templates.OrderTemplateController,
            notifications.NotificationController,
            catalogue.CatalogueController,
            basket.BasketController,
            rental.RentalController,
            rental.RentalBasketController,
            contact.ContactController,
            contact.RequestController,
            chat.ChatController,
            *conversations.ROUTES,
            staff_chat.StaffChatController,
            *pages.ROUTES,
            admin,
            static,
        ],
        request_class=HTMXRequest,
        plugins=[HTMXPlugin(), live.channels_plugin(settings)],
        template_config=TemplateConfig(instance=_template_engine()),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="portal_csrf",
            header_name="x-csrftoken",
            cookie_secure=settings.cookie_secure,
            cookie_httponly=True,
            cookie_samesite="lax",
            # Anchored: Litestar searches the pattern anywhere in the path, so a bare "/admin" would also
            # exempt e.g. /wachtwoord-instellen/administrator.
            exclude=["^/admin(/|$)"],
        ),
        middleware=[SessionAuthMiddleware()],
        guards=[rights_guard],
        exception_handlers={
            NotFoundException: not_found,
            NotFound: not_found,
            PermissionDeniedException: forbidden,
            405: method_not_allowed,
            413: too_large,
            500: server_error,
        },
        state=state,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        # An HTML portal has no API to describe; Litestar's /schema pages would list every route.
        openapi_config=None,
        debug=settings.debug,
    )
    links.install(app)
    # Before routing: HEAD on every GET route, the whole route's methods in Allow (portal.http_methods).
    app.asgi_handler = StandardMethods(app.asgi_handler, allowed_methods_by_handler(app))
    return app


def asgi_app(settings: Settings | None = None) -> ASGIApp:
    """What uvicorn serves (`--factory`): security headers wrap everything, the admin and 404s included."""
    return SecurityHeadersMiddleware(create_app(settings))
