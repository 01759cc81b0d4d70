"""Expired sessions and sign-in counters leave their stores on a schedule.

A file store drops an entry only when that key is read again, so without this every address someone
made up at "Inloggen", and every session nobody came back to, would stay on disk for good. Redis
expires its keys itself; sweeping it costs nothing.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

import anyio.to_thread
from litestar.stores.base import StorageObject, Store
from litestar.stores.file import FileStore

log = logging.getLogger(__name__)

SWEEP_INTERVAL_SECONDS = 10 * 60
# A file store writes a temporary file and renames it; one that is still there this much later was
# left by a process that stopped mid-write.
STALE_TEMPORARY_SECONDS = 3600


def _sweep_directory(directory: Path) -> int:
    """Remove a file store's expired entries; the number removed. Litestar's own delete_expired()
    stops at the first file it cannot decode, and a file being written is exactly that."""
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return 0
    for entry in entries:
        try:
            with open(entry.path, "rb") as file:
                raw = file.read()
            try:
                expired = StorageObject.from_bytes(raw).expired
            except Exception:  # half-written: being written now, or left by a crash
                expired = ".tmp" in entry.name and entry.stat().st_mtime < time.time() - STALE_TEMPORARY_SECONDS
            if expired:
                os.unlink(entry.path)
                removed += 1
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            continue  # renamed, removed or not ours: nothing to do
    return removed


async def sweep_store(store: Store) -> int:
    """One store's expired entries removed now; the number removed where it is known. Redis expires its
    keys itself (its store has no delete_expired)."""
    if isinstance(store, FileStore):
        return await anyio.to_thread.run_sync(_sweep_directory, Path(store.path))
    if delete_expired := getattr(store, "delete_expired", None):
        await delete_expired()
    return 0


class StoreSweeper:
    """Sweeps the given stores at start-up and then every `interval` seconds, until stopped."""

    def __init__(self, stores: Sequence[Store], interval: float = SWEEP_INTERVAL_SECONDS) -> None:
        self.stores = list(stores)
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def sweep(self) -> int:
        removed = 0
        for store in self.stores:
            try:
                removed += await sweep_store(store)
            except Exception:  # a full disk or a Redis hiccup must not end the schedule
                log.exception("removing expired entries from %r failed", store)
        return removed

    async def start(self) -> None:
        """The first sweep before the app serves (what piled up while it was down), then the schedule."""
        await self.sweep()
        if not self.running:
            self._task = asyncio.get_running_loop().create_task(self._every_interval(), name="store sweeper")

    async def _every_interval(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            await self.sweep()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
