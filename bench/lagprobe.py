"""A diagnostic, not a benchmark: `BENCH_APP=bench.lagprobe:lag_app python -m bench.downloads` serves the
portal through this factory, and a watcher thread writes to bench/out/lag.txt what the event loop was
doing whenever it answered a wake-up more than 40 ms late (the stack of the loop's thread meanwhile).
This is how the thread that SQLite starts per connection was found to stall the loop under load."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
import traceback

from bench.data import OUT
from bench.server import timed_app

LAG_MS = 40


def _watch(loop: asyncio.AbstractEventLoop, main: int) -> None:
    with (OUT / "lag.txt").open("w") as out:
        while True:
            woken = threading.Event()
            sent = time.perf_counter()
            loop.call_soon_threadsafe(woken.set)
            stacks = []
            while not woken.wait(0.02):
                stacks.append("".join(traceback.format_stack(sys._current_frames().get(main), limit=12)[-6:]))
            lag = (time.perf_counter() - sent) * 1000
            if lag > LAG_MS:
                out.write(f"=== lag {lag:.0f} ms\n{stacks[len(stacks) // 2] if stacks else ''}\n")
                out.flush()
            time.sleep(0.01)


def lag_app():
    app = timed_app()
    started = False

    async def wrapper(scope, receive, send):
        nonlocal started
        if not started:
            started = True
            threading.Thread(target=_watch, args=(asyncio.get_running_loop(), threading.get_ident()),
                             daemon=True).start()
        await app(scope, receive, send)

    return wrapper
