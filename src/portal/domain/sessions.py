"""Server-side sessions with a fresh id at sign-in, an idle and an absolute timeout.

The data lives in a Litestar store: a file store on a laptop, Redis when PORTAL_REDIS_URL is set, so any
number of app processes share them. The cookie holds only a random id.

A session carries stamps of its account (when the password changed, when its sessions were last ended);
the account is read from the database on every request anyway, so comparing them ends every session of
an account at once, in every process and with either store, without a list of sessions per account.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

from litestar.datastructures import Cookie
from litestar.stores.base import Store

from portal.tables import Account

COOKIE_NAME = "portal_session"
# A timed-out session stays in the store this much longer (refused all the same), so the next request
# can tell "timed out" (the sign-in page then says why) from "never existed".
EXPIRED_GRACE_SECONDS = 24 * 3600


def password_stamp(account: Account) -> str:
    """When the account's password last changed; a session made before another change is over."""
    changed = account.password_changed_at
    return changed.isoformat() if changed is not None else ""


def ended_stamp(account: Account) -> str:
    """When the account's sessions were last ended (it was switched off); a session made before is over."""
    ended = account.sessions_ended_at
    return ended.isoformat() if ended is not None else ""


async def end_sessions(account_id: int) -> None:
    """ADM-1: switching an account off ends all its sessions at once, also one that makes no request
    until the account is switched on again."""
    await Account.update({Account.sessions_ended_at: datetime.now(timezone.utc)}).where(Account.id == account_id)


async def end_sessions_of_organisation(organisation_id: int) -> None:
    """An organisation switched off: the sessions of all its people end, as for each account."""
    await Account.update({Account.sessions_ended_at: datetime.now(timezone.utc)}).where(
        Account.organisation == organisation_id
    )


def _switched_off(values: dict[Any, Any]) -> bool:
    named = {getattr(getattr(key, "_meta", None), "name", key): value for key, value in values.items()}
    return named.get("active") is False


async def on_staff_patch_account(row_id: Any, values: dict[Any, Any], request: Any = None) -> dict[Any, Any]:
    """piccolo-admin `pre_patch` hook for accounts: staff switching "active" off ends the sessions."""
    if _switched_off(values) and str(row_id).isdigit():
        await end_sessions(int(row_id))
    return values


async def on_staff_patch_organisation(row_id: Any, values: dict[Any, Any], request: Any = None) -> dict[Any, Any]:
    """piccolo-admin `pre_patch` hook for organisations: switched off, its people's sessions end."""
    if _switched_off(values) and str(row_id).isdigit():
        await end_sessions_of_organisation(int(row_id))
    return values


def session_cookie(value: str, *, secure: bool, delete: bool = False) -> Cookie:
    """The cookie that carries only the session id: no script can read it, no other site sends it."""
    return Cookie(
        key=COOKIE_NAME, value=value, httponly=True, secure=secure, samesite="lax", path="/",
        max_age=0 if delete else None,
    )


@dataclass
class Session:
    id: str
    account_id: int
    created_at: float
    last_seen: float
    flashes: list[tuple[str, str]] = field(default_factory=list)
    password_stamp: str = ""
    ended_stamp: str = ""  # sessions stored before this field existed read "", as do their accounts

    def belongs_to(self, account: Account) -> bool:
        """Still valid for this account: ACC-4 "active at once" also means the old password's other
        sessions (a shared or stolen computer) end with the change; ADM-1 switching the account off
        ends them all, whether or not they make a request meanwhile."""
        return (
            self.account_id == account.id
            and self.password_stamp == password_stamp(account)
            and self.ended_stamp == ended_stamp(account)
        )


@dataclass
class Lookup:
    session: Session | None
    expired: bool = False  # the cookie named a session that timed out


class SessionManager:
    def __init__(self, store: Store, idle_seconds: int, absolute_seconds: int) -> None:
        self.store = store
        self.idle_seconds = idle_seconds
        self.absolute_seconds = absolute_seconds

    async def create(self, account: Account, replaces: str | None = None) -> Session:
        """A new session with a new id for the account as just read from the database; the old one (if
        any) is gone, so a planted id is worthless."""
        if replaces:
            await self.store.delete(replaces)
        now = time.time()
        session = Session(
            id=secrets.token_urlsafe(32), account_id=account.id, created_at=now, last_seen=now,
            password_stamp=password_stamp(account), ended_stamp=ended_stamp(account),
        )
        await self.save(session)
        return session

    async def open(self, session_id: str | None) -> Lookup:
        """The live session of a cookie value, or why there is none."""
        if not session_id or len(session_id) > 100:
            return Lookup(None)
        raw = await self.store.get(session_id)
        if raw is None:
            return Lookup(None)
        try:
            data = json.loads(raw)
            session = Session(**{**data, "flashes": [tuple(f) for f in data.get("flashes", [])]})
        except (ValueError, TypeError):
            await self.store.delete(session_id)
            return Lookup(None)
        if self._timed_out(session):
            await self.store.delete(session_id)
            return Lookup(None, expired=True)
        return Lookup(session)

    async def load(self, session_id: str | None) -> Session | None:
        return (await self.open(session_id)).session

    def _timed_out(self, session: Session) -> bool:
        now = time.time()
        return now - session.last_seen > self.idle_seconds or now - session.created_at > self.absolute_seconds

    async def save(self, session: Session) -> None:
        remaining = self.absolute_seconds - (time.time() - session.created_at)
        expires_in = max(1, int(min(self.idle_seconds, remaining))) + EXPIRED_GRACE_SECONDS
        await self.store.set(session.id, json.dumps(asdict(session)), expires_in=expires_in)

    async def touch(self, session: Session) -> None:
        """The idle timeout counts from this request. The session is written again only when the last
        write is more than a sixtieth of the idle time old (30 s of 30 minutes): a page costs no write
        to the store, and the idle time stays exact to within that."""
        now = time.time()
        if now - session.last_seen < self.idle_seconds / 60:
            return
        session.last_seen = now
        await self.save(session)

    async def destroy(self, session_id: str) -> None:
        await self.store.delete(session_id)
