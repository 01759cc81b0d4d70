"""Contact (CON-1): the contact form, the appointment with an adviser from a product page (SHOP-2), and
"Mijn verzoeken", where the requester follows both to HartingBank's reply. Every signed-in account may
use contact; the appointment needs the product page (Kopen, or Huren for a product to rent)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from portal.controllers.catalogue import product_page
from portal.controllers.rental import rental_product_page
from portal.domain.contact import forms, listing, requests
from portal.domain.contact.labels import REACH_LABELS
from portal.domain.shop import catalogue
from portal.i18n import _
from portal.links import list_view, url
from portal.rights import Right, has_right
from portal.web import client_address, current_account, flash, form_data, query_params, redirect_after_post, render


async def _contact_page(request: Request, data: forms.ContactInput, errors: dict[str, str]) -> Template:
    return await render(request, "contact/form.html", {
        "title": _("Contactformulier"), "data": data, "errors": errors,
        "reach_choices": REACH_LABELS,
    })


async def _sent(request: Request, sent: requests.Sent, message: str) -> Response:
    await flash(request, "success", message % {"number": sent.request.number})
    return redirect_after_post(request, url(request, "requests:show", request_number=sent.request.number))


class ContactController(Controller):
    @get("/contactformulier", name="pages:contact")
    async def show_contact_form(self, request: Request) -> Template:
        return await _contact_page(request, forms.initial_contact(current_account(request)), {})

    @post("/contactformulier", name="contact:send", status_code=200)
    async def send_contact(self, request: Request) -> Template | Response:
        """"Versturen": the request and its confirmation, or the form as typed with the messages."""
        data = forms.parse_contact(await form_data(request))
        sent = await requests.send_contact(current_account(request), data, client_address(request))
        if sent.request is None:
            return await _contact_page(request, data, sent.errors)
        return await _sent(request, sent, _("Uw vraag is verstuurd als verzoek %(number)s. U ontvangt een bevestiging "
                                            "per e-mail; ons antwoord leest u hier."))

    @post("/alle-producten/product/{article_number:str}/afspraak", name="contact:appointment",
          opt={"rights": (Right.BUY,)}, status_code=200)
    async def request_appointment(self, request: Request, article_number: FromPath[str]) -> Template | Response:
        """"Afspraak aanvragen" on a product page: the request, or the form as typed with the messages."""
        details = await catalogue.product_details(current_account(request).organisation, article_number)
        return await _appointment(request, details, product_page)

    @post("/huur/product/{rental_article_number:str}/afspraak", name="contact:rental_appointment",
          opt={"rights": (Right.RENT,)}, status_code=200)
    async def request_rental_appointment(self, request: Request, rental_article_number: FromPath[str]) -> Template | Response:
        """"Afspraak aanvragen" on a product page for rent."""
        details = await catalogue.product_details(current_account(request).organisation, rental_article_number,
                                                  catalogue.RENT)
        return await _appointment(request, details, rental_product_page)


async def _appointment(request: Request, details: catalogue.ProductDetails, page) -> Template | Response:
    """The appointment request for this product, or its product page (`page`) again with the form as typed
    and the messages."""
    form = await request.form()
    data = forms.parse_appointment(await form_data(request), form.getall("days", []), form.getall("times", []))
    sent = await requests.request_appointment(current_account(request), details.card, data, client_address(request))
    if sent.request is None:
        return await page(request, details, data, sent.errors)
    return await _sent(request, sent, _("Uw aanvraag voor een afspraak is verstuurd als verzoek %(number)s. Onze "
                                        "online klantenservice neemt contact met u op."))


class RequestController(Controller):
    path = "/profile/verzoeken"

    @get("/", name="requests:list")
    async def list_requests(self, request: Request) -> Template:
        """Mijn verzoeken: the account's contact and appointment requests with their status and reply."""
        page = await listing.request_page(current_account(request), query_params(request))
        view = list_view(request, listing.REQUESTS_LISTING, "requests:list", query=page.params(), sort=page.sort,
                         pager=page.pager, rows=page.rows)
        return await render(request, "contact/requests.html", {
            "title": _("Mijn verzoeken"), "page": page, "view": view, "status_choices": listing.STATUS_CHOICES,
        }, partial="contact/_requests.html", push_url=view.url)

    @get("/{request_number:str}", name="requests:show")
    async def show_request(self, request: Request, request_number: FromPath[str]) -> Template:
        account = current_account(request)
        found = await listing.request_for(account, request_number)
        return await render(request, "contact/show.html", {
            "title": found["number"], "found": found, "product_link": _product_link(request, account.role, found),
        })


def _product_link(request: Request, role: str, found: dict) -> str | None:
    """The product an appointment was asked for: its page in the shop, else for rent, where the role may go."""
    if found["product_article_number"] is None:
        return None
    if found["product_purchasable"] and has_right(role, Right.BUY):
        return url(request, "shop:product", article_number=found["product_article_number"])
    if found["product_rentable"] and has_right(role, Right.RENT):
        return url(request, "rent:product", rental_article_number=found["product_article_number"])
    return None
