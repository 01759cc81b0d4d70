"""Inloggen, uitloggen, wachtwoord vergeten and the one-time password links (ACC-1, ACC-2, ACC-5)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from portal.domain import accounts, audit
from portal.domain.sessions import COOKIE_NAME
from portal.i18n import _
from portal.web import client_address, current_session, form_data, render, sessions

PUBLIC = {"public": True}
LOGGED_OUT_MESSAGES = {
    "uitgelogd": _("U bent uitgelogd."),
    "verlopen": _("U was een tijd niet actief en bent daarom uitgelogd. Log opnieuw in."),
    "wachtwoord": _("Uw wachtwoord is ingesteld. U kunt nu inloggen."),
}


def safe_next(target: str | None) -> str:
    """Only a path of this site, so the sign-in page cannot send anyone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/profile/"
    return target


def _session_cookie(request: Request, value: str, *, delete: bool = False) -> Cookie:
    settings = request.app.state.settings
    return Cookie(
        key=COOKIE_NAME,
        value=value,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
        max_age=0 if delete else None,
    )


class AuthController(Controller):
    opt = PUBLIC

    @get("/inloggen", name="auth:login")
    async def show_login(
        self, request: Request, volgende: FromQuery[str | None] = None,
        melding: FromQuery[str | None] = None,
    ) -> Template | Redirect:
        if request.scope.get("user"):
            return Redirect(path=safe_next(volgende), status_code=303)
        return await render(
            request, "auth/login.html",
            {"next": safe_next(volgende), "notice": LOGGED_OUT_MESSAGES.get(melding or ""), "form": {}, "errors": {}},
        )

    @post("/inloggen", name="auth:login_submit")
    async def login(self, request: Request) -> Template | Response:
        form = await form_data(request)
        email, password = form.get("email", "").strip(), form.get("password", "")
        target = safe_next(form.get("next"))
        client = client_address(request)
        throttle = request.app.state.login_throttle
        errors: dict[str, str] = {}
        if not email or not password:
            errors["email" if not email else "password"] = _("Vul uw e-mailadres en wachtwoord in.")
        elif await throttle.is_blocked(email, client):
            errors["email"] = _(
                "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw of vraag een nieuw wachtwoord aan."
            )
        else:
            account = await accounts.authenticate(email, password)
            if account is None:
                await throttle.failed(email, client)
                errors["email"] = _("Deze combinatie van e-mailadres en wachtwoord is onbekend.")
            else:
                await throttle.succeeded(email, client)
                old = current_session(request)
                session = await sessions(request).create(account.id, replaces=old.id if old else None)
                await audit.record("login", actor=account, object_type="account", object_id=account.id, ip_address=client)
                response = Redirect(path=target, status_code=303)
                response.cookies.append(_session_cookie(request, session.id))
                return response
        return await render(
            request, "auth/login.html", {"next": target, "form": {"email": email}, "errors": errors, "notice": None},
            status_code=200,
        )

    @post("/uitloggen", name="auth:logout")
    async def logout(self, request: Request) -> Response:
        session = current_session(request)
        if session:
            await sessions(request).destroy(session.id)
            await audit.record("logout", actor=request.scope.get("user"), ip_address=client_address(request))
        response = Redirect(path="/inloggen?melding=uitgelogd", status_code=303)
        response.cookies.append(_session_cookie(request, "", delete=True))
        return response

    @get("/uitloggen", name="auth:logout_page")
    async def logout_page(self, request: Request) -> Template | Redirect:
        """A bookmark or typed URL: ask to confirm, since signing out changes state."""
        if not request.scope.get("user"):
            return Redirect(path="/inloggen", status_code=303)
        return await render(request, "auth/logout.html")

    @get("/wachtwoord-vergeten", name="auth:forgot")
    async def show_forgot(self, request: Request) -> Template:
        return await render(request, "auth/forgot.html", {"form": {}, "errors": {}, "sent": False})

    @post("/wachtwoord-vergeten", name="auth:forgot_submit")
    async def forgot(self, request: Request) -> Template:
        form = await form_data(request)
        email = form.get("email", "").strip()
        if "@" not in email or len(email) > 254:
            return await render(
                request, "auth/forgot.html",
                {"form": {"email": email}, "errors": {"email": _("Vul een geldig e-mailadres in.")}, "sent": False},
            )
        await accounts.request_password_reset(email, client_address(request))
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
            token, form.get("password", ""), form.get("repeat", ""), client_address(request)
        )
        if account is not None:
            return Redirect(path="/inloggen?melding=wachtwoord", status_code=303)
        check = await accounts.check_token(token)
        return await render(
            request, "auth/set_password.html",
            {"token": token, "problem": errors.get("token") or check.problem,
             "account_email": check.account.email if check.account else "", "errors": errors},
        )
