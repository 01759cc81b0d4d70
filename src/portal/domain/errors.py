"""The domain's one answer for a row that is not there or not the account's to see."""

from __future__ import annotations


class NotFound(Exception):
    """A foreign or unknown id: answered 404 in one place (portal.app), never another customer's data."""
