"""Portal notifications (SRV-3, PLN): a message to one account with a link to what it is about, counted
in the header until it is read. E-mail goes beside it through portal.domain.mail."""

from __future__ import annotations

from datetime import datetime, timezone

from portal.domain.errors import NotFound
from portal.domain.mail import queue_mail
from portal.domain.parsing import parse_id
from portal.i18n import _, format_moment
from portal.links import absolute, path_for
from portal.listing import DESKTOP, Column, Listing, Pager, Sort, numbered_pager
from portal.tables import Account, Notification


async def notify(account_id: int, title: str, body: str = "", link: str = "") -> Notification:
    """A new unread notification; `link` is a path of the portal (made by the caller from a route name)."""
    row = Notification(account=account_id, title=title[:200], body=body, link=link[:300],
                       created_at=datetime.now(timezone.utc))
    await row.save()
    return row


async def tell(account_id: int | None, title: str, text: str, see: str, route: str, **params: str) -> None:
    """A notification to the account and an e-mail to its address, both leading to `route` (signing in
    first when needed); `see` is the mail's line above the link ("Bekijk de order in Mijn HartingBank:").
    Nobody to tell (a record of a deleted account) is no error."""
    if account_id is None:
        return
    account = await Account.objects().where(Account.id == account_id).first()
    if account is None:
        return
    await notify(account.id, title, text, path_for(route, **params))
    body = _(
        "Beste %(name)s,\n\n%(text)s\n\n%(see)s\n%(link)s\n\n"
        "Met vriendelijke groet,\nOnline klantenservice HartingBank\n088 124 82 11"
    ) % {"name": account.name, "text": text, "see": see, "link": absolute(route, **params)}
    await queue_mail(account.email, title, body)


async def unread_count(account_id: int) -> int:
    return await Notification.count().where((Notification.account == account_id) & Notification.read_at.is_null())


NOTIFICATION_LISTING = Listing(
    id="notifications",
    caption=_("Meldingen"),
    columns=(
        Column("title", _("Melding"), link="notifications:open", link_params=(("notification_id", "id"),)),
        Column("body", _("Bericht"), priority=DESKTOP),
        Column("created_label", _("Ontvangen"), nowrap=True),
        Column("read_label", _("Gelezen"), nowrap=True),
    ),
    default_sort=Sort("nieuwste", descending=True),
    sorts={"nieuwste": _("Ontvangen")},
)
PAGE_SIZE = 25


async def notification_page(account_id: int, page: int) -> tuple[list[dict], Pager]:
    """The account's notifications, newest first, a page at a time (unread ones marked)."""
    condition = Notification.account == account_id
    pages = max(1, -(-await Notification.count().where(condition) // PAGE_SIZE))
    page = min(page, pages)
    rows = await Notification.select().where(condition).order_by(Notification.created_at, ascending=False).order_by(
        Notification.id, ascending=False).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    for row in rows:
        row["created_label"] = format_moment(row["created_at"])
        row["read_label"] = format_moment(row["read_at"]) if row["read_at"] else _("Nieuw")
        row["row_class"] = "" if row["read_at"] else "unread"
    return rows, numbered_pager(page, pages)


async def open_notification(account_id: int, notification_id: str) -> str:
    """Mark the account's notification read and answer where it leads; another account's is not found."""
    wanted = parse_id(notification_id)
    row = await Notification.objects().where(
        (Notification.id == wanted) & (Notification.account == account_id)).first() if wanted else None
    if row is None:
        raise NotFound(notification_id)
    if row.read_at is None:
        await Notification.update({Notification.read_at: datetime.now(timezone.utc)}).where(Notification.id == row.id)
    return row.link
