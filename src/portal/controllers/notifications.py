"""Meldingen: the portal's notifications (SRV-3, PLN) — a count in the header that updates within a
minute, the list, and opening one (marked read, on to what it is about)."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Redirect, Template

from portal.domain import approval, notifications
from portal.domain.orders import authorisation as order_authorisation
from portal.domain.service_requests import authorisation
from portal.listing import page_number
from portal.links import list_view, url
from portal.rights import Right, has_right
from portal.web import current_account, render


class NotificationController(Controller):
    path = "/meldingen"

    @get("/", name="notifications:list")
    async def list_notifications(self, request: Request) -> Template:
        page, _valid = page_number(request.query_params.get("pagina") or "")
        rows, pager = await notifications.notification_page(current_account(request).id, page)
        listing = notifications.NOTIFICATION_LISTING
        view = list_view(request, listing, "notifications:list", query={}, sort=listing.default_sort, pager=pager,
                         rows=rows)
        return await render(request, "notifications/list.html", {"rows": rows, "view": view},
                            partial="notifications/_table.html", push_url=view.url)

    @get("/teller", name="notifications:count")
    async def count(self, request: Request) -> Template:
        """The header's counts: unread notifications, and requests waiting for the account's decision."""
        account = current_account(request)
        services, orders = has_right(account.role, Right.AUTHORISE_SERVICES), approval.decides_orders(account)
        waiting = ((await authorisation.waiting_count(account) if services else 0)
                   + (await order_authorisation.waiting_count(account) if orders else 0)) if services or orders else None
        return await render(request, "notifications/_count.html", {
            "unread": await notifications.unread_count(account.id), "waiting": waiting})

    @get("/{notification_id:str}", name="notifications:open")
    async def open_notification(self, request: Request, notification_id: FromPath[str]) -> Redirect:
        link = await notifications.open_notification(current_account(request).id, notification_id)
        safe = link.startswith("/") and not link.startswith("//") and "\\" not in link
        return Redirect(path=link if safe else url(request, "notifications:list"), status_code=303)
