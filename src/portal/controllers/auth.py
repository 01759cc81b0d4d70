"""Inloggen, uitloggen, wachtwoord vergeten and the one-time password links (ACC-1, ACC-2, ACC-5)."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from portal.domain import accounts, audit
from portal.domain.sessions import session_cookie
from portal.i18n import _
from portal.links import url
from portal.security import NEXT_MAX
from portal.web import client_address, current_session, form_data, render, sessions

PUBLIC = {"public": True}
# ?melding= on the sign-in page: (style, text).
LOGGED_OUT_MESSAGES = {
    "uitgelogd": ("success", _("U bent uitgelogd.")),
    "verlopen": ("info", _("U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in.")),
    "wachtwoord": ("success", _("Uw wachtwoord is ingesteld. U kunt nu inloggen.")),
}
# Where a sign-in without a destination lands: "Mijn actuele overzicht" (DASH-1).
LANDING_ROUTE = "dashboard:show"
_PRINTABLE_ASCII = "".join(chr(code) for code in range(0x21, 0x7F))


def safe_next(request: Request, target: str | None) -> str:
    r"""Only a path of this site, so the sign-in page cannot send anyone elsewhere. Browsers read "\" as
    "/" and drop tabs and newlines, so "/\evil.example" and "/<tab>/evil.example" lead elsewhere too."""
    if (
        not target
        or len(target) > NEXT_MAX
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(char) < 0x21 or ord(char) == 0x7F for char in target)
    ):
        return url(request, LANDING_ROUTE)
    try:
        # A header carries ASCII only: "/hulpmiddelen/é" goes out percent-encoded.
        return quote(target, safe=_PRINTABLE_ASCII)
    except UnicodeEncodeError:
        return url(request, LANDING_ROUTE)


def _session_cookie(request: Request, value: str, *, delete: bool = False) -> Cookie:
    return session_cookie(value, secure=request.app.state.settings.cookie_secure, delete=delete)


def _csrf_cookie_dropped(request: Request) -> Cookie:
    """Signing in or out drops the CSRF cookie, so the next page gets a new token: one known from
    before (planted by someone else, or the previous user's on a shared ward computer) stops working."""
    config = request.app.csrf_config
    assert config is not None
    return Cookie(
        key=config.cookie_name, value="", path=config.cookie_path, domain=config.cookie_domain,
        secure=config.cookie_secure, httponly=config.cookie_httponly, samesite=config.cookie_samesite, max_age=0,
    )


class AuthController(Controller):
    opt = PUBLIC

    @get("/inloggen", name="auth:login")
    async def show_login(
        self, request: Request, volgende: FromQuery[str | None] = None,
        melding: FromQuery[str | None] = None,
    ) -> Template | Redirect:
        if request.scope.get("user"):
            return Redirect(path=safe_next(request, volgende), status_code=303)
        return await render(
            request, "auth/login.html",
            {"next": safe_next(request, volgende), "notice": LOGGED_OUT_MESSAGES.get(melding or ""), "form": {}, "errors": {}},
        )

    @post("/inloggen", name="auth:login_submit")
    async def login(self, request: Request) -> Template | Response:
        form = await form_data(request)
        email, password = form.get("email", "").strip(), form.get("password", "")
        target = safe_next(request, form.get("next"))
        account, errors = await accounts.sign_in(email, password, client_address(request), request.app.state.login_throttle)
        if account is None:
            return await render(
                request, "auth/login.html",
                {"next": target, "form": {"email": email[: accounts.MAX_EMAIL_LENGTH]}, "errors": errors, "notice": None},
            )
        old = current_session(request)
        session = await sessions(request).create(account, replaces=old.id if old else None)
        response = Redirect(path=target, status_code=303)
        response.cookies.extend([_session_cookie(request, session.id), _csrf_cookie_dropped(request)])
        return response

    @post("/uitloggen", name="auth:logout")
    async def logout(self, request: Request) -> Response:
        session = current_session(request)
        if session:
            await sessions(request).destroy(session.id)
            account = request.scope.get("user")
            await audit.record(
                "logout", actor=account, object_type="account", object_id=account.id if account else "",
                ip_address=client_address(request),
            )
        response = Redirect(path=url(request, "auth:login", {"melding": "uitgelogd"}), status_code=303)
        response.cookies.extend([_session_cookie(request, "", delete=True), _csrf_cookie_dropped(request)])
        return response

    @get("/uitloggen", name="auth:logout_page")
    async def logout_page(self, request: Request) -> Template | Redirect:
        """A bookmark or typed URL: ask to confirm, since signing out changes state."""
        if not request.scope.get("user"):
            return Redirect(path=url(request, "auth:login"), status_code=303)
        return await render(request, "auth/logout.html")

    @get("/wachtwoord-vergeten", name="auth:forgot")
    async def show_forgot(self, request: Request) -> Template:
        return await render(request, "auth/forgot.html", {"form": {}, "errors": {}, "sent": False})

    @post("/wachtwoord-vergeten", name="auth:forgot_submit")
    async def forgot(self, request: Request) -> Template:
        form = await form_data(request)
        email = form.get("email", "").strip()
        if "@" not in email or len(email) > accounts.MAX_EMAIL_LENGTH:
            return await render(
                request, "auth/forgot.html",
                {"form": {"email": email[: accounts.MAX_EMAIL_LENGTH]},
                 "errors": {"email": _("Vul een geldig e-mailadres in.")}, "sent": False},
            )
        await accounts.submit_password_reset(email, client_address(request))
        return await render(request, "auth/forgot.html", {"form": {}, "errors": {}, "sent": True})

    @get("/wachtwoord-instellen/{token:str}", name="auth:set_password")
    async def show_set_password(self, request: Request, token: FromPath[str]) -> Template:
        check = await accounts.check_token(token)
        return await render(
            request, "auth/set_password.html",
            {"token": token, "problem": check.problem, "account_email": check.account.email if check.account else "",
             "errors": {}},
        )

    @post("/wachtwoord-instellen/{token:str}", name="auth:set_password_submit")
    async def set_password(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        form = await form_data(request)
        account, errors = await accounts.set_password_with_token(
            token, form.get("password", ""), form.get("repeat", ""), client_address(request),
            request.app.state.login_throttle,
        )
        if account is not None:
            return Redirect(path=url(request, "auth:login", {"melding": "wachtwoord"}), status_code=303)
        check = await accounts.check_token(token)
        return await render(
            request, "auth/set_password.html",
            {"token": token, "problem": errors.get("token") or check.problem,
             "account_email": check.account.email if check.account else "", "errors": errors},
        )
