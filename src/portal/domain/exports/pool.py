"""The worker processes that do the CPU work of downloads (DESIGN: Heavy work).

A thread does not help: QR codes, Jinja, openpyxl and xhtml2pdf are Python code that holds the GIL, and
8 label sheets in threads stalled every other request for 5 s. A small pool of processes ("spawn": no
copy of the server's state or its database connections) takes the work; the event loop only awaits it.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

from portal.domain.exports import limits
from portal.domain.exports.work import worker_started

T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None


def pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=limits.POOL_SIZE, mp_context=multiprocessing.get_context("spawn"),
                                    initializer=worker_started, initargs=(os.getpid(),))
    return _pool


async def run(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a worker process. When a worker died (killed for memory, say), the pool
    is replaced for the next caller and this call fails."""
    global _pool
    executor = pool()
    try:
        return await asyncio.get_running_loop().run_in_executor(executor, partial(function, *args))
    except BrokenProcessPool:
        if _pool is executor:
            _pool = None
            executor.shutdown(wait=False, cancel_futures=True)
        raise


def shutdown() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
