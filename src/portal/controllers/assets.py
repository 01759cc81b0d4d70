"""Mijn hulpmiddelen (AST-1…6): the fleet list, downloads, the object page with QR code and history."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import File, Redirect, Template

from portal.controllers import downloads
from portal.controllers.downloads import Downloads
from portal.domain import assets, exports, service_requests
from portal.db import one_connection
from portal.domain.qr import qr_svg
from portal.domain.scope import Scope
from portal.domain.service_requests import SERVICE_KIND_LABELS
from portal.i18n import _
from portal.links import list_view, url
from portal.rights import Right, has_right
from portal.settings import Settings
from portal.web import (
    current_account,
    flash,
    get_scope,
    is_partial_request,
    query_params,
    render,
    trigger_name,
)

FLEET_DOWNLOADS = Downloads(assets.FLEET_EXPORT, {"xlsx": "assets:excel", "pdf": "assets:pdf", "labels": "assets:labels"},
                            "assets:start_download", _("Terug naar Mijn hulpmiddelen"))




def _settings(request: Request) -> Settings:
    return request.app.state.settings


class AssetController(Controller):
    path = "/hulpmiddelen"
    opt = {"rights": (Right.VIEW_FLEET,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="assets:list")
    async def list_assets(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        async with one_connection():  # the page and the downloads box on one connection
            page = await assets.fleet_page(account_scope, query_params(request))
            # The downloads panel belongs to the page, not to the results htmx swaps.
            jobs = [] if is_partial_request(request) else await exports.account_jobs(
                current_account(request).id, move_queue=False)
        context = _list_context(request, page, jobs)
        # The URL of what is shown, without empty fields or a corrected filter: shareable, and Back works.
        return await render(request, "assets/list.html", context, partial="assets/_table.html",
                            push_url=context["view"].url)

    @get("/filters", name="assets:filters")
    async def filter_form(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Redirect:
        """The filter form alone: the department list follows the location, the subcategories the
        category and the types the subcategory."""
        if not is_partial_request(request):
            return Redirect(path=url(request, "assets:list", query_params(request)), status_code=302)
        # A changed choice empties the lists that depend on it (a new category has other subcategories).
        params = assets.without_dependents(query_params(request), trigger_name(request))
        parsed = await assets.parse_filters(account_scope, params)
        return await render(request, "assets/_filters.html", _filter_context(parsed.filters, parsed.options, parsed.raw),
                            partial="assets/_filters.html")

    @get("/download.xlsx", name="assets:excel")
    async def download_excel(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, FLEET_DOWNLOADS, "xlsx")

    @get("/download.pdf", name="assets:pdf")
    async def download_pdf(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, FLEET_DOWNLOADS, "pdf")

    @get("/etiketten.pdf", name="assets:labels")
    async def download_labels(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, FLEET_DOWNLOADS, "labels")

    @post("/downloads", name="assets:start_download")
    async def start_download(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        """Build a large download in the background; the user may leave and find it under Downloads."""
        return await downloads.start(request, account_scope, FLEET_DOWNLOADS)

    @get("/downloads", name="assets:downloads")
    async def list_downloads(self, request: Request) -> Template:
        jobs = await exports.account_jobs(current_account(request))
        return await render(request, "assets/downloads.html", {"jobs": jobs}, partial="assets/_jobs.html")

    @get("/downloads/{token:str}", name="assets:download")
    async def show_download(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        job = await exports.find_job(current_account(request), token)
        if job is None:
            return await _gone(request)
        return await render(request, "assets/download.html", {"job": job, "poll_self": True},
                            partial="assets/_job.html")

    @get("/downloads/{token:str}/bestand", name="assets:download_file")
    async def download_file(self, request: Request, token: FromPath[str]) -> File | Redirect:
        found = await exports.job_file(current_account(request), token)
        if found is None:
            return await _gone(request)
        path, name, media_type = found
        return File(path=path, filename=name, media_type=media_type)

    @get("/{object_number:str}", name="assets:show")
    async def show_asset(self, request: Request, account_scope: NamedDependency[Scope],
                         object_number: FromPath[str]) -> Template:
        details = await assets.asset_details(account_scope, object_number)
        return await render(request, "assets/show.html", _object_context(request, details, None))

    @get("/{object_number:str}/historie", name="assets:history")
    async def asset_history(self, request: Request, account_scope: NamedDependency[Scope],
                            object_number: FromPath[str]) -> Template:
        details = await assets.asset_details(account_scope, object_number)
        history = await assets.asset_history(account_scope, details.asset, query_params(request))
        context = _object_context(request, details, history)
        return await render(request, "assets/show.html", context, partial="assets/_history.html",
                            push_url=context["history_view"].url)

    @get("/{object_number:str}/historie/{number:str}", name="assets:history_request")
    async def history_request(self, request: Request, account_scope: NamedDependency[Scope],
                              object_number: FromPath[str], number: FromPath[str]) -> Template:
        details = await assets.asset_details(account_scope, object_number)
        found = await service_requests.request_details(account_scope, number, asset_id=details.asset.id)
        return await render(request, "service_requests/show.html", {
            "details": details, "found": found, "title": found.request.number, "errors": {},
            "may_decide": await service_requests.may_decide(current_account(request), found.request)})

    @get("/{object_number:str}/qr.svg", name="assets:qr", media_type="image/svg+xml")
    async def asset_qr(self, request: Request, account_scope: NamedDependency[Scope],
                       object_number: FromPath[str]) -> Response:
        """The QR code on the aid's label: a phone camera opens the object page with it."""
        asset = await assets.get_asset_for(account_scope, object_number)
        return Response(content=qr_svg(asset.object_number), media_type="image/svg+xml")


def _filter_context(filters: assets.FleetFilters, options: assets.FleetOptions, raw: dict[str, str]) -> dict:
    return {"filters": filters, "options": options, "raw": raw, "listing": assets.FLEET_LISTING,
            "status_labels": assets.ASSET_STATUS_LABELS, "ownership_labels": assets.OWNERSHIP_LABELS,
            "inspection_labels": assets.INSPECTION_FILTER_LABELS}


def _list_context(request: Request, page: assets.FleetPage, jobs: list) -> dict:
    f = page.filters
    view = list_view(request, assets.FLEET_LISTING, "assets:list", query=f.params(), sort=f.sort, pager=page.pager,
                     rows=page.rows)
    query = f.query()
    return {
        "title": _("Mijn hulpmiddelen"), "page": page, "view": view, "jobs": jobs,
        **_filter_context(f, page.options, page.raw),
        "download_urls": FLEET_DOWNLOADS.urls(request, query),
    }


def _object_context(request: Request, details: assets.AssetDetails, history: assets.History | None) -> dict:
    account = current_account(request)
    number = details.asset.object_number
    history_view = None
    if history is not None:
        history_view = list_view(request, assets.HISTORY_LISTING, "assets:history", query=history.filters.params(),
                                 sort=assets.HISTORY_LISTING.default_sort, pager=history.pager, rows=history.rows,
                                 object_number=number)
    return {
        "title": f"{number} · {details.product_type}",
        "details": details,
        "asset": details.asset,
        "history": history,
        "history_view": history_view,
        "kind_labels": SERVICE_KIND_LABELS,
        "can_request": has_right(account.role, Right.REQUEST_SERVICES) and bool(details.actions),
        "back_url": _back_to_list(request),
    }


def _back_to_list(request: Request) -> str:
    """Back to the list as the user left it (filters, sort, page), when they came from it."""
    referer = request.headers.get("referer") or ""
    base = _settings(request).base_url + url(request, "assets:list")
    return referer if referer.startswith((f"{base}?", f"{base}/?")) else url(request, "assets:list")


async def _gone(request: Request) -> Redirect:
    await flash(request, "error", _("Deze download bestaat niet (meer). Vraag hem opnieuw aan vanuit de lijst."))
    return Redirect(path=url(request, "assets:downloads"), status_code=303)
