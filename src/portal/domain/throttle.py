"""Sign-in throttling: failures count per e-mail address and per client address, whether or not the
address belongs to an account, so the answer never tells which e-mail addresses exist.

An attempt is counted *before* the password is checked and taken back when it succeeds. Counting
afterwards would let a burst of parallel guesses all pass the check while the first hash is still being
computed. The window runs from the first failure; trying on while blocked does not stretch it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time

from litestar.stores.base import Store
from litestar.stores.redis import RedisStore

WINDOW_SECONDS = 15 * 60
MAX_PER_EMAIL = 5
# Generous: a whole care home behind one NAT address signs in from a single client address.
MAX_PER_CLIENT = 30


def _keys(email: str, client: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()
    return f"email:{digest}", f"client:{client}"


class LoginThrottle:
    def __init__(self, store: Store) -> None:
        self.store = store
        # A local store has no atomic increment: one read-modify-write at a time in this process.
        self._lock = asyncio.Lock()

    async def _add(self, key: str, delta: int) -> int:
        """Add to the key's count within its window; the new count."""
        if isinstance(self.store, RedisStore):
            # Atomic across every app process; the expiry is only set by the first failure (NX).
            redis_key = f"{self.store.namespace}:{key}" if self.store.namespace else key
            async with self.store._redis.pipeline(transaction=True) as pipe:
                pipe.incrby(redis_key, delta)
                pipe.expire(redis_key, WINDOW_SECONDS, nx=True)
                count, _ = await pipe.execute()
            return int(count)
        async with self._lock:
            now = time.time()
            count, until = 0, now + WINDOW_SECONDS
            raw = await self.store.get(key)
            if raw:
                try:
                    count, until = json.loads(raw)
                except (ValueError, TypeError):
                    pass
                if until <= now:
                    count, until = 0, now + WINDOW_SECONDS
            count = max(0, count + delta)
            await self.store.set(key, json.dumps([count, until]), expires_in=max(1, int(until - now) + 1))
            return count

    async def attempt(self, email: str, client: str) -> bool:
        """Count one sign-in attempt as failed until `succeeded` says otherwise. False: over a limit, so
        refuse without checking the password (a right password is refused too)."""
        email_key, client_key = _keys(email, client)
        per_email = await self._add(email_key, 1)
        per_client = await self._add(client_key, 1)
        return per_email <= MAX_PER_EMAIL and per_client <= MAX_PER_CLIENT

    async def succeeded(self, email: str, client: str) -> None:
        """The attempt was right: the e-mail starts afresh and the client gets its attempt back."""
        email_key, client_key = _keys(email, client)
        await self.store.delete(email_key)
        await self._add(client_key, -1)
