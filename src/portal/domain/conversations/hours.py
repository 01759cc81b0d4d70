"""Office hours of the online customer service (the manual: "Bereikbaar maandag t/m vrijdag tijdens
kantooruren"): whether someone answers the chat now. The one place that says so."""

from __future__ import annotations

from datetime import datetime, time, timezone

from portal.i18n import TIMEZONE, _

OPENS = time(8, 30)
CLOSES = time(17, 0)
WORKING_DAYS = range(0, 5)  # Monday to Friday


def now() -> datetime:
    """The clock of the conversations (tests replace it)."""
    return datetime.now(timezone.utc)


def is_open(at: datetime | None = None) -> bool:
    """Whether the customer service is there at `at` (now when not given)."""
    local = (at or now()).astimezone(TIMEZONE)
    return local.weekday() in WORKING_DAYS and OPENS <= local.time() < CLOSES


def hours_label() -> str:
    return _("maandag t/m vrijdag van %(opens)s tot %(closes)s uur") % {
        "opens": OPENS.strftime("%H:%M"), "closes": CLOSES.strftime("%H:%M")}
