"""The downloads of a list, the same for every list that declares an export source (Mijn hulpmiddelen,
Planning, Mijn acties): made now when small, otherwise the page that offers the background or says why
not. The job pages themselves ("Uw downloads") live with Mijn hulpmiddelen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from litestar import Request, Response
from litestar.background_tasks import BackgroundTask
from litestar.response import File, Template

from portal.domain import exports
from portal.domain.exports.source import ExportSource
from portal.domain.scope import Scope
from portal.i18n import _
from portal.links import url
from portal.web import current_account, flash, form_data, query_params, redirect_after_post, render

KIND_FIELD = "soort"


@dataclass(frozen=True)
class Downloads:
    """A list's downloads: its export source and the names of its download routes, per kind."""

    source: ExportSource
    routes: dict[str, str]  # kind ("xlsx", "pdf", "labels") → route name
    start_route: str  # POST: make it in the background
    back_label: str

    def urls(self, request: Request, query: dict[str, str]) -> dict[str, str]:
        return {kind: url(request, route, query) for kind, route in self.routes.items()}


def _exports_dir(request: Request) -> Path:
    return Path(request.app.state.settings.data_dir) / "exports"


async def download(request: Request, scope: Scope, downloads: Downloads, kind: str) -> Response:
    """A download small enough to make now; otherwise the page that offers the background, or says why
    not (too large, or this account already has downloads in the making)."""
    plan = await exports.plan(downloads.source, scope, query_params(request), kind)
    if not plan.sync:
        return await _offer(request, downloads, plan)
    try:
        path = await exports.build_now(current_account(request), scope, plan, _exports_dir(request))
    except exports.ExportRefused as refused:
        return await _offer(request, downloads, plan, refused.message, status_code=429)
    return File(path=path, filename=exports.download_name(plan.source, kind), media_type=exports.MEDIA_TYPES[kind],
                background=BackgroundTask(_remove, path))


async def start(request: Request, scope: Scope, downloads: Downloads) -> Response:
    """Build a large download in the background; the user may leave and find it under Downloads."""
    form = await form_data(request)
    kind = form.get(KIND_FIELD) if form.get(KIND_FIELD) in downloads.routes else "pdf"
    query = {k: v for k, v in form.items() if k != KIND_FIELD}
    plan = await exports.plan(downloads.source, scope, query, kind)
    if plan.sync:  # small after all: no need to wait in a queue
        return redirect_after_post(request, url(request, downloads.routes[kind], plan.query))
    if plan.too_large:
        return await _offer(request, downloads, plan)
    token, started = await exports.start_job(current_account(request), plan)
    if not started:
        await flash(request, "info", _("U heeft al een download in voorbereiding. Als die klaar is, kunt u een "
                                       "nieuwe aanvragen."))
    return redirect_after_post(request, url(request, "assets:download", token=token))


async def _offer(request: Request, downloads: Downloads, plan: exports.Plan, refusal: str | None = None,
                 status_code: int = 200) -> Template:
    kind = plan.kind
    return await render(request, "assets/download_offer.html", {
        "title": exports.EXPORT_KIND_LABELS[kind], "kind": kind, "limit": exports.limits.sync_limit(kind),
        "kind_label": exports.EXPORT_KIND_LABELS[kind], "fields": plan.query, "refusal": refusal or plan.too_large,
        "excel_url": url(request, downloads.routes["xlsx"], plan.query) if kind != "xlsx" else None,
        "back_url": url(request, downloads.source.list_route, plan.query), "back_label": downloads.back_label,
        "start_url": url(request, downloads.start_route), "unit": downloads.source.unit,
    }, status_code=status_code)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
