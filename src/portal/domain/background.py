"""Work that runs after the answer has gone out, one job at a time per worker and process.

For work whose duration would tell the visitor something (ACC-5: whether an e-mail address has an
account), the answer must not wait for it. The job is not part of the request at all: Litestar's
background tasks would still hold the connection, so the next request on it would wait instead.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)
_workers: list[SerialWorker] = []


class SerialWorker:
    """A queue of jobs done in order by one task. One at a time keeps per-account limits that read
    and then write (three reset mails an hour) right when one person submits twice in a row."""

    def __init__(self, name: str, max_waiting: int = 200) -> None:
        self.name = name
        self.max_waiting = max_waiting
        self._queue: asyncio.Queue[Callable[[], Awaitable[object]]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        _workers.append(self)

    def _running_queue(self) -> asyncio.Queue[Callable[[], Awaitable[object]]]:
        loop = asyncio.get_running_loop()
        if self._queue is None or self._loop is not loop:
            self._queue, self._loop, self._task = asyncio.Queue(self.max_waiting), loop, None
        if self._task is None or self._task.done():
            # A context of its own: the job must not inherit whatever the first submitting request had set.
            self._task = loop.create_task(
                self._work(self._queue), name=f"background: {self.name}", context=contextvars.Context()
            )
        return self._queue

    async def submit(self, job: Callable[[], Awaitable[object]]) -> None:
        """Queue the job and return at once. When `max_waiting` jobs are waiting (a flood), the caller
        waits for room: every caller alike, and the queue cannot grow without bound."""
        await self._running_queue().put(job)

    async def _work(self, queue: asyncio.Queue[Callable[[], Awaitable[object]]]) -> None:
        while True:
            job = await queue.get()
            try:
                await job()
            except Exception:
                log.exception("background job of %s failed", self.name)
            finally:
                queue.task_done()

    async def drain(self) -> None:
        """Wait until every job queued so far is done."""
        if self._queue is not None and self._loop is asyncio.get_running_loop():
            await self._queue.join()

    async def stop(self) -> None:
        await self.drain()
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._task = None


async def drain() -> None:
    """Wait for the jobs of every worker (tests read their results)."""
    for worker in _workers:
        await worker.drain()


async def finish() -> None:
    """At shutdown: finish what was queued, then stop the workers."""
    for worker in _workers:
        await worker.stop()
