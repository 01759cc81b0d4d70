"""Winkelwagen (SHOP-3, SHOP-4): putting products in ("In winkelwagen", quick order), the basket page
with its lines and totals, "Herberekenen", removing a line and emptying it. The basket is the signed-in
account's own; a line of another basket is NotFound (404)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template

from portal.domain.parsing import parse_id
from portal.domain.shop import basket, basket_page, quick_order
from portal.i18n import _
from portal.links import url
from portal.rights import Right, has_right
from portal.web import current_account, flash, form_data, is_partial_request, redirect_after_post, render

# Raised when a product was added from a fragment: an open basket page fetches its lines again.
BASKET_CHANGED = "basket-changed"


async def _basket_page(request: Request, form: basket_page.BasketForm | None = None,
                       quick: quick_order.QuickOrderResult | None = None) -> Template:
    """The basket page, or for htmx its fragment with the header's count alongside (out of band)."""
    account = current_account(request)
    contents = await basket.contents(account)
    return await render(request, "shop/basket.html", {
        "title": _("Winkelwagen"), "contents": contents, "form": form or basket_page.BasketForm(),
        "quick": quick, "quick_text": quick.remaining_text if quick else "",
        "count": contents.count, "oob_count": is_partial_request(request),
        # A quote's products at the quoted prices are ordered, not sent for another quote (SHOP-9).
        "can_quote": has_right(account.role, Right.QUOTES) and not any(line.quote_id for line in contents.lines),
    }, partial="shop/_basket.html")


class BasketController(Controller):
    path = "/winkelwagen"
    opt = {"rights": (Right.BUY,)}

    @get("/", name="shop:basket")
    async def show_basket(self, request: Request) -> Template:
        return await _basket_page(request)

    @get("/aantal", name="shop:basket_count")
    async def basket_count(self, request: Request) -> Template | Redirect:
        """The header's basket link with the number of items (loaded by htmx; without script, the link)."""
        if not is_partial_request(request):
            return Redirect(path=url(request, "shop:basket"), status_code=302)
        count = await basket.count(current_account(request).id)
        return await render(request, "shop/_basket_count.html", {"count": count}, partial="shop/_basket_count.html")

    @post("/toevoegen", name="shop:add")
    async def add_to_basket(self, request: Request) -> Response | Template:
        """"In winkelwagen": the product and quantity of a list or product page. A price or account sent
        along is ignored: the basket holds products and quantities only, prices are the server's."""
        form = await form_data(request)
        account = current_account(request)
        outcome = await basket_page.add_one(account, form)
        back = basket_page.safe_back(form.get("terug", ""), url(request, "shop:basket"))
        if outcome.card is None and outcome.error:
            # No product to show the form for (unknown or no longer sold): say so where the user was.
            if is_partial_request(request):
                return await render(request, "shop/add.html", {"outcome": outcome, "card": None, "back": back},
                                    partial="shop/_add_result.html")
            await flash(request, "error", outcome.error)
            return redirect_after_post(request, back)
        if outcome.error or is_partial_request(request):
            count = await basket.count(account.id)
            return await render(request, "shop/add.html", {
                "title": _("In winkelwagen"), "outcome": outcome, "card": outcome.card, "count": count,
                "back": back, "oob_count": outcome.error is None, "where": basket_page.place(form.get("plek", "")),
            }, partial="shop/_add_result.html", trigger=None if outcome.error else BASKET_CHANGED)
        await flash(request, "success", outcome.message)
        return redirect_after_post(request, back)

    @post("/herberekenen", name="shop:recalculate")
    async def recalculate(self, request: Request) -> Response | Template:
        """"Herberekenen": the quantities as typed; a quantity that is no number of 1…9999 stays as typed
        with the message next to it, the others are saved."""
        form = await form_data(request)
        account = current_account(request)
        result = await basket_page.update_quantities(account, form)
        if result.errors or is_partial_request(request):
            return await _basket_page(request, result)
        return redirect_after_post(request, url(request, "shop:basket"))

    @post("/verwijderen", name="shop:remove_line")
    async def remove_line(self, request: Request) -> Response | Template:
        form = await form_data(request)
        await basket.remove(current_account(request), parse_id(form.get("regel")))
        if is_partial_request(request):
            return await _basket_page(request)
        await flash(request, "success", _("Het product is uit de winkelwagen verwijderd."))
        return redirect_after_post(request, url(request, "shop:basket"))

    @post("/leegmaken", name="shop:empty")
    async def empty_basket(self, request: Request) -> Response | Template:
        """"Winkelwagen leegmaken"."""
        await basket.empty(current_account(request))
        if is_partial_request(request):
            return await _basket_page(request)
        await flash(request, "success", _("De winkelwagen is leeg."))
        return redirect_after_post(request, url(request, "shop:basket"))

    @post("/snel-bestellen", name="shop:quick_order")
    async def order_quickly(self, request: Request) -> Response | Template:
        """Snel bestellen: lines of "artikelnummer aantal"; what could not be added comes back with why."""
        form = await form_data(request)
        result = await quick_order.quick_order(current_account(request), form.get("regels", ""))
        if result.problems or is_partial_request(request):
            return await _basket_page(request, quick=result)
        await flash(request, "success", basket_page.quick_order_message(result))
        return redirect_after_post(request, url(request, "shop:basket"))

