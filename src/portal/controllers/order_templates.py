"""Order templates (SHOP-7): "Opslaan als template" from the basket, "Mijn ordertemplates" (list, rename,
delete, their lines) and "Template laden" (ticked templates into the basket)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from portal.controllers.orders import report_added
from portal.domain.shop import order_templates
from portal.i18n import _
from portal.links import url
from portal.rights import Right
from portal.web import current_account, flash, form_data, redirect_after_post, render

TICKED = "template"


async def _list_page(request: Request, errors: dict[str, str] | None = None, typed: dict[str, str] | None = None,
                     status_code: int = 200) -> Template:
    """The list; `errors` keyed "name" (a new template), "name-<id>" (renaming one) or "templates"."""
    templates = await order_templates.templates_of(current_account(request))
    return await render(request, "orders/templates.html", {
        "title": _("Mijn ordertemplates"), "templates": templates, "errors": errors or {}, "typed": typed or {},
        "name_max": order_templates.NAME_MAX,
    }, status_code=status_code)


class OrderTemplateController(Controller):
    path = "/profile/ordertemplates"
    opt = {"rights": (Right.BUY,)}

    @get("/", name="shop:templates")
    async def list_templates(self, request: Request) -> Template:
        """Mijn ordertemplates: each template with its lines; tick some to load them into the basket."""
        return await _list_page(request)

    @get("/nieuw", name="shop:new_template")
    async def new_template(self, request: Request) -> Template:
        """"Opslaan als template": the name of the template the basket becomes."""
        return await render(request, "orders/new_template.html", {
            "title": _("Opslaan als template"), "errors": {}, "name": "", "name_max": order_templates.NAME_MAX})

    @post("/", name="shop:save_template")
    async def save_template(self, request: Request) -> Template | Response:
        """"Verzenden": the basket kept as a template under the name given."""
        form = await form_data(request)
        made, errors = await order_templates.save_from_basket(current_account(request), form.get("name", ""))
        if made is None:
            return await render(request, "orders/new_template.html", {
                "title": _("Opslaan als template"), "errors": errors, "name": form.get("name", ""),
                "name_max": order_templates.NAME_MAX})
        await flash(request, "success", _("De template '%(name)s' is opgeslagen.") % {"name": made.name})
        return redirect_after_post(request, url(request, "shop:templates"))

    @post("/laden", name="shop:load_templates")
    async def load_templates(self, request: Request) -> Template | Response:
        """"Template laden": the ticked templates' products into the basket."""
        ticked = (await request.form()).getall(TICKED, [])
        loaded, errors = await order_templates.load(current_account(request), [v for v in ticked if isinstance(v, str)])
        if loaded is None:
            return await _list_page(request, errors)
        await report_added(request, loaded.added.added, loaded.refused_names)
        return redirect_after_post(request, url(request, "shop:basket"))

    @post("/{template_id:str}/naam", name="shop:rename_template")
    async def rename_template(self, request: Request, template_id: FromPath[str]) -> Template | Response:
        form = await form_data(request)
        template, errors = await order_templates.rename(current_account(request), template_id, form.get("name", ""))
        if errors:
            return await _list_page(request, {f"name-{template.id}": errors["name"]},
                                    {f"name-{template.id}": form.get("name", "")})
        await flash(request, "success", _("De template heet nu '%(name)s'.") % {"name": template.name})
        return redirect_after_post(request, url(request, "shop:templates"))

    @post("/{template_id:str}/verwijderen", name="shop:delete_template")
    async def delete_template(self, request: Request, template_id: FromPath[str]) -> Response:
        template = await order_templates.delete(current_account(request), template_id)
        await flash(request, "success", _("De template '%(name)s' is verwijderd.") % {"name": template.name})
        return redirect_after_post(request, url(request, "shop:templates"))
