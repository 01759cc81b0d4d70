"""Sign-in throttling: failures count per e-mail address and per client address, whether or not the
address belongs to an account, so the answer never tells which e-mail addresses exist."""

from __future__ import annotations

import hashlib

from litestar.stores.base import Store

WINDOW_SECONDS = 15 * 60
MAX_PER_EMAIL = 5
MAX_PER_CLIENT = 30


def _keys(email: str, client: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"email:{digest}", f"client:{client}"


class LoginThrottle:
    def __init__(self, store: Store) -> None:
        self.store = store

    async def _count(self, key: str) -> int:
        raw = await self.store.get(key)
        return int(raw) if raw else 0

    async def is_blocked(self, email: str, client: str) -> bool:
        email_key, client_key = _keys(email, client)
        return (
            await self._count(email_key) >= MAX_PER_EMAIL or await self._count(client_key) >= MAX_PER_CLIENT
        )

    async def failed(self, email: str, client: str) -> None:
        for key in _keys(email, client):
            await self.store.set(key, str(await self._count(key) + 1), expires_in=WINDOW_SECONDS)

    async def succeeded(self, email: str, client: str) -> None:
        email_key, _ = _keys(email, client)
        await self.store.delete(email_key)
