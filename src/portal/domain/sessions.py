"""Server-side sessions with a fresh id at sign-in, an idle and an absolute timeout.

The data lives in a Litestar store: a file store on a laptop, Redis when PORTAL_REDIS_URL is set, so any
number of app processes share them. The cookie holds only a random id.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import asdict, dataclass, field

from litestar.stores.base import Store

COOKIE_NAME = "portal_session"


@dataclass
class Session:
    id: str
    account_id: int
    created_at: float
    last_seen: float
    flashes: list[tuple[str, str]] = field(default_factory=list)


class SessionManager:
    def __init__(self, store: Store, idle_seconds: int, absolute_seconds: int) -> None:
        self.store = store
        self.idle_seconds = idle_seconds
        self.absolute_seconds = absolute_seconds

    async def create(self, account_id: int, replaces: str | None = None) -> Session:
        """A new session with a new id; the old one (if any) is gone, so a planted id is worthless."""
        if replaces:
            await self.store.delete(replaces)
        now = time.time()
        session = Session(id=secrets.token_urlsafe(32), account_id=account_id, created_at=now, last_seen=now)
        await self.save(session)
        return session

    async def load(self, session_id: str | None) -> Session | None:
        if not session_id or len(session_id) > 100:
            return None
        raw = await self.store.get(session_id)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            session = Session(**{**data, "flashes": [tuple(f) for f in data.get("flashes", [])]})
        except (ValueError, TypeError):
            await self.store.delete(session_id)
            return None
        now = time.time()
        if now - session.last_seen > self.idle_seconds or now - session.created_at > self.absolute_seconds:
            await self.store.delete(session_id)
            return None
        return session

    async def save(self, session: Session) -> None:
        remaining = self.absolute_seconds - (time.time() - session.created_at)
        expires_in = max(1, int(min(self.idle_seconds, remaining)))
        await self.store.set(session.id, json.dumps(asdict(session)), expires_in=expires_in)

    async def touch(self, session: Session) -> None:
        session.last_seen = time.time()
        await self.save(session)

    async def destroy(self, session_id: str) -> None:
        await self.store.delete(session_id)
