"""The conversation of one record (step 8 item 5): its messages on the record's page, a message from the
customer's side, and the live stream, for each kind in domain/conversations/records.KINDS. The routes
sit beside the record's page and use the record's own access rule (KINDS[kind].find).

A record page shows its thread with one line in its handler and one in its template:
    "conversation": await conversations.thread_view(request, account_scope, "order", order_number),
    {% include "conversations/_thread.html" %}
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.channels import ChannelsPlugin
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler
from litestar.response import ServerSentEvent, Template

from portal.domain.conversations import live, threads
from portal.domain.conversations.records import KINDS, Record, RecordKind
from portal.domain.scope import Scope
from portal.i18n import _
from portal.links import url
from portal.web import current_account, form_data, get_scope, is_partial_request, redirect_after_post, render

FIELD = "bericht"


def message_html(request: Request, row: dict) -> str:
    """One message as the log shows it (the same fragment the page includes)."""
    template = request.app.template_engine.get_template("conversations/_message.html")
    return template.render(message=row)


def fetcher(request: Request, find_thread_id: Any) -> live.Fetch:
    """What a stream sends: the thread's messages after an id, rendered. `find_thread_id` is looked up
    every time, as the thread may only be made by the first message."""

    async def fetch(after: int) -> list[tuple[int, str]]:
        thread_id = await find_thread_id()
        return [(row["id"], message_html(request, row)) for row in await threads.messages_after(thread_id, after)]

    return fetch


def stream_response(request: Request, channels: NamedDependency[ChannelsPlugin], channel: str, find_thread_id: Any) -> Any:
    return live.message_stream(channels, channel, fetcher(request, find_thread_id),
                               live.last_seen(request.headers, request.query_params),
                               live=live.wants_stream(request.scope, request.headers))


async def thread_view(request: Request, scope: Scope, kind: str, number: str, *, errors: dict | None = None,
                      typed: str = "") -> dict:
    """What conversations/_thread.html needs for one record the account may see (else NotFound)."""
    record_kind = KINDS[kind]
    record = await record_kind.find(current_account(request), scope, number)
    thread = await threads.record_thread(record)
    params = {record_kind.param: record.number}
    return {
        "messages": await threads.messages_after(thread.id if thread else None),
        "send_url": url(request, f"conversations:send_{kind}", **params),
        "stream_url": url(request, f"conversations:stream_{kind}", **params),
        "page_url": url(request, record_kind.route, **params),
        "errors": errors or {}, "typed": typed, "field": FIELD,
        "about": _("%(kind)s %(number)s") % {"kind": record_kind.label, "number": record.number},
    }


def _routes(record_kind: RecordKind) -> list[HTTPRouteHandler]:
    kind, param = record_kind.kind, record_kind.param
    opt = {"rights": record_kind.rights}

    async def find(request: Request, scope: Scope) -> Record:
        return await record_kind.find(current_account(request), scope, request.path_params[param])

    async def send(request: Request, account_scope: NamedDependency[Scope], channels: NamedDependency[ChannelsPlugin]) -> Template | Response:
        """A message from the customer's side; with a problem the form again, with what was typed."""
        record = await find(request, account_scope)
        typed = (await form_data(request)).get(FIELD, "")
        try:
            sent = await threads.send_record_message(current_account(request), record, typed)
        except threads.MessageRefused as refused:
            view = await thread_view(request, account_scope, kind, record.number, errors={FIELD: str(refused)},
                                     typed=typed)
            return await _thread_answer(request, record_kind, view)
        live.announce(channels, threads.channel_of(sent.thread))
        view = await thread_view(request, account_scope, kind, record.number)
        if is_partial_request(request):
            return await _thread_answer(request, record_kind, view)
        return redirect_after_post(request, view["page_url"] + "#gesprek")

    async def stream(request: Request, account_scope: NamedDependency[Scope], channels: NamedDependency[ChannelsPlugin]) -> ServerSentEvent:
        """The thread's messages as server-sent events (see domain/conversations/live.py)."""
        record = await find(request, account_scope)

        async def thread_id() -> int | None:
            thread = await threads.record_thread(record)
            return thread.id if thread else None

        return await stream_response(request, channels, live.record_channel(kind, record.id), thread_id)

    send.__name__, stream.__name__ = f"send_{kind}_message", f"stream_{kind}_messages"
    dependencies = {"account_scope": Provide(get_scope)}
    return [
        post(f"{record_kind.path}/gesprek", name=f"conversations:send_{kind}", opt=opt, dependencies=dependencies)(send),
        get(f"{record_kind.path}/gesprek/stream", name=f"conversations:stream_{kind}", opt=opt,
            dependencies=dependencies)(stream),
    ]


async def _thread_answer(request: Request, record_kind: RecordKind, view: dict) -> Template:
    """The thread's form fragment for htmx; without script the record's page cannot be rebuilt here, so
    a page of its own with the thread (and the message typed) that links back to the record."""
    return await render(request, "conversations/thread_page.html", {"conversation": view, "title": view["about"]},
                        partial="conversations/_form.html")


ROUTES: list[HTTPRouteHandler] = [handler for record_kind in KINDS.values() for handler in _routes(record_kind)]
