"""Kopen (SHOP-1…3): the catalogue with the core assortment first, categories, product pages and search.
Ordering from these pages goes through the basket's controller (portal.controllers.basket), the
appointment with an adviser on a product page (SHOP-2) through portal.controllers.contact."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from portal.domain.contact.forms import AppointmentInput
from portal.domain.contact.labels import DAY_LABELS, TIME_LABELS
from portal.domain.shop import catalogue
from portal.i18n import _
from portal.links import list_view, url
from portal.rights import Right
from portal.web import current_account, query_params, render


def _organisation(request: Request) -> int:
    return current_account(request).organisation


def _page_view(request: Request, route: str, page, listing=catalogue.CATALOGUE_LISTING, **params):
    return list_view(request, listing, route, query=page.query, sort=listing.default_sort, pager=page.pager,
                     **params)


class CatalogueController(Controller):
    path = "/alle-producten"
    opt = {"rights": (Right.BUY,)}

    @get("/", name="shop:catalogue")
    async def show_catalogue(self, request: Request) -> Template:
        """"Kopen": the organisation's core assortment first, then every category. With
        ?kernassortiment=1 the whole core assortment, a page at a time."""
        params = query_params(request)
        organisation = _organisation(request)
        if params.get(catalogue.CORE_PARAM):
            page = await catalogue.core_page(organisation, params)
            view = _page_view(request, "shop:catalogue", page)
            return await render(request, "shop/core.html", {"title": _("Uw kernassortiment"), "page": page,
                                                            "view": view},
                                partial="shop/_cards.html", push_url=view.url)
        core, core_total = await catalogue.core_preview(organisation)
        return await render(request, "shop/catalogue.html", {
            "title": _("Kopen"), "core": core, "core_total": core_total, "categories": await catalogue.categories(),
        })

    @get("/zoeken", name="shop:search")
    async def search_products(self, request: Request) -> Template:
        """"Zoeken" by article number, product name or keyword: the results page, or while typing the
        results alone (the same fragment)."""
        page = await catalogue.search_page(_organisation(request), query_params(request))
        view = _page_view(request, "shop:search", page, catalogue.SEARCH_LISTING)
        return await render(request, "shop/search.html", {"title": _("Zoeken"), "page": page, "view": view,
                                                          "search_text": page.text},
                            partial="shop/_search_results.html")

    @get("/{category_slug:str}", name="shop:category")
    async def show_category(self, request: Request, category_slug: FromPath[str]) -> Template:
        page = await catalogue.category_page(_organisation(request), category_slug, query_params(request))
        view = _page_view(request, "shop:category", page, category_slug=category_slug)
        return await render(request, "shop/category.html", {"title": page.category.name, "page": page,
                                                            "view": view},
                            partial="shop/_cards.html", push_url=view.url)

    @get("/product/{article_number:str}", name="shop:product")
    async def show_product(self, request: Request, article_number: FromPath[str]) -> Template:
        details = await catalogue.product_details(_organisation(request), article_number)
        return await product_page(request, details)


async def product_page(request: Request, details: catalogue.ProductDetails,
                       appointment: AppointmentInput | None = None, errors: dict[str, str] | None = None) -> Template:
    """A product page of the shop, with the appointment form (see `with_appointment`)."""
    action = url(request, "contact:appointment", article_number=details.card.article_number)
    return await with_appointment(request, "shop/product.html", details, action, {}, appointment, errors)


async def with_appointment(request: Request, template: str, details: catalogue.ProductDetails, action: str,
                           context: dict, appointment: AppointmentInput | None = None,
                           errors: dict[str, str] | None = None) -> Template:
    """A product page (to buy or to rent) with the appointment form (SHOP-2) posting to `action`: as typed
    and with its messages when it came back (for htmx that form alone)."""
    return await render(request, template, {
        "title": details.card.name, "details": details, "card": details.card, **context,
        "appointment": appointment or AppointmentInput(), "appointment_errors": errors or {},
        "appointment_action": action, "days": DAY_LABELS, "times": TIME_LABELS,
    }, partial="shop/_appointment.html" if appointment is not None else None)
