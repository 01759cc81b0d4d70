"""Live delivery of conversation messages by server-sent events, through Litestar's channels: in memory
in one process, on Redis (PORTAL_REDIS_URL) across every app process.

A channel event only says "thread N has news"; the stream reads what is new from the database and sends
each message with its id as the SSE id. So a reconnecting browser (Last-Event-ID) gets exactly what it
missed, from whichever process it reaches, and a missed event loses nothing."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.response import ServerSentEvent, ServerSentEventMessage

from portal.domain.parsing import parse_id
from portal.http_methods import is_head
from portal.settings import Settings

log = logging.getLogger(__name__)

STAFF_CHANNEL = "conversations:staff"  # any news: the staff's list of open conversations
KEEPALIVE_SECONDS = 15  # a comment now and then, so proxies keep the line open and a gone client shows
STREAM_SECONDS = 300  # then the stream ends; the browser reconnects with Last-Event-ID
RETRY_MS = 2000
NOT_STORED = {"Cache-Control": "no-store"}  # messages are customer data, like every page of the portal
AFTER_PARAM = "na"  # ?na=<id>: the newest id a client has, where it cannot send Last-Event-ID


def chat_channel(account_id: int) -> str:
    """An account's live chat (its thread may not exist yet when the panel opens)."""
    return f"conversations:chat:{account_id}"


def record_channel(kind: str, record_id: int) -> str:
    """The thread of one record (which may not exist yet either)."""
    return f"conversations:{kind}:{record_id}"


def channels_plugin(settings: Settings) -> ChannelsPlugin:
    if settings.redis_url:
        from litestar.channels.backends.redis import RedisChannelsPubSubBackend
        from redis.asyncio import Redis

        backend = RedisChannelsPubSubBackend(redis=Redis.from_url(settings.redis_url), key_prefix="portal:channels")
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True)


def announce(channels: ChannelsPlugin, channel: str) -> None:
    """Tell every stream of the channel's thread (and the staff's list) that it has news."""
    try:
        channels.publish({"news": channel}, [channel, STAFF_CHANNEL])
    except RuntimeError:
        # An app whose lifespan never ran (an HTTP test client) has no channels; nobody is listening.
        log.debug("channels not started; %s not announced", channel)


def last_seen(headers: object, query: object) -> int:
    """The newest message id the client has: the Last-Event-ID of a reconnect, or ?na=."""
    for raw in (headers.get("last-event-id"), query.get(AFTER_PARAM)):  # type: ignore[attr-defined]
        if (found := parse_id(raw)) is not None:
            return found
    return 0


def wants_stream(scope: dict, headers: object) -> bool:
    """Only a browser's EventSource (which asks for text/event-stream) gets a lasting stream; HEAD, link
    checkers and test clients get what is there now and the answer ends."""
    return not is_head(scope) and "text/event-stream" in (headers.get("accept") or "")  # type: ignore[attr-defined]


Fetch = Callable[[int], Awaitable[list[tuple[int, str]]]]  # after id -> [(id, html)]


async def _catch_up(fetch: Fetch, after: int) -> tuple[list[ServerSentEventMessage], int]:
    messages = []
    for message_id, html in await fetch(after):
        messages.append(ServerSentEventMessage(data=html, id=message_id, event="message"))
        after = max(after, message_id)
    return messages, after


async def _message_events(channels: ChannelsPlugin, channel: str, fetch: Fetch,
                          after: int) -> AsyncIterator[ServerSentEventMessage]:
    news = asyncio.Event()

    async def on_event(_data: bytes) -> None:
        news.set()

    deadline = time.monotonic() + STREAM_SECONDS
    yield ServerSentEventMessage(comment="verbonden", retry=RETRY_MS)
    async with channels.start_subscription([channel]) as subscriber, subscriber.run_in_background(on_event, join=False):
        while time.monotonic() < deadline:
            news.clear()  # before reading: news arriving while we read wakes the next round
            messages, after = await _catch_up(fetch, after)
            for message in messages:
                yield message
            try:
                await asyncio.wait_for(news.wait(), timeout=KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ServerSentEventMessage(comment="nog verbonden")


async def message_stream(channels: ChannelsPlugin, channel: str, fetch: Fetch, after: int, *,
                         live: bool) -> ServerSentEvent:
    """The thread's messages after `after`, then (live) every new one as it comes."""
    if not live:
        messages, _after = await _catch_up(fetch, after)
        return ServerSentEvent(_once(messages), headers=NOT_STORED)
    return ServerSentEvent(_message_events(channels, channel, fetch, after), headers=NOT_STORED)


async def _once(messages: list[ServerSentEventMessage]) -> AsyncIterator[ServerSentEventMessage]:
    yield ServerSentEventMessage(comment="verbonden", retry=RETRY_MS)
    for message in messages:
        yield message


async def _change_events(channels: ChannelsPlugin) -> AsyncIterator[ServerSentEventMessage]:
    news = asyncio.Event()

    async def on_event(_data: bytes) -> None:
        news.set()

    deadline = time.monotonic() + STREAM_SECONDS
    yield ServerSentEventMessage(comment="verbonden", retry=RETRY_MS)
    async with channels.start_subscription([STAFF_CHANNEL]) as subscriber, \
            subscriber.run_in_background(on_event, join=False):
        while time.monotonic() < deadline:
            try:
                await asyncio.wait_for(news.wait(), timeout=KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ServerSentEventMessage(comment="nog verbonden")
                continue
            news.clear()
            yield ServerSentEventMessage(data="", event="gewijzigd")


def change_stream(channels: ChannelsPlugin, *, live: bool) -> ServerSentEvent:
    """An event "gewijzigd" whenever any conversation has news (the staff's list reloads itself)."""
    return ServerSentEvent(_change_events(channels) if live else _once([]), headers=NOT_STORED)
