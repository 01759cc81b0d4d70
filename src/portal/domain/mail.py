"""The mail outbox (X-3): every message is stored first; with PORTAL_SMTP_URL it then goes out by SMTP,
otherwise it stays in the outbox, where HartingBank staff can read it in /admin.

An invitation or password-reset mail carries a one-time link that signs its reader in to the account.
The outbox keeps that link only while the mail still has to be sent (`send-mail` sends what was kept
without SMTP); once sent, the stored copy keeps the text without the link. Staff never see a live link:
the admin shows every one masked (portal.admin.asgi)."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime, timezone
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

import aiosmtplib

from portal.i18n import _
from portal.settings import get_settings
from portal.tables import MailOutbox

log = logging.getLogger(__name__)
_pending: set[asyncio.Task] = set()

# The links of portal.domain.accounts.password_link: the token is secrets.token_urlsafe.
ONE_TIME_LINK = re.compile(r"(/wachtwoord-instellen/)[A-Za-z0-9_-]+")


def without_one_time_links(text: str) -> str:
    """`text` with the token of every one-time link replaced by a word saying it is hidden."""
    return ONE_TIME_LINK.sub(lambda match: match.group(1) + _("[verborgen]"), text)


def sending_enabled() -> bool:
    """Whether mail goes out by SMTP now, or is kept in the outbox until `send-mail`."""
    return bool(get_settings().smtp_url)


async def queue_mail(to_address: str, subject: str, body_text: str) -> MailOutbox:
    """Store the message and, when SMTP is configured, send it in the background so the answer to the
    user never waits for (or reveals) a mail server."""
    settings = get_settings()
    row = MailOutbox(
        to_address=to_address,
        subject=subject,
        body_text=body_text,
        status="queued" if settings.smtp_url else "kept",
        created_at=datetime.now(timezone.utc),
    )
    await row.save()
    if settings.smtp_url:
        task = asyncio.get_running_loop().create_task(deliver(row.id))
        _pending.add(task)
        task.add_done_callback(_pending.discard)
    return row


async def drain() -> None:
    """Wait for the mails being sent now (tests, and a clean shutdown)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)


async def deliver(outbox_id: int) -> bool:
    settings = get_settings()
    row = await MailOutbox.objects().where(MailOutbox.id == outbox_id).first()
    if row is None or not settings.smtp_url or row.status == "sent":
        return False
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = row.to_address
    message["Subject"] = row.subject
    message.set_content(row.body_text)
    url = urlparse(settings.smtp_url)
    try:
        await aiosmtplib.send(
            message,
            hostname=url.hostname,
            port=url.port or (465 if url.scheme == "smtps" else 25),
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_tls=url.scheme == "smtps",
            start_tls=None,
            timeout=20,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        log.warning("mail %s to %s failed: %s", row.id, row.to_address, error)
        await MailOutbox.update(
            {MailOutbox.status: "failed", MailOutbox.attempts: row.attempts + 1, MailOutbox.last_error: str(error)}
        ).where(MailOutbox.id == row.id)
        return False
    await MailOutbox.update({
        MailOutbox.status: "sent", MailOutbox.attempts: row.attempts + 1, MailOutbox.sent_at: datetime.now(timezone.utc),
        # Sent: the link is in the recipient's mailbox now, and nowhere else.
        MailOutbox.body_text: without_one_time_links(row.body_text),
    }).where(MailOutbox.id == row.id)
    return True


async def retry_unsent() -> int:
    """Send what is queued, failed, or was kept while no SMTP server was configured (the `send-mail`
    command); the number sent."""
    rows = await MailOutbox.select(MailOutbox.id).where(MailOutbox.status.is_in(["queued", "failed", "kept"]))
    sent = 0
    for row in rows:
        sent += await deliver(row["id"])
    return sent
