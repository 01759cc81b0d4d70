"""Reading what people and browsers send: ids with their bounds, dates and periods, one-line text and the
opaque position tokens of paged lists. Every form and filter parses through here, so a value that makes
no sense is "not given" (or a message), never a 500."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from portal.i18n import _

MAX_ID = 2**31 - 1  # ids are 32-bit integers; PostgreSQL would fail on a larger one
MAX_TOKEN_LENGTH = 512  # a page position is a few dozen characters; anything longer is not ours
TOKEN_INT_BOUND = 2**53  # an integer a position may hold (ids, never more)
TOKEN_TEXT_LIMIT = 100


def first(params: Mapping[str, Any], name: str) -> str:
    """The first value of a query or form parameter, trimmed; '' when absent."""
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def parse_id(value: str | int | None) -> int | None:
    """A database id from a form or URL, or None: text, signs, zero and numbers past 32 bits are no id."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def clean_line(value: Any, limit: int = 300) -> str:
    """One line of typed text: no control characters or lone surrogates (PostgreSQL refuses a NUL, and a
    surrogate cannot be encoded), surrounding spaces gone, cut to a sane length."""
    text = value if isinstance(value, str) else ""
    text = "".join(ch for ch in text if ch >= " " and ch != "\x7f" and not "\ud800" <= ch <= "\udfff")
    return text.strip()[:limit]


def clean_text(value: Any, limit: int = 2000) -> str:
    """Typed text of several lines (a message, a note): as `clean_line`, but line breaks and tabs stay.
    Cut at `limit`; a caller that tells the user about a too long text checks the length first."""
    text = value if isinstance(value, str) else ""
    text = "".join(ch for ch in text if (ch >= " " or ch in "\n\t") and ch != "\x7f" and not "\ud800" <= ch <= "\udfff")
    return text.strip()[:limit]


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


def parse_date(raw: str) -> date | None:
    """A date as the date field sends it (2026-03-01) or as people type it (1-3-2026, 01/03/2026)."""
    raw = clean_line(raw, 30)
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        if 1900 <= parsed.year <= 2200:
            return parsed
    return None


@dataclass
class Feedback:
    """What a list's parsing tells the user, and what they typed where it was not valid (shown again)."""

    messages: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)


def date_range(params: Mapping[str, Any], from_name: str, to_name: str,
               feedback: Feedback) -> tuple[date | None, date | None]:
    """A period from two date fields: a value that is not a date is left out with a message (and kept in
    `feedback.raw` so the form shows what was typed); a reversed period is turned round."""
    dates: dict[str, date | None] = {}
    for name in (from_name, to_name):
        text = clean_line(first(params, name), 30)
        dates[name] = parse_date(text) if text else None
        if text and dates[name] is None:
            feedback.raw[name] = text
            feedback.messages.append(_("'%(value)s' is geen datum. Gebruik dag-maand-jaar, bijvoorbeeld 1-3-2026; "
                                       "er is niet op deze datum gefilterd.") % {"value": text})
    start, end = dates[from_name], dates[to_name]
    if start and end and start > end:
        start, end = end, start
        feedback.messages.append(_("De begindatum lag na de einddatum; de twee zijn omgewisseld."))
    return start, end


def choice(value: str, choices: Mapping[str, Any]) -> str | None:
    """One of `choices` (by key), or None."""
    return value if value in choices else None


# Page positions ------------------------------------------------------------------------------------------


def encode_token(value: Any) -> str:
    data = json.dumps(value, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def decode_token(text: str) -> Any:
    """The value an `encode_token` made, or None for anything else. Only short tokens of plain JSON with
    bounded integers and short, encodable strings come through: a position from a URL is hostile input."""
    if not text or len(text) > MAX_TOKEN_LENGTH or not text.isascii():
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)),
                          parse_float=_no_float, parse_constant=_no_float)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if _plain(data, depth=0) else None


def _no_float(_text: str) -> Any:
    raise ValueError("positions hold no floats")


def _plain(value: Any, depth: int) -> bool:
    if depth > 4:
        return False
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -TOKEN_INT_BOUND < value < TOKEN_INT_BOUND
    if isinstance(value, str):
        return len(value) <= TOKEN_TEXT_LIMIT and clean_line(value, TOKEN_TEXT_LIMIT) == value
    if isinstance(value, list):
        return len(value) <= 8 and all(_plain(item, depth + 1) for item in value)
    return False


MAX_QUANTITY = 9999  # per line of a basket or order: more is a typing slip, not an order


def parse_quantity(value: Any) -> int | None:
    """A quantity as typed: a whole number from 1 to MAX_QUANTITY, else None (zero, signs, fractions, 10⁹)."""
    text = clean_line(value, 20) if not isinstance(value, int) or isinstance(value, bool) else str(value)
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_QUANTITY else None


def quantity_message() -> str:
    return _("Vul een heel aantal van 1 tot en met %(max)s in.") % {"max": f"{MAX_QUANTITY:,}".replace(",", ".")}
