"""Sign-in throttling: failures count per e-mail address and per client address, whether or not the
address belongs to an account, so the answer never tells which e-mail addresses exist.

An attempt is counted *before* the password is checked and taken back when it succeeds. Counting
afterwards would let a burst of parallel guesses all pass the check while the first hash is still being
computed. The window runs from the first failure; trying on while blocked does not stretch it.

Both limits are checked before anything is written, and a refused attempt writes nothing: a blocked
client cannot fill the store with one entry per address it makes up, and hammering a blocked address
writes nothing either. What was written expires with its window (see portal.domain.housekeeping).
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

# Redis: check both counts and only then count the attempt, in one atomic step for every app process.
# KEYS = e-mail key, client key; ARGV = their limits and the window. The window is set by the first
# failure only (a key without an expiry gets one), so trying on does not stretch it.
_ATTEMPT_SCRIPT = """
for i, key in ipairs(KEYS) do
    if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i]) then
        return 0
    end
end
for _, key in ipairs(KEYS) do
    redis.call('INCR', key)
    if redis.call('TTL', key) < 0 then
        redis.call('EXPIRE', key, ARGV[3])
    end
end
return 1
"""
# Give the client its attempt back, keeping the window; a count back at zero (or a key that expired
# meanwhile) leaves no key behind.
_GIVE_BACK_SCRIPT = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 1 then
    redis.call('DECR', KEYS[1])
else
    redis.call('DEL', KEYS[1])
end
"""


def _email_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()
    return f"email:{digest}"


def _keys(email: str, client: str) -> tuple[str, str]:
    return _email_key(email), f"client:{client}"


class LoginThrottle:
    def __init__(self, store: Store) -> None:
        self.store = store
        # A local store has no atomic increment: one read-modify-write at a time in this process.
        self._lock = asyncio.Lock()
        redis = store._redis if isinstance(store, RedisStore) else None
        self._attempt_script = redis.register_script(_ATTEMPT_SCRIPT) if redis else None
        self._give_back_script = redis.register_script(_GIVE_BACK_SCRIPT) if redis else None

    def _redis_key(self, key: str) -> str:
        assert isinstance(self.store, RedisStore)
        return f"{self.store.namespace}:{key}" if self.store.namespace else key

    async def _read(self, key: str, now: float) -> tuple[int, float]:
        """A local store's count and the end of its window (a fresh window when it has passed)."""
        raw = await self.store.get(key)
        if raw:
            try:
                count, until = json.loads(raw)
                if until > now:
                    return int(count), float(until)
            except (ValueError, TypeError):
                pass
        return 0, now + WINDOW_SECONDS

    async def _write(self, key: str, count: int, until: float, now: float) -> None:
        await self.store.set(key, json.dumps([count, until]), expires_in=max(1, int(until - now) + 1))

    async def attempt(self, email: str, client: str) -> bool:
        """Count one sign-in attempt as failed until `succeeded` says otherwise. False: over a limit, so
        refuse without checking the password (a right password is refused too), and count nothing."""
        email_key, client_key = _keys(email, client)
        if self._attempt_script is not None:
            allowed = await self._attempt_script(
                keys=[self._redis_key(email_key), self._redis_key(client_key)],
                args=[MAX_PER_EMAIL, MAX_PER_CLIENT, WINDOW_SECONDS],
            )
            return bool(allowed)
        async with self._lock:
            now = time.time()
            counts = {key: await self._read(key, now) for key in (email_key, client_key)}
            if counts[email_key][0] >= MAX_PER_EMAIL or counts[client_key][0] >= MAX_PER_CLIENT:
                return False
            for key, (count, until) in counts.items():
                await self._write(key, count + 1, until, now)
            return True

    async def succeeded(self, email: str, client: str) -> None:
        """The attempt was right: the e-mail starts afresh and the client gets its attempt back (a
        sign-in without earlier failures leaves nothing in the store)."""
        email_key, client_key = _keys(email, client)
        await self.store.delete(email_key)
        if self._give_back_script is not None:
            await self._give_back_script(keys=[self._redis_key(client_key)])
            return
        async with self._lock:
            now = time.time()
            count, until = await self._read(client_key, now)
            if count > 1:
                await self._write(client_key, count - 1, until, now)
            else:
                await self.store.delete(client_key)

    async def clear_address(self, email: str) -> None:
        """A new password set through a link from the mailbox lifts the block on that address: the
        block message tells the person to do exactly that."""
        await self.store.delete(_email_key(email))
