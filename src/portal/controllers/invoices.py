"""Mijn facturen (INV-1): the list of invoices and credit notes, its Excel and PDF, and each document as a
printable PDF. The list answers at the menu's `/facturen` (route invoices:list) and at the manual's address
/profile/orders/?page=financial (through Mijn orders' route); its links, filters and pushed address are
the manual's."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Template

from portal.controllers import downloads
from portal.controllers.downloads import Downloads
from portal.domain.exports import ExportRefused
from portal.domain.invoices import document, listing, spending
from portal.domain.invoices.downloads import INVOICES_EXPORT
from portal.domain.scope import Scope
from portal.i18n import _
from portal.links import list_view, url
from portal.rights import Right, has_right
from portal.web import current_account, get_scope, query_params, render

INVOICE_DOWNLOADS = Downloads(INVOICES_EXPORT, {"xlsx": "invoices:excel", "pdf": "invoices:pdf"},
                              "invoices:start_download", _("Terug naar Mijn facturen"))


async def invoice_list(request: Request, scope: Scope) -> Template:
    """Mijn facturen: the spending chart, the filters and the results htmx swaps."""
    account = current_account(request)
    if not has_right(account.role, Right.INVOICES):
        raise PermissionDeniedException()
    page = await listing.invoice_page(scope, query_params(request))
    f = page.filters
    view = list_view(request, listing.INVOICES_LISTING, "orders:list", query=f.list_query(), sort=f.sort,
                     pager=page.pager, rows=page.rows)
    return await render(request, "invoices/list.html", {
        "title": _("Mijn facturen"), "page": page, "view": view, "filters": f, "raw": page.raw,
        "download_urls": INVOICE_DOWNLOADS.urls(request, f.query()),
        "spending": await spending.spending_per_month(account, scope),
        "active_menu_path": url(request, "invoices:list"),  # at the manual's address too, not "Mijn orders"
    }, partial="invoices/_results.html", push_url=view.url)


class InvoiceController(Controller):
    path = "/facturen"
    opt = {"rights": (Right.INVOICES,)}
    dependencies = {"account_scope": Provide(get_scope)}

    @get("/", name="invoices:list")
    async def list_invoices(self, request: Request, account_scope: NamedDependency[Scope]) -> Template:
        return await invoice_list(request, account_scope)

    @get("/download.xlsx", name="invoices:excel")
    async def invoices_excel(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, INVOICE_DOWNLOADS, "xlsx")

    @get("/download.pdf", name="invoices:pdf")
    async def invoices_pdf(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.download(request, account_scope, INVOICE_DOWNLOADS, "pdf")

    @post("/downloads", name="invoices:start_download")
    async def invoices_start_download(self, request: Request, account_scope: NamedDependency[Scope]) -> Response:
        return await downloads.start(request, account_scope, INVOICE_DOWNLOADS)

    @get("/{invoice_number:str}", name="invoices:document")
    async def show_invoice(self, request: Request, account_scope: NamedDependency[Scope],
                           invoice_number: FromPath[str]) -> Response | Template:
        """The document number opens the invoice or credit note itself, as a PDF to print."""
        account = current_account(request)
        found = await document.invoice_document(account, account_scope, invoice_number)
        try:
            pdf = await document.invoice_pdf(account, found)
        except ExportRefused as refused:
            return await render(request, "invoices/refused.html", {"title": found.number, "message": refused.message},
                                status_code=429)
        return Response(content=pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{found.filename}"'})
