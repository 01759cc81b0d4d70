"""Portal notifications (SRV-3, PLN): a message to one account with a link to what it is about, counted
in the header until it is read. E-mail goes beside it through portal.domain.mail."""

from __future__ import annotations

from datetime import datetime, timezone

from portal.tables import Notification


async def notify(account_id: int, title: str, body: str = "", link: str = "") -> Notification:
    """A new unread notification; `link` is a path of the portal (made by the caller from a route name)."""
    row = Notification(account=account_id, title=title[:200], body=body, link=link[:300],
                       created_at=datetime.now(timezone.utc))
    await row.save()
    return row


async def unread_count(account_id: int) -> int:
    return await Notification.count().where((Notification.account == account_id) & Notification.read_at.is_null())
