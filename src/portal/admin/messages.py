"""Berichten: chats, contact requests, the mail outbox, notifications and help content (STAFF-2, X-3)."""

from __future__ import annotations

from piccolo_admin.endpoints import TableConfig

from portal.admin.config import BERICHTEN, config
from portal.admin.refusals import refuse_queries_on, refusing
from portal.tables import (
    ChatMessage,
    ChatThread,
    ContactRequest,
    FaqItem,
    InspectionReminder,
    InstructionVideo,
    MailOutbox,
    Notification,
)

CONTACT_COMES_FROM_THE_PORTAL = "Verzoeken komen uit het portaal: het contactformulier en de productpagina's."
USE_THE_CONTACT_FORM = ("Handel een verzoek af met het formulier 'Verzoek afhandelen': dan leest de klant het antwoord "
                        "in Mijn verzoeken en krijgt hij een e-mail.")
MAIL_IS_WRITTEN_BY_THE_PORTAL = "E-mails maakt het portaal zelf aan."
MAIL_CANNOT_BE_CHANGED = (
    "Een e-mail kan niet worden gewijzigd of naar een ander adres gestuurd. Een nieuwe uitnodiging verstuurt u "
    "met het formulier 'Uitnodiging opnieuw versturen'."
)
MAIL_TEXT_IS_NOT_SEARCHABLE = (
    "Zoeken of sorteren op de tekst van een e-mail kan niet: die kan eenmalige links bevatten. Zoek op "
    "ontvanger, onderwerp, status of datum."
)


def message_tables() -> list[TableConfig]:
    return [
        # Answered on the portal's chat desk (sidebar "Chats beantwoorden"); here the rows themselves.
        config(ChatThread, BERICHTEN, [ChatThread.id, ChatThread.created_at, ChatThread.organisation, ChatThread.account,
                                       ChatThread.subject, ChatThread.record_kind, ChatThread.status,
                                       ChatThread.waiting_for_staff, ChatThread.last_message_at],
               [ChatThread.status, ChatThread.record_kind, ChatThread.waiting_for_staff, ChatThread.organisation,
                ChatThread.account, ChatThread.created_at],
               newest_first=ChatThread.created_at),
        config(ChatMessage, BERICHTEN, [ChatMessage.id, ChatMessage.created_at, ChatMessage.thread, ChatMessage.from_staff,
                                        ChatMessage.author, ChatMessage.body],
               [ChatMessage.thread, ChatMessage.from_staff, ChatMessage.created_at], newest_first=ChatMessage.created_at),
        # The queue is the sidebar link "Contact: open verzoeken"; handling is the form "Verzoek afhandelen"
        # (portal.admin.contact_forms), so the requester reads the reply and gets it by e-mail.
        config(ContactRequest, BERICHTEN,
               [ContactRequest.number, ContactRequest.created_at, ContactRequest.organisation, ContactRequest.account,
                ContactRequest.kind, ContactRequest.subject, ContactRequest.product, ContactRequest.preferred_days,
                ContactRequest.preferred_times, ContactRequest.reach_by, ContactRequest.phone, ContactRequest.email,
                ContactRequest.status, ContactRequest.handled_at],
               [ContactRequest.status, ContactRequest.kind, ContactRequest.number, ContactRequest.organisation,
                ContactRequest.account, ContactRequest.created_at],
               link=ContactRequest.number, newest_first=ContactRequest.created_at,
               validators=refusing(create=CONTACT_COMES_FROM_THE_PORTAL, change=USE_THE_CONTACT_FORM)),
        # Every e-mail the portal sent or still has to send; see also the sidebar links. Staff read them with
        # every one-time link masked (portal.admin.asgi) and may withdraw one, but neither write nor
        # redirect one: a kept invitation sent to another address would hand its link to that mailbox.
        config(MailOutbox, BERICHTEN,
               [MailOutbox.id, MailOutbox.created_at, MailOutbox.to_address, MailOutbox.subject, MailOutbox.status,
                MailOutbox.attempts, MailOutbox.sent_at],
               [MailOutbox.status, MailOutbox.to_address, MailOutbox.subject, MailOutbox.created_at, MailOutbox.sent_at],
               newest_first=MailOutbox.created_at,
               validators=refusing(create=MAIL_IS_WRITTEN_BY_THE_PORTAL, change=MAIL_CANNOT_BE_CHANGED,
                                   queries=[refuse_queries_on("body_text", MAIL_TEXT_IS_NOT_SEARCHABLE)])),
        # The monthly inspection mail (python -m portal inspection-reminders): which account had which month's.
        # Deleting a row lets that account get the month's mail again on the next run.
        config(InspectionReminder, BERICHTEN,
               [InspectionReminder.id, InspectionReminder.month, InspectionReminder.account, InspectionReminder.aids,
                InspectionReminder.sent_at],
               [InspectionReminder.month, InspectionReminder.account], newest_first=InspectionReminder.sent_at,
               validators=refusing(create=MAIL_IS_WRITTEN_BY_THE_PORTAL, change=MAIL_CANNOT_BE_CHANGED)),
        config(Notification, BERICHTEN, [Notification.id, Notification.created_at, Notification.account, Notification.title,
                                         Notification.read_at],
               [Notification.account, Notification.created_at, Notification.read_at], newest_first=Notification.created_at),
        config(FaqItem, BERICHTEN, [FaqItem.question, FaqItem.position], [FaqItem.question], link=FaqItem.question,
               order=[FaqItem.position]),
        config(InstructionVideo, BERICHTEN, [InstructionVideo.title, InstructionVideo.url, InstructionVideo.position],
               [InstructionVideo.title], link=InstructionVideo.title, order=[InstructionVideo.position]),
    ]
