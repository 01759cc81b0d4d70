"""Location requests from "Mijn account" (ADM-4, ADM-5): "Locatiewijzigingsverzoek" per location, a new
location, and the requester's own requests with their status. For the administrator and role 1
(Right.LOCATION_REQUESTS); role 1 only for the locations assigned to them."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from portal.domain import location_requests
from portal.domain.location_requests import LocationInput
from portal.domain.scope import Scope
from portal.i18n import _
from portal.links import list_view, url
from portal.listing import Pager
from portal.rights import Right
from portal.web import client_address, current_account, flash, form_data, get_scope, redirect_after_post, render



async def _change_form(request: Request, location, data: LocationInput, errors: dict[str, str]) -> Template:
    return await render(
        request, "locations/change.html",
        {"location": location, "data": data, "errors": errors,
         "open_requests": await location_requests.open_requests_for(location)},
    )


class LocationRequestController(Controller):
    path = "/mijn-account/locaties"
    opt = {"rights": (Right.LOCATION_REQUESTS,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/verzoeken", name="locations:requests")
    async def list_requests(self, request: Request) -> Template:
        rows = await location_requests.requests_of(current_account(request))
        listing = location_requests.LOCATION_REQUEST_LISTING
        view = list_view(request, listing, "locations:requests", query={}, sort=listing.default_sort, pager=Pager())
        return await render(request, "locations/requests.html", {"rows": rows, "view": view})

    @get("/{location_id:str}/wijzigen", name="locations:change")
    async def show_change(self, request: Request, account_scope: NamedDependency[Scope], location_id: FromPath[str]) -> Template:
        location = await location_requests.location_for(account_scope, location_id)
        return await _change_form(request, location, LocationInput.of(location), {})

    @post("/{location_id:str}/wijzigen", name="locations:change_submit")
    async def change(
        self, request: Request, account_scope: NamedDependency[Scope], location_id: FromPath[str]
    ) -> Template | Response:
        location = await location_requests.location_for(account_scope, location_id)
        form = await form_data(request)
        requester = current_account(request)
        if form.get("action") == "delete":
            await location_requests.request_delete(requester, location, client_address(request))
            message = _("Uw verzoek om %(name)s te verwijderen is verstuurd aan HartingBank.")
        else:
            data = LocationInput.parse(form)
            if errors := await location_requests.request_change(requester, location, data, client_address(request)):
                return await _change_form(request, location, data, errors)
            message = _("Uw verzoek om %(name)s te wijzigen is verstuurd aan HartingBank.")
        await flash(request, "success", (message + " " + _("Wij voeren het zo spoedig mogelijk uit.")) % {"name": location.name})
        return redirect_after_post(request, url(request, "locations:requests"))

    @get("/nieuw", name="locations:new")
    async def show_new(self, request: Request) -> Template:
        return await render(request, "locations/new.html", {"data": LocationInput(), "errors": {}})

    @post("/nieuw", name="locations:new_submit")
    async def new(self, request: Request) -> Template | Response:
        data = LocationInput.parse(await form_data(request))
        if errors := await location_requests.request_new(current_account(request), data, client_address(request)):
            return await render(request, "locations/new.html", {"data": data, "errors": errors})
        await flash(request, "success", _(
            "Uw aanmelding van %(name)s is verstuurd aan HartingBank. Zodra de locatie is geregistreerd, kan de "
            "administrator haar aan accounts toewijzen."
        ) % {"name": data.name})
        return redirect_after_post(request, url(request, "locations:requests"))
