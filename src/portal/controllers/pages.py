"""Pages every signed-in person may open: "Rollen en rechten" (ROLE-9), help (CON-1; the contact form is
portal.controllers.contact) and the manual's old paths. Every page of the manual is real: no "coming soon"
page is left."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Redirect, Template

from portal.i18n import _
from portal.domain import help_content
from portal.links import url
from portal.rights import RIGHT_LABELS, ROLES, Right, has_right, role_label
from portal.web import render


@get("/", name="pages:home")
async def home(request: Request) -> Redirect:
    # "Mijn actuele overzicht" (DASH-1), the page after signing in.
    return Redirect(path=url(request, "dashboard:show"), status_code=302)


@get("/ping", name="pages:ping", opt={"public": True}, media_type="text/plain")
async def ping() -> str:
    """A bare route: the yardstick of the benchmarks."""
    return "ok"


@get("/profile/permissionoverview", name="pages:permissions")
async def permissions(request: Request) -> Template:
    matrix = [(label, [has_right(role, right) for role in ROLES]) for right, label in RIGHT_LABELS.items()]
    return await render(
        request, "pages/permissions.html",
        {"roles": [role_label(role) for role in ROLES], "matrix": matrix,
         "order_note": _("Orders van anderen autoriseren: per account ingesteld met 'Mag orders autoriseren' "
                         "(de administrator altijd).")},
    )


@get("/veelgestelde-vragen", name="pages:faq")
async def faq(request: Request) -> Template:
    return await render(request, "pages/faq.html", {"items": await help_content.faq_items()})


@get("/videos-portal", name="pages:videos")
async def videos(request: Request) -> Template:
    return await render(request, "pages/videos.html", {"items": await help_content.instruction_videos()})


# The rights of the page it leads to: a role without them gets "Geen toegang" here, not a redirect to it.
@get("/shop/basket", name="pages:old_basket", opt={"rights": (Right.BUY,)})
async def old_basket(request: Request) -> Redirect:
    return Redirect(path=url(request, "shop:basket"), status_code=301)


ROUTES = [home, ping, permissions, faq, videos, old_basket]
