"""A service request's own page (SRV-3, PLN-1…2): where Planning, Mijn acties, notifications and e-mails
lead. What the request is about, its aid, and its status trail."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from portal.domain import assets, service_requests
from portal.domain.scope import Scope
from portal.rights import Right
from portal.web import get_scope, render


class ServiceRequestController(Controller):
    path = "/acties"
    opt = {"rights": (Right.VIEW_FLEET,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/{number:str}", name="actions:show")
    async def show_request(self, request: Request, account_scope: NamedDependency[Scope],
                           number: FromPath[str]) -> Template:
        found = await service_requests.request_details(account_scope, number)
        details = await assets.asset_details(account_scope, found.object_number)
        return await render(request, "service_requests/show.html",
                            {"details": details, "found": found, "title": found.request.number})
