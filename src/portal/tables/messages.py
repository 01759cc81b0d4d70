"""Portal notifications, chat, contact and appointment requests, help content and the mail outbox."""

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from portal.tables.accounts import Account
from portal.tables.catalogue import Product
from portal.tables.organisations import Organisation


class Notification(Table):
    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    body = Text(default="")
    link = Varchar(length=300, default="")
    created_at = Timestamptz()
    read_at = Timestamptz(null=True, default=None)


class ChatThread(Table):
    """A conversation with HartingBank: an account's live chat (record_kind "chat"), or the thread of one
    record (an order, a service request, a quote), shared by everyone who may see that record."""

    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, index=True)
    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade, index=True)
    subject = Varchar(length=200, default="")
    status = Varchar(length=10, default="open")  # open | closed
    created_at = Timestamptz()
    record_kind = Varchar(length=20, default="chat")  # chat | order | service_request | quote
    record_id = Integer(null=True, default=None)  # the record's id; None for a live chat
    last_message_at = Timestamptz(null=True, default=None, index=True)
    waiting_for_staff = Boolean(default=False)  # the last message is the customer's


class ChatMessage(Table):
    thread = ForeignKey(ChatThread, null=False, on_delete=OnDelete.cascade, index=True)
    from_staff = Boolean(default=False)
    author = Varchar(length=200)
    body = Text()
    created_at = Timestamptz()
    # The customer who wrote it (None for staff): the flood limit counts per account.
    account = ForeignKey(Account, null=True, default=None, on_delete=OnDelete.set_null, index=True)


class ContactRequest(Table):
    """Contact form (CON-1) and appointment with an adviser (SHOP-2): staff handle it in /admin with a
    reply the requester reads in "Mijn verzoeken"."""

    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.cascade, index=True)
    account = ForeignKey(Account, null=True, on_delete=OnDelete.set_null)
    kind = Varchar(length=12)  # contact | appointment
    product = ForeignKey(Product, null=True, on_delete=OnDelete.set_null)
    subject = Varchar(length=200, default="")
    message = Text(default="")
    phone = Varchar(length=40, default="")
    preferred_date = Date(null=True, default=None)
    status = Varchar(length=10, default="open")  # open | handled
    created_at = Timestamptz()
    number = Varchar(length=20, default="", index=True)  # VRZ-2026-000001
    email = Varchar(length=254, default="")
    reach_by = Varchar(length=10, default="")  # phone | email: how the requester wants to be reached
    preferred_days = Varchar(length=40, default="")  # "ma,wo,vr"
    preferred_times = Varchar(length=20, default="")  # "ochtend,middag"
    reply = Text(default="")
    handled_at = Timestamptz(null=True, default=None)
    handled_by = Varchar(length=200, default="")


class FaqItem(Table):
    question = Varchar(length=300)
    answer = Text()
    position = Integer(default=0)


class InstructionVideo(Table):
    title = Varchar(length=200)
    description = Text(default="")
    url = Varchar(length=300)
    position = Integer(default=0)


class MailOutbox(Table):
    """Every e-mail the portal sends; kept for staff, sent by SMTP when one is configured."""

    to_address = Varchar(length=254, index=True)
    subject = Varchar(length=300)
    body_text = Text()
    status = Varchar(length=8, default="queued", index=True)  # queued | sent | failed | kept
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class InspectionReminder(Table):
    """The monthly inspection mail sent to one account: one row per account and month, so a second run
    in the same month sends nothing (unique through an index of the migration)."""

    account = ForeignKey(Account, null=False, on_delete=OnDelete.cascade)
    month = Varchar(length=7)  # "2026-12"
    aids = Integer(default=0)
    sent_at = Timestamptz()
