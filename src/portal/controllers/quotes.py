"""Offertes (SHOP-9): "Offerte aanvragen" from the basket through the checkout's two steps, "Mijn offertes",
a quote's page ("Bekijk details"), its "Bestellen" (the products in the basket at the quoted prices) and,
once expired, "Opnieuw aanvragen". Roles without Right.QUOTES (4, 5, 6, 7) reach none of it."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from portal.controllers import conversations
from portal.controllers.orders import SEEN, Steps, checkout_page, report_added
from portal.domain.orders import checkout
from portal.domain.quotes import details, listing, ordering, request as quote_request
from portal.domain.scope import Scope
from portal.domain.shop import basket
from portal.i18n import _, ngettext
from portal.links import list_view, url
from portal.rights import Right
from portal.web import current_account, flash, form_data, get_scope, query_params, redirect_after_post, render

QUOTE_STEPS = Steps(_("Offerte aanvragen"), _("Uw offerteaanvraag"), "quotes:review", "quotes:send",
                    _("Offerte aanvragen"))


class QuoteRequestController(Controller):
    path = "/offerte-aanvragen"
    opt = {"rights": (Right.QUOTES,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="quotes:request")
    async def request_details(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """Step 1: the same delivery information as an order's."""
        shown = await checkout.open_checkout(current_account(request), account_scope)
        return await checkout_page(request, shown, QUOTE_STEPS)

    @post("/", name="quotes:review")
    async def review(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """"Volgende": step 2, the review (or step 1 with the messages); "Vorige": step 1 again."""
        form = await form_data(request)
        shown = await quote_request.step(current_account(request), account_scope, checkout.parse_form(form),
                                         form.get(SEEN, ""), forward="vorige" not in form)
        return await checkout_page(request, shown, QUOTE_STEPS)

    @post("/versturen", name="quotes:send")
    async def send(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Response:
        """"Offerte aanvragen": the quote request, once however often it is sent."""
        form = await form_data(request)
        account, data = current_account(request), checkout.parse_form(form)
        sent = await quote_request.send(account, account_scope, data, form.get(SEEN, ""))
        if sent.record is None:
            shown = await quote_request.step(account, account_scope, data, form.get(SEEN, ""),
                                             forward=not sent.errors, errors=sent.errors)
            return await checkout_page(request, shown, QUOTE_STEPS)
        if not sent.again:
            await flash(request, "success", _("Uw offerteaanvraag %(number)s is verstuurd naar HartingBank. U krijgt "
                                              "bericht zodra de offerte klaarstaat.") % {"number": sent.record.number})
        return redirect_after_post(request, url(request, "quotes:show", quote_number=sent.record.number))


class QuoteController(Controller):
    path = "/profile/quotes"
    opt = {"rights": (Right.QUOTES,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="quotes:list")
    async def list_quotes(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """Mijn offertes: filters quote number and period; rows with what was entered at the request."""
        page = await listing.quote_page(current_account(request), account_scope, query_params(request))
        f = page.filters
        view = list_view(request, listing.QUOTES_LISTING, "quotes:list", query=f.params(), sort=f.sort,
                         pager=page.pager, rows=page.rows)
        return await render(request, "quotes/list.html", {
            "title": _("Mijn offertes"), "page": page, "view": view, "filters": f, "raw": page.raw,
        }, partial="quotes/_results.html", push_url=view.url)

    @get("/{quote_number:str}", name="quotes:show")
    async def show_quote(self, request: Request, account_scope: NamedDependency[Scope],
                         quote_number: FromPath[str]) -> Template:
        """"Bekijk details": all articles of the quote, its status and what may be done with it now."""
        found = await details.quote_details(current_account(request), account_scope, quote_number)
        return await render(request, "quotes/show.html", {
            "title": found.quote.number, "found": found,
            "conversation": await conversations.thread_view(request, account_scope, "quote", quote_number)})

    @post("/{quote_number:str}/bestellen", name="quotes:order")
    async def order_quote(self, request: Request, account_scope: NamedDependency[Scope],
                          quote_number: FromPath[str]) -> Response:
        """"Bestellen": all products of the valid quote in the basket at the quoted prices."""
        done = await ordering.put_in_basket(current_account(request), account_scope, quote_number)
        if done.refusal:
            await flash(request, "error", done.refusal)
            return redirect_after_post(request, url(request, "quotes:show", quote_number=quote_number))
        if done.added:
            await flash(request, "success", ngettext(
                "%(num)s product staat tegen de offerteprijs in uw winkelwagen. Plaats de order via 'Order plaatsen'.",
                "%(num)s producten staan tegen de offerteprijs in uw winkelwagen. Plaats de order via 'Order plaatsen'.",
                done.added) % {"num": done.added})
        if done.not_sold:
            await flash(request, "error", _("Niet toegevoegd, niet meer leverbaar: %(products)s") % {
                "products": "; ".join(done.not_sold)})
        return redirect_after_post(request, url(request, "shop:basket"))

    @post("/{quote_number:str}/opnieuw-aanvragen", name="quotes:request_again")
    async def request_again(self, request: Request, account_scope: NamedDependency[Scope],
                            quote_number: FromPath[str]) -> Response:
        """"Opnieuw aanvragen" of an expired quote: its products in the basket, on to the quote request."""
        added = await ordering.request_again(current_account(request), account_scope, quote_number)
        await report_added(request, added.added, await basket.refused_names(added))
        return redirect_after_post(request, url(request, "quotes:request"))
