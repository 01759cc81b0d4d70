"""The live chat with customer service (CON-1, "Chat … (rechtsonder)"): the panel behind the button at the
bottom right of every page (the same markup is a page of its own without script), a message, and the
stream that brings the answers without a reload."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency
from litestar.response import ServerSentEvent, Template

from portal.controllers.conversations import stream_response
from portal.domain.conversations import hours, live, threads
from portal.i18n import _
from portal.links import url
from portal.web import current_account, form_data, is_partial_request, redirect_after_post, render

FIELD = "chatbericht"


async def _chat(request: Request, errors: dict | None = None, typed: str = "", partial: str = "chat/_panel.html") -> Template:
    account = current_account(request)
    thread = await threads.live_thread(account)
    return await render(request, "chat/show.html", {
        "title": _("Chat met de klantenservice"), "chat_page": True,
        "chat": {"messages": await threads.messages_after(thread.id if thread else None),
                 "open": hours.is_open(), "hours": hours.hours_label(), "errors": errors or {}, "typed": typed,
                 "field": FIELD, "send_url": url(request, "chat:send"), "stream_url": url(request, "chat:stream")},
    }, partial=partial)


class ChatController(Controller):
    path = "/chat"

    @get("/", name="chat:show")
    async def show_chat(self, request: Request) -> Template:
        """The conversation so far, whether someone answers now, and the message box."""
        return await _chat(request)

    @post("/", name="chat:send")
    async def send_chat(self, request: Request, channels: NamedDependency[ChannelsPlugin]) -> Template | Response:
        typed = (await form_data(request)).get(FIELD, "")
        try:
            sent = await threads.send_chat_message(current_account(request), typed)
        except threads.MessageRefused as refused:
            return await _chat(request, errors={FIELD: str(refused)}, typed=typed, partial="chat/_form.html")
        live.announce(channels, threads.channel_of(sent.thread))
        if is_partial_request(request):  # the message itself arrives through the stream
            return await _chat(request, partial="chat/_form.html")
        return redirect_after_post(request, url(request, "chat:show"))

    @get("/stream", name="chat:stream")
    async def chat_stream(self, request: Request, channels: NamedDependency[ChannelsPlugin]) -> ServerSentEvent:
        account = current_account(request)

        async def thread_id() -> int | None:
            thread = await threads.live_thread(account)
            return thread.id if thread else None

        return await stream_response(request, channels, live.chat_channel(account.id), thread_id)
