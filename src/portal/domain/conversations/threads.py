"""Writing and reading conversations: a message is checked (not empty, not too long, not a flood), kept
with its thread, and the other side is told: customer service by e-mail to the address in the settings,
the customer's people by a notification and an e-mail (notifications.tell). Markup in a message is text:
templates escape it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from portal.domain import notifications
from portal.domain.conversations import hours, live
from portal.domain.conversations.records import KINDS, Record, record_number
from portal.domain.errors import NotFound
from portal.domain.mail import queue_mail
from portal.domain.parsing import parse_id
from portal.i18n import _, format_moment
from portal.links import absolute
from portal.settings import get_settings
from portal.tables import Account, ChatMessage, ChatThread, Organisation

LIVE_CHAT = "chat"
MESSAGE_MAX = 2000
# A flood: more than this many messages of one account within the window (all its threads together).
FLOOD_MESSAGES = 10
FLOOD_SECONDS = 60
HISTORY_LIMIT = 200  # the newest messages a thread shows; older ones stay in the database


class MessageRefused(ValueError):
    """A message that is not taken; the text says why, in Dutch, for beside the field."""


@dataclass(frozen=True)
class Sent:
    thread: ChatThread
    message: ChatMessage


def clean_message(raw: object) -> str:
    """Typed text with its line breaks, without other control characters or lone surrogates (PostgreSQL
    refuses a NUL; a surrogate cannot be stored)."""
    text = raw if isinstance(raw, str) else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if (ch >= " " or ch in "\n\t") and ch != "\x7f"
                   and not "\ud800" <= ch <= "\udfff").strip()


def message_problem(text: str) -> str | None:
    if not text:
        return _("Typ eerst uw bericht.")
    if len(text) > MESSAGE_MAX:
        return _("Uw bericht is %(length)s tekens lang; het mag hoogstens %(max)s tekens zijn. Maak het korter "
                 "of verstuur het in delen.") % {"length": len(text), "max": MESSAGE_MAX}
    return None


async def flood_problem(account_id: int, now: datetime) -> str | None:
    recent = await ChatMessage.count().where(
        (ChatMessage.account == account_id) & (ChatMessage.created_at > now - timedelta(seconds=FLOOD_SECONDS)))
    if recent >= FLOOD_MESSAGES:
        return _("U heeft veel berichten kort na elkaar verstuurd. Wacht een minuut en verstuur uw bericht dan "
                 "opnieuw; het staat nog in het veld.")
    return None


async def _checked(account: Account, raw: object, now: datetime) -> str:
    text = clean_message(raw)
    problem = message_problem(text) or await flood_problem(account.id, now)
    if problem:
        raise MessageRefused(problem)
    return text


async def _add(thread: ChatThread, body: str, author: str, now: datetime, account: Account | None) -> ChatMessage:
    message = ChatMessage(thread=thread.id, from_staff=account is None, author=author[:200], body=body,
                          created_at=now, account=account.id if account else None)
    await message.save()
    await ChatThread.update({ChatThread.last_message_at: now, ChatThread.waiting_for_staff: account is not None,
                             ChatThread.status: "open"}).where(ChatThread.id == thread.id)
    return message


def channel_of(thread: ChatThread) -> str:
    """The live channel of a thread: its account's chat, or its record."""
    if thread.record_kind == LIVE_CHAT:
        return live.chat_channel(thread.account)
    return live.record_channel(thread.record_kind, thread.record_id or 0)


# --- Finding threads ------------------------------------------------------------------------------


async def live_thread(account: Account) -> ChatThread | None:
    """The account's live chat (its newest; a closed one opens again when they write)."""
    return await ChatThread.objects().where(
        (ChatThread.account == account.id) & (ChatThread.record_kind == LIVE_CHAT)
    ).order_by(ChatThread.id, ascending=False).first()


async def record_thread(record: Record) -> ChatThread | None:
    return await ChatThread.objects().where(
        (ChatThread.record_kind == record.kind) & (ChatThread.record_id == record.id)).first()


async def _record_thread_to_write(record: Record, account: Account, now: datetime) -> ChatThread:
    found = await record_thread(record)
    if found is not None:
        return found
    thread = ChatThread(organisation=record.organisation_id, account=account.id, record_kind=record.kind,
                        record_id=record.id, subject=f"{KINDS[record.kind].label} {record.number}"[:200], created_at=now)
    try:
        await thread.save()
    except Exception:  # two first messages at once: the unique index keeps one thread, so use that one
        found = await record_thread(record)
        if found is None:
            raise
        return found
    return thread


async def staff_thread(thread_id: str | int) -> ChatThread:
    """Any thread, for HartingBank's staff; an unknown id is NotFound."""
    wanted = parse_id(thread_id)
    thread = await ChatThread.objects().where(ChatThread.id == wanted).first() if wanted else None
    if thread is None:
        raise NotFound(thread_id)
    return thread


async def messages_after(thread_id: int | None, after_id: int = 0) -> list[dict]:
    """The thread's messages after `after_id`, oldest first (the newest HISTORY_LIMIT of them)."""
    if thread_id is None:
        return []
    rows = await ChatMessage.select().where((ChatMessage.thread == thread_id) & (ChatMessage.id > after_id)).order_by(
        ChatMessage.id, ascending=False).limit(HISTORY_LIMIT)
    rows.reverse()
    for row in rows:
        row["moment"] = format_moment(row["created_at"])
    return rows


# --- Writing ----------------------------------------------------------------------------------------


async def send_chat_message(account: Account, raw: object, now: datetime | None = None) -> Sent:
    """A customer's message in the live chat. Outside office hours it is taken all the same and customer
    service gets it by e-mail."""
    now = now or hours.now()
    text = await _checked(account, raw, now)
    thread = await live_thread(account)
    if thread is None:
        thread = ChatThread(organisation=account.organisation, account=account.id, record_kind=LIVE_CHAT,
                            subject=_("Chat"), created_at=now)
        await thread.save()
    message = await _add(thread, text, account.name, now, account)
    if not hours.is_open(now):
        await _mail_service(thread, message, _("Chatbericht buiten kantooruren van %(name)s") % {"name": account.name})
    return Sent(thread, message)


async def send_record_message(account: Account, record: Record, raw: object, now: datetime | None = None) -> Sent:
    """A customer's message in the thread of a record they may see (the caller found it through the
    record's own rule); customer service gets it by e-mail."""
    now = now or hours.now()
    text = await _checked(account, raw, now)
    thread = await _record_thread_to_write(record, account, now)
    message = await _add(thread, text, account.name, now, account)
    subject = _("Nieuw bericht over %(kind)s %(number)s") % {"kind": KINDS[record.kind].label.lower(),
                                                            "number": record.number}
    await _mail_service(thread, message, subject)
    return Sent(thread, message)


async def staff_reply(thread_id: str | int, staff_name: str, raw: object, now: datetime | None = None) -> Sent:
    """HartingBank's answer in any thread; the customer's people in it are told."""
    now = now or hours.now()
    thread = await staff_thread(thread_id)
    text = clean_message(raw)
    if problem := message_problem(text):
        raise MessageRefused(problem)
    last_customer = await ChatMessage.select(ChatMessage.created_at).where(
        (ChatMessage.thread == thread.id) & (ChatMessage.from_staff == False)  # noqa: E712
    ).order_by(ChatMessage.id, ascending=False).first()
    message = await _add(thread, text, staff_name or _("HartingBank"), now, None)
    if thread.record_kind == LIVE_CHAT:
        # Live, nobody needs a mail; a message left outside office hours gets its answer by mail too.
        if last_customer and not hours.is_open(last_customer["created_at"]):
            await notifications.tell(
                thread.account, _("Antwoord van de klantenservice"), text, _("Lees het antwoord in Mijn HartingBank:"),
                "chat:show")
    else:
        await _tell_customers(thread, text)
    return Sent(thread, message)


async def close_thread(thread_id: str | int) -> ChatThread:
    """Staff close a conversation they finished; a new message opens it again."""
    thread = await staff_thread(thread_id)
    await ChatThread.update({ChatThread.status: "closed", ChatThread.waiting_for_staff: False}).where(
        ChatThread.id == thread.id)
    thread.status = "closed"
    return thread


# --- Telling the other side -----------------------------------------------------------------------


async def _mail_service(thread: ChatThread, message: ChatMessage, subject: str) -> None:
    organisation = await Organisation.select(Organisation.name).where(Organisation.id == thread.organisation).first()
    body = _("%(author)s (%(organisation)s) schreef:\n\n%(text)s\n\nBeantwoorden:\n%(link)s") % {
        "author": message.author, "organisation": organisation["name"] if organisation else "",
        "text": message.body, "link": absolute("staff_chat:show", thread_id=thread.id)}
    await queue_mail(get_settings().service_email, subject, body)


async def _tell_customers(thread: ChatThread, text: str) -> None:
    """Staff wrote in a record's thread: its requester and everyone of the customer who wrote in it."""
    kind = KINDS.get(thread.record_kind)
    number = await record_number(thread.record_kind, thread.record_id)
    if kind is None or not number:
        return
    table = kind.table
    record = await table.select(table.organisation, getattr(table, kind.requester)).where(
        table.id == thread.record_id).first()
    writers = await ChatMessage.select(ChatMessage.account).where(
        (ChatMessage.thread == thread.id) & ChatMessage.account.is_not_null()).distinct()
    people = {row["account"] for row in writers}
    if record and record[kind.requester]:
        people.add(record[kind.requester])
    title = _("Nieuw bericht van HartingBank over %(kind)s %(number)s") % {"kind": kind.label.lower(), "number": number}
    organisation = record["organisation"] if record else thread.organisation
    allowed = await Account.select(Account.id).where(Account.id.is_in(list(people) or [-1])
                                                    & (Account.organisation == organisation))
    for row in allowed:
        await notifications.tell(row["id"], title, text, _("Lees het bericht in Mijn HartingBank:"), kind.route,
                                 **{kind.param: number})
