"""The staff's chat desk (STAFF-2 "answer chats"): the open conversations of every customer, those
waiting for an answer first, and one conversation with who and what it is about."""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain.conversations.records import KINDS, record_number
from portal.domain.conversations.threads import LIVE_CHAT, messages_after, staff_thread
from portal.i18n import _, format_moment
from portal.listing import DESKTOP, Column, Listing, Pager, Sort, numbered_pager
from portal.tables import Account, ChatThread, Organisation

PAGE_SIZE = 25

DESK_LISTING = Listing(
    id="open-conversations",
    caption=_("Open gesprekken"),
    columns=(
        Column("about", _("Gesprek"), link="staff_chat:show", link_params=(("thread_id", "id"),)),
        Column("organisation_name", _("Klant")),
        Column("account_name", _("Gestart door"), priority=DESKTOP),
        Column("last_label", _("Laatste bericht"), nowrap=True),
        Column("state_label", _("Status"), badge="status-badge", badge_key="state"),
    ),
    default_sort=Sort("laatste", descending=True),
    sorts={"laatste": _("Laatste bericht")},
)


async def about(thread: dict) -> str:
    """"Chat" or "Order ORD-…": what a conversation is about."""
    if thread["record_kind"] == LIVE_CHAT:
        return _("Chat")
    kind = KINDS.get(thread["record_kind"])
    number = await record_number(thread["record_kind"], thread["record_id"])
    return f"{kind.label if kind else thread['record_kind']} {number}".strip()


async def open_conversations(page: int) -> tuple[list[dict], Pager]:
    """Open conversations with at least one message: waiting for an answer first, newest first."""
    condition = (ChatThread.status == "open") & ChatThread.last_message_at.is_not_null()
    pages = max(1, -(-await ChatThread.count().where(condition) // PAGE_SIZE))
    page = min(page, pages)
    rows = await ChatThread.select(
        ChatThread.all_columns(), ChatThread.organisation.name.as_alias("organisation_name"),
        ChatThread.account.name.as_alias("account_name"),
    ).where(condition).order_by(ChatThread.waiting_for_staff, ascending=False).order_by(
        ChatThread.last_message_at, ascending=False).order_by(ChatThread.id, ascending=False).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    for row in rows:
        row["about"] = await about(row)
        row["last_label"] = format_moment(row["last_message_at"])
        row["state"] = "waiting" if row["waiting_for_staff"] else "answered"
        row["state_label"] = _("Wacht op antwoord") if row["waiting_for_staff"] else _("Beantwoord")
        row["row_class"] = "unread" if row["waiting_for_staff"] else ""
    return rows, numbered_pager(page, pages)


@dataclass
class Conversation:
    thread: ChatThread
    about: str
    organisation_name: str
    account_name: str
    messages: list[dict]


async def conversation(thread_id: str) -> Conversation:
    thread = await staff_thread(thread_id)
    organisation = await Organisation.select(Organisation.name).where(Organisation.id == thread.organisation).first()
    account = await Account.select(Account.name).where(Account.id == thread.account).first()
    return Conversation(thread, await about(thread.to_dict()), organisation["name"] if organisation else "",
                        account["name"] if account else "", await messages_after(thread.id))
