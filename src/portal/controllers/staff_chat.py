"""HartingBank's chat desk (STAFF-2 "answer chats"), reached from /admin's sidebar: the open
conversations (live chats and the threads of orders and service requests), one conversation with its
history and a reply box, both live. Staff only: the staff session of /admin (security.staff_guard)."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import ClientRedirect, HTMXRequest
from litestar.response import ServerSentEvent, Template

from portal.controllers.conversations import stream_response
from portal.domain.conversations import live, staff_desk, threads
from portal.i18n import _
from portal.links import list_view, url
from portal.listing import page_number
from portal.security import STAFF_SIGN_IN, StaffSignInNeeded, staff_guard
from portal.web import form_data, is_partial_request, page_context, redirect_after_post, render

FIELD = "antwoord"


def _staff_name(request: Request) -> str:
    user = request.scope.get("staff")
    return (user.first_name or user.username) if user else ""


async def _desk(request: Request) -> Template:
    page, _valid = page_number(request.query_params.get("pagina") or "")
    rows, pager = await staff_desk.open_conversations(page)
    listing = staff_desk.DESK_LISTING
    view = list_view(request, listing, "staff_chat:list", query={}, sort=listing.default_sort, pager=pager, rows=rows)
    return await render(request, "staff_chat/list.html", {
        "title": _("Chats beantwoorden"), "rows": rows, "view": view, "staff_name": _staff_name(request),
        "stream_url": url(request, "staff_chat:changes"),
    }, partial="staff_chat/_list.html", push_url=view.url)


async def _conversation(request: Request, thread_id: str, errors: dict | None = None, typed: str = "",
                        partial: str = "staff_chat/_conversation.html") -> Template:
    found = await staff_desk.conversation(thread_id)
    return await render(request, "staff_chat/show.html", {
        "title": found.about, "found": found, "staff_name": _staff_name(request),
        "chat": {"messages": found.messages, "errors": errors or {}, "typed": typed, "field": FIELD,
                 "send_url": url(request, "staff_chat:reply", thread_id=found.thread.id),
                 "stream_url": url(request, "staff_chat:stream", thread_id=found.thread.id)},
    }, partial=partial)


def to_staff_sign_in(request: Request, _exc: Exception) -> Response:
    """Not signed in as staff (a customer, a visitor, a staff session that ran out): the way to the
    admin's sign-in, as a page of the portal (200, like any sign-in page); htmx goes there itself."""
    if HTMXRequest(request.scope).htmx:
        answer: Response = ClientRedirect(redirect_to=STAFF_SIGN_IN)
    else:
        answer = Template(template_name="staff_chat/sign_in.html", context=page_context(request, {
            "title": _("Alleen voor medewerkers van HartingBank"), "sign_in_url": STAFF_SIGN_IN}))
    answer.headers["Vary"] = "HX-Request"
    return answer


class StaffChatController(Controller):
    path = "/medewerkers/chat"
    # No customer's page: the customer session does not apply; the staff guard does.
    opt = {"public": True, "staff": True}
    guards = [staff_guard]
    exception_handlers = {StaffSignInNeeded: to_staff_sign_in}

    @get("/", name="staff_chat:list")
    async def list_conversations(self, request: Request) -> Template:
        return await _desk(request)

    @get("/stream", name="staff_chat:changes")
    async def desk_changes(self, request: Request, channels: NamedDependency[ChannelsPlugin]) -> ServerSentEvent:
        """"gewijzigd" whenever a conversation has news: the list reloads itself."""
        return live.change_stream(channels, live=live.wants_stream(request.scope, request.headers))

    @get("/{thread_id:str}", name="staff_chat:show")
    async def show_conversation(self, request: Request, thread_id: FromPath[str]) -> Template:
        return await _conversation(request, thread_id)

    @post("/{thread_id:str}", name="staff_chat:reply")
    async def reply(self, request: Request, channels: NamedDependency[ChannelsPlugin], thread_id: FromPath[str]) -> Template | Response:
        """Staff's answer; the customer's side sees it at once, and is told by mail where that is due."""
        typed = (await form_data(request)).get(FIELD, "")
        try:
            sent = await threads.staff_reply(thread_id, _staff_name(request), typed)
        except threads.MessageRefused as refused:
            return await _conversation(request, thread_id, {FIELD: str(refused)}, typed, partial="staff_chat/_form.html")
        live.announce(channels, threads.channel_of(sent.thread))
        if is_partial_request(request):
            return await _conversation(request, thread_id, partial="staff_chat/_form.html")
        return redirect_after_post(request, url(request, "staff_chat:show", thread_id=sent.thread.id))

    @post("/{thread_id:str}/afsluiten", name="staff_chat:close")
    async def close(self, request: Request, channels: NamedDependency[ChannelsPlugin], thread_id: FromPath[str]) -> Response:
        """"Gesprek afsluiten": off the list of open conversations until the customer writes again."""
        thread = await threads.close_thread(thread_id)
        live.announce(channels, threads.channel_of(thread))
        return redirect_after_post(request, url(request, "staff_chat:list"))

    @get("/{thread_id:str}/stream", name="staff_chat:stream")
    async def conversation_stream(self, request: Request, channels: NamedDependency[ChannelsPlugin],
                                  thread_id: FromPath[str]) -> ServerSentEvent:
        thread = await threads.staff_thread(thread_id)

        async def current() -> int:
            return thread.id

        return await stream_response(request, channels, threads.channel_of(thread), current)
