"""Services on aids (SRV-1…3, PLN-1…2): "Acties aanvragen" with the five request forms, Planning and Mijn
acties, a request's own page with its trail (where those lists, notifications and e-mails lead), the
authoriser's decision there, and "Te autoriseren"."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from portal.controllers import conversations, downloads
from portal.controllers.downloads import Downloads
from portal.domain import approval, assets, service_requests
from portal.domain.orders import authorisation as order_authorisation
from portal.domain.errors import NotFound
from portal.domain.scope import Scope
from portal.domain.service_requests import authorisation, forms, listing, submission
from portal.domain.service_requests import downloads as request_downloads
from portal.domain.service_requests.filters import ACTIONS, AID_GROUP_LABELS, PLANNING, kinds_by_label
from portal.i18n import _
from portal.links import list_view, url
from portal.listing import Pager
from portal.rights import Right, has_right
from portal.web import (
    current_account,
    flash,
    form_data,
    get_scope,
    is_partial_request,
    query_params,
    redirect_after_post,
    render,
    trigger_name,
)

KIND_PARAM = "actie"


async def _form_page(request: Request, details: assets.AssetDetails, kind: str, data: forms.RequestInput,
                     errors: dict[str, str], scope: Scope, status_code: int = 200) -> Template:
    options = await forms.form_options(scope)
    return await render(request, "service_requests/form.html", {
        "title": f"{details.actions[kind]} · {details.asset.object_number}", "details": details, "kind": kind,
        "kind_label": details.actions[kind], "fields": [forms.FIELDS[name] for name in forms.FORMS[kind]],
        "labels": {name: forms.field_label(kind, name) for name in forms.FORMS[kind]}, "data": data,
        "errors": errors, "options": options, "performed_by": forms.PERFORMED_BY,
    }, partial="service_requests/_form.html", status_code=status_code)


async def _back_to_the_aid(request: Request, details: assets.AssetDetails, kind: str) -> Response:
    """No action chosen, or one the aid does not offer (any more): back to its "Acties aanvragen", with the
    reason when one was asked for."""
    if kind:
        await flash(request, "error", _("Deze actie kunt u voor dit hulpmiddel niet aanvragen. Kies een actie uit de lijst."))
    return redirect_after_post(request, url(request, "assets:show", object_number=details.asset.object_number) + "#acties")


class RequestFormController(Controller):
    path = "/hulpmiddelen/{object_number:str}/aanvragen"
    opt = {"rights": (Right.REQUEST_SERVICES,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="assets:choose_action")
    async def choose_action(self, request: Request, account_scope: NamedDependency[Scope],
                            object_number: FromPath[str]) -> Template | Response:
        """"Kies actie" (SRV-1): the chosen service's form, pre-filled with what the aid tells."""
        details = await assets.asset_details(account_scope, object_number)
        kind = request.query_params.get(KIND_PARAM) or ""
        if kind not in details.actions:
            return await _back_to_the_aid(request, details, kind)
        data = forms.initial(kind, details.asset, current_account(request))
        data.key = submission.new_key()
        return await _form_page(request, details, kind, data, {}, account_scope)

    @post("/", name="assets:request_service")
    async def request_service(self, request: Request, account_scope: NamedDependency[Scope],
                              object_number: FromPath[str]) -> Template | Response:
        """"Aanvraag versturen" (SRV-2): the request, or the form again with the messages."""
        details = await assets.asset_details(account_scope, object_number)
        form = await form_data(request)
        kind = form.get(KIND_PARAM, "")
        if kind not in details.actions:
            return await _back_to_the_aid(request, details, kind)
        data = forms.parse_form(kind, form)
        made, errors = await submission.submit(current_account(request), account_scope, details.asset, kind, data)
        if made is None:
            return await _form_page(request, details, kind, data, errors, account_scope)
        status = service_requests.SERVICE_STATUS_LABELS[made.status]
        await flash(request, "success", _("Uw aanvraag %(number)s is verstuurd. Status: %(status)s.")
                    % {"number": made.number, "status": status.lower()})
        return redirect_after_post(request, url(request, "actions:show", number=made.number))


PLANNING_DOWNLOADS = Downloads(request_downloads.PLANNING_EXPORT, {"xlsx": "planning:excel", "pdf": "planning:pdf"},
                               "planning:start_download", _("Terug naar Planning"))
ACTIONS_DOWNLOADS = Downloads(request_downloads.ACTIONS_EXPORT, {"xlsx": "actions:excel", "pdf": "actions:pdf"},
                              "actions:start_download", _("Terug naar Mijn acties"))
DOWNLOADS = {PLANNING: PLANNING_DOWNLOADS, ACTIONS: ACTIONS_DOWNLOADS}

# Per list: its route, its filters route, its page and its filter form.
LISTS = {
    PLANNING: ("planning:list", "planning:filters", "service_requests/planning.html",
               "service_requests/_planning_filters.html"),
    ACTIONS: ("actions:list", "actions:filters", "service_requests/actions.html",
              "service_requests/_actions_filters.html"),
}


def _filter_context(which: str, filters, options, raw: dict[str, str]) -> dict:
    return {"filters": filters, "options": options, "raw": raw, "listing": listing.LISTINGS[which],
            "kind_choices": kinds_by_label(), "aid_group_labels": AID_GROUP_LABELS}


async def _list_page(request: Request, scope: Scope, which: str) -> Template:
    """Planning or Mijn acties: the page, or for htmx the results it swaps, at the URL of what is shown."""
    route, _filters_route, template, _form = LISTS[which]
    page = await listing.request_page(scope, which, query_params(request))
    f = page.filters
    view = list_view(request, page.listing, route, query=f.params(), sort=f.sort, pager=page.pager, rows=page.rows)
    context = {"title": _("Planning") if which == PLANNING else _("Mijn acties"), "page": page, "view": view,
               **_filter_context(which, f, page.options, page.raw),
               "download_urls": DOWNLOADS[which].urls(request, f.query())}
    return await render(request, template, context, partial="service_requests/_results.html", push_url=view.url)


async def _filter_form(request: Request, scope: Scope, which: str) -> Template | Redirect:
    """The filter form alone: the departments follow the location, the subcategories the category and
    the types the subcategory."""
    route, _filters_route, _template, form = LISTS[which]
    if not is_partial_request(request):
        return Redirect(path=url(request, route, query_params(request)), status_code=302)
    params = assets.without_dependents(query_params(request), trigger_name(request))
    parsed = await listing.parse_filters(scope, params, which, listing.LISTINGS[which])
    return await render(request, form, _filter_context(which, parsed.filters, parsed.options, parsed.raw),
                        partial=form)


class PlanningController(Controller):
    path = "/profile/planning"
    opt = {"rights": (Right.VIEW_FLEET,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="planning:list")
    async def list_planning(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """Planning (PLN-1): when HartingBank carries out which requested and planned work, and where."""
        return await _list_page(request, account_scope, PLANNING)

    @get("/filters", name="planning:filters")
    async def planning_filters(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Redirect:
        return await _filter_form(request, account_scope, PLANNING)

    @get("/download.xlsx", name="planning:excel")
    async def planning_excel(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, PLANNING_DOWNLOADS, "xlsx")

    @get("/download.pdf", name="planning:pdf")
    async def planning_pdf(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, PLANNING_DOWNLOADS, "pdf")

    @post("/downloads", name="planning:start_download")
    async def planning_start_download(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.start(request, account_scope, PLANNING_DOWNLOADS)


class ServiceRequestController(Controller):
    path = "/acties"
    opt = {"rights": (Right.VIEW_FLEET,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="actions:list")
    async def list_actions(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """Mijn acties (PLN-2): every request and action of the account's locations."""
        return await _list_page(request, account_scope, ACTIONS)

    @get("/filters", name="actions:filters")
    async def actions_filters(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Redirect:
        return await _filter_form(request, account_scope, ACTIONS)

    @get("/download.xlsx", name="actions:excel")
    async def actions_excel(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, ACTIONS_DOWNLOADS, "xlsx")

    @get("/download.pdf", name="actions:pdf")
    async def actions_pdf(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, ACTIONS_DOWNLOADS, "pdf")

    @post("/downloads", name="actions:start_download")
    async def actions_start_download(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.start(request, account_scope, ACTIONS_DOWNLOADS)

    @get("/{number:str}", name="actions:show")
    async def show_request(self, request: Request, account_scope: NamedDependency[Scope],
                           number: FromPath[str]) -> Template:
        return await _request_page(request, account_scope, number, {}, "")

    @post("/{number:str}/autorisatie", name="actions:decide", opt={"rights": (Right.AUTHORISE_SERVICES,)})
    async def decide(self, request: Request, account_scope: NamedDependency[Scope],
                     number: FromPath[str]) -> Template | Response:
        """The authoriser's "Goedkeuren" or "Afwijzen" (with a reason) (SRV-3)."""
        form = await form_data(request)
        choice = form.get("besluit", "")
        if choice not in ("goedkeuren", "afwijzen"):
            return await _request_page(request, account_scope, number,
                                       {"decision": _("Kies goedkeuren of afwijzen.")}, form.get("reden", ""))
        made, errors = await authorisation.decide(current_account(request), account_scope, number,
                                                  choice == "goedkeuren", form.get("reden", ""))
        if errors:
            return await _request_page(request, account_scope, number, errors, form.get("reden", ""))
        message = (_("U heeft aanvraag %(number)s goedgekeurd; HartingBank neemt haar in behandeling.")
                   if choice == "goedkeuren" else _("U heeft aanvraag %(number)s afgewezen; de aanvrager krijgt bericht."))
        await flash(request, "success", message % {"number": made.number})
        return redirect_after_post(request, url(request, "actions:to_authorise"))


async def _request_page(request: Request, scope: Scope, number: str, errors: dict[str, str], reason: str) -> Template:
    account = current_account(request)
    found = await service_requests.request_details(scope, number, decider=account)
    try:
        details = await assets.asset_details(scope, found.object_number)
    except NotFound:  # an authoriser need not see the aid's location
        details = None
    may_decide = await service_requests.may_decide(account, found.request)
    return await render(request, "service_requests/show.html", {
        "details": details, "found": found, "title": found.request.number, "may_decide": may_decide,
        "errors": errors, "reason": reason,
        "conversation": await conversations.thread_view(request, scope, "service_request", found.request.number),
    }, status_code=200)


class AuthorisationController(Controller):
    path = "/te-autoriseren"
    # Service authorisers, and those who may authorise orders ("Mag orders autoriseren": a shop role).
    opt = {"rights": (Right.AUTHORISE_SERVICES, Right.BUY)}

    @get("/", name="actions:to_authorise")
    async def to_authorise(self, request: Request) -> Template:
        """"Te autoriseren": every request and order waiting for the account's decision, oldest first."""
        account = current_account(request)
        rows = await authorisation.waiting_rows(account)
        listing = authorisation.WAITING_LISTING
        view = list_view(request, listing, "actions:to_authorise", query={}, sort=listing.default_sort, pager=Pager(),
                         rows=rows)
        order_rows = await order_authorisation.waiting_rows(account)
        order_listing = order_authorisation.WAITING_LISTING
        order_view = list_view(request, order_listing, "actions:to_authorise", query={}, sort=order_listing.default_sort,
                               pager=Pager(), rows=order_rows)
        return await render(request, "service_requests/to_authorise.html", {
            "rows": rows, "view": view, "order_rows": order_rows, "order_view": order_view,
            "shows_requests": has_right(account.role, Right.AUTHORISE_SERVICES),
            "shows_orders": approval.decides_orders(account), "title": _("Te autoriseren")})
