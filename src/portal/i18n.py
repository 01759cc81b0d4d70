"""Translations. The source language of the UI is Dutch: message ids are the Dutch texts, and a
catalogue in `locale/<lang>/LC_MESSAGES/messages.po` (compiled at install) adds another language."""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "nl"
TIMEZONE = ZoneInfo("Europe/Amsterdam")


@lru_cache
def translations(language: str = DEFAULT_LANGUAGE) -> _gettext.NullTranslations:
    return _gettext.translation("messages", localedir=LOCALE_DIR, languages=[language], fallback=True)


def gettext(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


_ = gettext


def local_today() -> date:
    """Today in the Netherlands: the day the date rules count from (a server clock in UTC is an hour or
    two behind around midnight)."""
    return datetime.now(TIMEZONE).date()


def local_datetime(value: datetime) -> datetime:
    return value.astimezone(TIMEZONE)


def format_money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format_currency(value, "EUR", locale="nl_NL")


def format_number(value) -> str:
    return format_decimal(value, locale="nl_NL")


def format_day(value: date | datetime | None, fmt: str = "d-M-yyyy") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_datetime(value).date()
    return format_date(value, fmt, locale="nl_NL")


def format_moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return format_datetime(local_datetime(value), "d-M-yyyy HH:mm", locale="nl_NL")
