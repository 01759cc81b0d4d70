"""Huren (RENT-1…3): the rental catalogue per category and its product pages, "Huuraanvraag" on a product,
and the rental basket with "Huurorder(s) plaatsen". The catalogue is the shop's (kind RENT); the basket
is the account's own, a request of another basket is NotFound (404)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from portal.controllers.catalogue import with_appointment
from portal.domain.contact.forms import AppointmentInput
from portal.domain.orders.checkout import new_token
from portal.domain.orders.labels import WAITING
from portal.domain.parsing import parse_id
from portal.domain.rentals import basket as rental_basket
from portal.domain.rentals import placing, requests
from portal.domain.scope import Scope
from portal.domain.shop import basket, basket_page, catalogue
from portal.i18n import _, ngettext
from portal.links import list_view, url
from portal.rights import Right, has_right
from portal.web import (current_account, flash, form_data, get_scope, is_partial_request, query_params,
                        redirect_after_post, render)

RENT = catalogue.RENT
SEEN = "inhoud"  # the hidden field with the rental basket as the page showed it


def _shop_context(request: Request) -> dict:
    """What the shop's shared templates need to show a rental catalogue."""
    return {"catalogue_kind": RENT, "can_buy": has_right(current_account(request).role, Right.BUY)}


async def _product_and_card(request: Request, article_number: str) -> catalogue.ProductDetails:
    return await catalogue.product_details(current_account(request).organisation, article_number, RENT)


class RentalController(Controller):
    path = "/huur"
    opt = {"rights": (Right.RENT,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="rent:catalogue")
    async def show_rental_catalogue(self, request: Request) -> Template:
        """"Huren": the rental assortment by category."""
        return await render(request, "rental/catalogue.html", {
            "title": _("Huren"), "categories": await catalogue.categories(RENT), **_shop_context(request)})

    @get("/{rental_category_slug:str}", name="rent:category")
    async def show_rental_category(self, request: Request, rental_category_slug: FromPath[str]) -> Template:
        page = await catalogue.category_page(current_account(request).organisation, rental_category_slug,
                                             query_params(request), RENT)
        listing = catalogue.CATALOGUE_LISTING
        view = list_view(request, listing, "rent:category", query=page.query, sort=listing.default_sort,
                         pager=page.pager, rental_category_slug=rental_category_slug)
        return await render(request, "rental/category.html", {
            "title": page.category.name, "page": page, "view": view, **_shop_context(request),
        }, partial="shop/_cards.html", push_url=view.url)

    @get("/product/{rental_article_number:str}", name="rent:product")
    async def show_rental_product(self, request: Request, rental_article_number: FromPath[str]) -> Template:
        """A product for rent: its daily rent, the note that a comparable item is delivered, related
        products for rent or to buy, the quantity with "Huuraanvraag" and the appointment with an adviser."""
        return await rental_product_page(request, await _product_and_card(request, rental_article_number))

    @get("/product/{rental_article_number:str}/aanvraag", name="rent:request")
    async def rental_request_form(self, request: Request, rental_article_number: FromPath[str],
                                  account_scope: NamedDependency[Scope]) -> Template:
        """"Huuraanvraag": the form for where the product goes, under which reference, and who receives it."""
        details = await _product_and_card(request, rental_article_number)
        options = await requests.request_options(account_scope)
        data = requests.initial(current_account(request), options, query_params(request).get("aantal", ""))
        return await _request_page(request, details, options, data, {})

    @post("/product/{rental_article_number:str}/aanvraag", name="rent:add_request")
    async def add_rental_request(self, request: Request, rental_article_number: FromPath[str],
                                 account_scope: NamedDependency[Scope]) -> Template | Response:
        """"Naar overzicht huuraanvraag": the request into the rental basket, or the form again with the
        messages and everything as typed."""
        details = await _product_and_card(request, rental_article_number)
        data = requests.parse_form(await form_data(request))
        done = await requests.add_request(current_account(request), account_scope, details.card, data)
        if done.errors:
            return await _request_page(request, details, await requests.request_options(account_scope), data,
                                       done.errors)
        message = _("De huuraanvraag voor %(name)s staat in de huurwinkelwagen.") % {"name": details.card.name}
        if done.capped:
            message += " " + _("Meer dan 9.999 per product kan niet; het aantal is 9.999.")
        await flash(request, "success", message)
        return redirect_after_post(request, url(request, "rent:basket"))


async def rental_product_page(request: Request, details: catalogue.ProductDetails,
                              appointment: AppointmentInput | None = None,
                              errors: dict[str, str] | None = None) -> Template:
    """A product for rent, with the appointment form (SHOP-2) as on the shop's product pages."""
    action = url(request, "contact:rental_appointment", rental_article_number=details.card.article_number)
    return await with_appointment(request, "rental/product.html", details, action, _shop_context(request),
                                  appointment, errors)


async def _request_page(request: Request, details: catalogue.ProductDetails, options: requests.RequestOptions,
                        data: requests.RequestInput, errors: dict[str, str]) -> Template:
    return await render(request, "rental/request.html", {
        "title": _("Huuraanvraag"), "details": details, "card": details.card, "options": options, "data": data,
        "errors": errors, "NEW": requests.NEW, "EXISTING": requests.EXISTING,
    })


async def _basket_page(request: Request, scope: Scope, form: basket_page.BasketForm | None = None,
                       problem: str = "") -> Template:
    account = current_account(request)
    contents = await rental_basket.contents(account, scope)
    await placing.notices(account, contents)
    return await render(request, "rental/basket.html", {
        "title": _("Huurwinkelwagen"), "contents": contents, "form": form or basket_page.BasketForm(),
        "problem": problem, "token": new_token(), "seen_field": SEEN, "days": rental_basket.FIRST_MONTH_DAYS,
    }, partial="rental/_basket.html")


class RentalBasketController(Controller):
    path = "/shop/rentalbasket"
    opt = {"rights": (Right.RENT,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="rent:basket")
    async def show_rental_basket(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        """The rental requests by reference, with quantities, "Meer producten toevoegen" and "Huurorder(s)
        plaatsen"."""
        return await _basket_page(request, account_scope)

    @post("/herberekenen", name="rent:recalculate")
    async def recalculate_rental(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Response:
        result = await rental_basket.update_quantities(current_account(request), account_scope,
                                                       await form_data(request))
        if result.errors or is_partial_request(request):
            return await _basket_page(request, account_scope, result)
        return redirect_after_post(request, url(request, "rent:basket"))

    @post("/verwijderen", name="rent:remove_line")
    async def remove_rental_request(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Response:
        form = await form_data(request)
        await basket.remove(current_account(request), parse_id(form.get("regel")), kind=basket.RENTAL)
        if is_partial_request(request):
            return await _basket_page(request, account_scope)
        await flash(request, "success", _("De huuraanvraag is uit de huurwinkelwagen verwijderd."))
        return redirect_after_post(request, url(request, "rent:basket"))

    @post("/plaatsen", name="rent:place")
    async def place_rental_orders(self, request: Request, account_scope: NamedDependency[Scope]) -> Template | Response:
        """"Huurorder(s) plaatsen": one rental order per reference, once however often it is sent."""
        form = await form_data(request)
        placed = await placing.place(current_account(request), account_scope, form.get("token", ""),
                                     form.get(SEEN, ""))
        if not placed.orders:
            return await _basket_page(request, account_scope, problem=placed.problem)
        if not placed.again:
            numbers = ", ".join(order.number + (" " + _("(wacht op autorisatie)") if order.status == WAITING else "")
                                for order in placed.orders)
            await flash(request, "success", ngettext(
                "Uw huurorder %(numbers)s is geplaatst.", "Uw huurorders %(numbers)s zijn geplaatst.",
                len(placed.orders)) % {"numbers": numbers})
        return redirect_after_post(request, url(request, "orders:list", {"page": "rental"}))
