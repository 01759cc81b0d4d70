"""A clock the tests control: the timeouts of sessions and sign-in throttling, and when the stores
count an entry as expired, are tested by moving time on, never by waiting."""

from __future__ import annotations

import time as real_time
from datetime import datetime, timedelta, timezone

import pytest
from litestar.stores.base import StorageObject

import portal.domain.sessions
import portal.domain.throttle


class Clock:
    """Stands in for the `time` module in the modules that measure sessions and throttle windows."""

    def __init__(self) -> None:
        self.now = real_time.time()

    def time(self) -> float:
        return self.now

    def advance(self, *, minutes: float = 0, hours: float = 0, seconds: float = 0) -> None:
        self.now += seconds + minutes * 60 + hours * 3600

    def __getattr__(self, name: str):  # everything else of the time module stays real
        return getattr(real_time, name)

    def utcnow(self) -> datetime:
        return datetime.fromtimestamp(self.now, timezone.utc)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    for module in (portal.domain.sessions, portal.domain.throttle):
        monkeypatch.setattr(module, "time", fake)
    # When the file store counts an entry as expired moves with it too (Redis keeps real time).
    def new(cls, data: bytes, expires_in: int | timedelta | None) -> StorageObject:
        if expires_in is not None and not isinstance(expires_in, timedelta):
            expires_in = timedelta(seconds=expires_in)
        return cls(data=data, expires_at=fake.utcnow() + expires_in if expires_in else None)

    monkeypatch.setattr(StorageObject, "new", classmethod(new))
    monkeypatch.setattr(StorageObject, "expired", property(
        lambda stored: stored.expires_at is not None and fake.utcnow() >= stored.expires_at
    ))
    return fake
