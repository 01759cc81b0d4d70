"""Ordering (SHOP-5, SHOP-6, SHOP-8): the two steps of "Bestellen", "Mijn orders" with its downloads, an
order's page with its trail, the authoriser's decision there, and "Opnieuw bestellen"."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from portal.controllers import conversations, downloads
from portal.controllers.downloads import Downloads
from portal.controllers.invoices import invoice_list
from portal.domain.orders import authorisation, checkout, details, listing
from portal.domain.orders import downloads as order_downloads
from portal.domain.scope import Scope
from portal.i18n import _, ngettext
from portal.links import list_view, url
from portal.rights import Right, has_right
from portal.web import current_account, flash, form_data, get_scope, query_params, redirect_after_post, render

SEEN = "inhoud"  # the hidden field with the basket as the page showed it


@dataclass(frozen=True)
class Steps:
    """Which flow the checkout's two pages serve: an order (SHOP-5) or a quote request (SHOP-9)."""

    title: str
    basket_heading: str
    review_route: str
    place_route: str
    place_label: str


ORDER_STEPS = Steps(_("Bestellen"), _("Uw order"), "checkout:review", "checkout:place", _("Order plaatsen"))


async def checkout_page(request: Request, shown: checkout.Checkout, steps: Steps = ORDER_STEPS) -> Template:
    """Step 1 or, once `shown` has a delivery, the review."""
    template = "orders/checkout_review.html" if shown.delivery else "orders/checkout.html"
    return await render(request, template, {
        "title": steps.title, "checkout": shown, "seen_field": SEEN,
        "steps": {"title": steps.title, "basket_heading": steps.basket_heading, "place_label": steps.place_label,
                  "review_url": url(request, steps.review_route), "place_url": url(request, steps.place_route)},
    })


class CheckoutController(Controller):
    path = "/bestellen"
    opt = {"rights": (Right.BUY,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="checkout:details")
    async def checkout_details(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """Step 1: where and to whom HartingBank delivers."""
        return await checkout_page(request, await checkout.open_checkout(current_account(request), account_scope))

    @post("/", name="checkout:review")
    async def review(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """"Volgende": step 2, the review (or step 1 with the messages); "Vorige" from step 2: step 1 again."""
        form = await form_data(request)
        shown = await checkout.step(current_account(request), account_scope, checkout.parse_form(form),
                                    form.get(SEEN, ""), forward="vorige" not in form)
        return await checkout_page(request, shown)

    @post("/plaatsen", name="checkout:place")
    async def place(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Response:
        """"Order plaatsen": the order, once however often it is sent; or the step that needs a look again."""
        form = await form_data(request)
        account, data = current_account(request), checkout.parse_form(form)
        placed = await checkout.place(account, account_scope, data, form.get(SEEN, ""))
        if placed.order is None:
            shown = await checkout.step(account, account_scope, data, form.get(SEEN, ""), forward=not placed.errors,
                                        errors=placed.errors)
            return await checkout_page(request, shown)
        if not placed.again:
            message = (_("Uw order %(number)s is geplaatst en wacht op autorisatie.")
                       if placed.order.status == "awaiting_authorisation"
                       else _("Uw order %(number)s is geplaatst en verstuurd naar HartingBank."))
            await flash(request, "success", message % {"number": placed.order.number})
        return redirect_after_post(request, url(request, "orders:show", order_number=placed.order.number))


ORDER_DOWNLOADS = Downloads(order_downloads.ORDERS_EXPORT, {"xlsx": "orders:excel", "pdf": "orders:pdf"},
                            "orders:start_download", _("Terug naar Mijn orders"))
SEES_ORDERS = (Right.VIEW_ORDERS, Right.VIEW_SERVICE_ORDERS)


class OrderController(Controller):
    path = "/profile/orders"
    opt = {"rights": SEES_ORDERS}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="orders:list")
    async def list_orders(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Redirect:
        """Mijn orders (SHOP-8), also the manual's one URL for rental orders (?page=rental) and Mijn
        facturen (?page=financial, INV-1)."""
        if request.query_params.get("page") == "financial":
            return await invoice_list(request, account_scope)
        page = await listing.order_page(current_account(request), account_scope, query_params(request))
        f = page.filters
        view = list_view(request, listing.ORDERS_LISTING, "orders:list", query=f.params(), sort=f.sort,
                         pager=page.pager, rows=page.rows)
        return await render(request, "orders/list.html", {
            "title": _("Mijn orders"), "page": page, "view": view, "filters": f, "raw": page.raw,
            "download_urls": ORDER_DOWNLOADS.urls(request, f.query()),
        }, partial="orders/_results.html", push_url=view.url)

    @get("/download.xlsx", name="orders:excel")
    async def orders_excel(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, ORDER_DOWNLOADS, "xlsx")

    @get("/download.pdf", name="orders:pdf")
    async def orders_pdf(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, ORDER_DOWNLOADS, "pdf")

    @post("/downloads", name="orders:start_download")
    async def orders_start_download(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.start(request, account_scope, ORDER_DOWNLOADS)

    @get("/{order_number:str}", name="orders:show")
    async def show_order(self, request: Request, account_scope: NamedDependency[Scope],
                         order_number: FromPath[str]) -> Template:
        """"Bekijk details": everything of one order, its trail, and for its authoriser the decision."""
        return await _order_page(request, account_scope, order_number, {}, "")

    @post("/{order_number:str}/autorisatie", name="orders:decide", opt={"rights": (Right.BUY,)})
    async def decide(self, request: Request, account_scope: NamedDependency[Scope],
                     order_number: FromPath[str]) -> Template | Response:
        """The authoriser's "Goedkeuren" or "Afwijzen" (with a reason) (SHOP-6)."""
        form = await form_data(request)
        choice, reason = form.get("besluit", ""), form.get("reden", "")
        if choice not in ("goedkeuren", "afwijzen"):
            return await _order_page(request, account_scope, order_number, {"decision": _("Kies goedkeuren of afwijzen.")},
                                     reason)
        made, errors = await authorisation.decide(current_account(request), account_scope, order_number,
                                                  choice == "goedkeuren", reason)
        if errors:
            return await _order_page(request, account_scope, order_number, errors, reason)
        message = (_("U heeft order %(number)s goedgekeurd; HartingBank neemt hem in behandeling.")
                   if choice == "goedkeuren" else _("U heeft order %(number)s afgewezen; de besteller krijgt bericht."))
        await flash(request, "success", message % {"number": made.number})
        return redirect_after_post(request, url(request, "actions:to_authorise"))

    @post("/{order_number:str}/opnieuw-bestellen", name="orders:reorder", opt={"rights": (Right.BUY,)})
    async def reorder(self, request: Request, account_scope: NamedDependency[Scope],
                      order_number: FromPath[str]) -> Response:
        """"Opnieuw bestellen": the order's products back in the basket."""
        added, refused = await details.reorder(current_account(request), account_scope, order_number)
        await report_added(request, added.added, refused)
        return redirect_after_post(request, url(request, "shop:basket"))


async def report_added(request: Request, added: dict, refused: list[str]) -> None:
    """What adding to the basket did, as flashes on the basket: nothing refused is left unsaid."""
    if added:
        await flash(request, "success", ngettext("%(num)s product staat in uw winkelwagen.",
                                                 "%(num)s producten staan in uw winkelwagen.", len(added)) % {"num": len(added)})
    if refused:
        await flash(request, "error", _("Niet toegevoegd: %(products)s") % {"products": "; ".join(refused)})


async def _order_page(request: Request, scope: Scope, number: str, errors: dict[str, str], reason: str) -> Template:
    account = current_account(request)
    found = await details.order_details(account, scope, number)
    return await render(request, "orders/show.html", {
        "title": found.order.number, "found": found, "errors": errors, "reason": reason,
        "can_reorder": details.may_reorder(account, found), "can_see_quotes": has_right(account.role, Right.QUOTES),
        "conversation": await conversations.thread_view(request, scope, "order", found.order.number),
    })
