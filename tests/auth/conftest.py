"""A clock the tests control: the timeouts of sessions and sign-in throttling are tested by moving
time on, never by waiting."""

from __future__ import annotations

import time as real_time

import pytest

import portal.domain.sessions
import portal.domain.throttle
import portal.security


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


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    for module in (portal.domain.sessions, portal.security, portal.domain.throttle):
        monkeypatch.setattr(module, "time", fake)
    return fake
