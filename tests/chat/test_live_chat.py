"""The live chat at the bottom right (CON-1): the panel on every page, a message kept in the history,
office hours, and what is refused (empty, too long, a flood) with the typed text kept."""

from __future__ import annotations

from portal.domain.conversations import hours
from portal.tables import ChatMessage, ChatThread, MailOutbox
from tests.chat.conftest import EVENING, OFFICE_TIME, page_token, person, signed_in
from tests.security.routes import parse_html


async def send(client, text: str, htmx: bool = False):
    token = await page_token(client, "/chat")
    headers = {"HX-Request": "true"} if htmx else {}
    return await client.post("/chat", data={"_csrf_token": token, "chatbericht": text}, headers=headers)


def log_texts(html: str) -> list[str]:
    logs = [node for node in parse_html(html).iter("ol") if "chat-log" in node.attrs.get("class", "")]
    assert logs, "no chat log on the page"
    return [" ".join(item.text().split()) for item in logs[0].iter("li")]


def field_of(html: str, name: str):
    return next(node for node in parse_html(html).iter("textarea") if node.attrs.get("name") == name)


async def test_every_page_has_the_chat_button_that_opens_the_panel(tenant, make_client, clock):
    nurse = await signed_in(make_client, await person(tenant))
    page = await nurse.get("/hulpmiddelen")
    widget = next(node for node in parse_html(page.text).iter("details") if node.attrs.get("id") == "chat-widget")
    assert "Chat" in next(widget.iter("summary")).text()
    panel = next(node for node in widget.iter("div") if "chat-panel" in node.attrs.get("class", ""))
    assert panel.attrs["hx-get"] == "/chat"
    assert any(a.attrs.get("href") == "/chat" for a in panel.iter("a"))  # without script: the chat's page

    partial = await nurse.get("/chat", headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "chat-form" in partial.text
    assert partial.headers["vary"] == "HX-Request"


async def test_a_message_is_kept_and_shown_in_the_history(tenant, make_client, clock):
    account = await person(tenant, name="Els de Vries")
    nurse = await signed_in(make_client, account)
    answer = await send(nurse, "Waar blijft mijn rolstoel?")
    assert answer.status_code == 303 and answer.headers["location"] == "/chat"
    page = await nurse.get("/chat")
    assert any("Waar blijft mijn rolstoel?" in text and "Els de Vries" in text for text in log_texts(page.text))
    thread = await ChatThread.objects().get(ChatThread.account == account.id)
    assert (thread.record_kind, thread.status, thread.waiting_for_staff) == ("chat", "open", True)
    assert await ChatMessage.count().where(ChatMessage.thread == thread.id) == 1
    # Live during office hours: no e-mail.
    assert await MailOutbox.count() == 0


async def test_htmx_send_answers_a_fresh_box_and_the_message_comes_through_the_stream(tenant, make_client, clock):
    nurse = await signed_in(make_client, await person(tenant))
    answer = await send(nurse, "Eerste vraag", htmx=True)
    assert answer.status_code == 200
    assert field_of(answer.text, "chatbericht").text() == ""
    stream = await nurse.get("/chat/stream")
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert "Eerste vraag" in stream.text and "id: " in stream.text


async def test_markup_in_a_message_is_shown_as_text(tenant, make_client, clock):
    nurse = await signed_in(make_client, await person(tenant))
    await send(nurse, '<script>alert("x")</script><b>vet</b>')
    page = await nurse.get("/chat")
    assert "<script>alert" not in page.text and "<b>vet</b>" not in page.text
    assert "&lt;b&gt;vet&lt;/b&gt;" in page.text
    stream = await nurse.get("/chat/stream")
    assert "<b>vet</b>" not in stream.text and "&lt;b&gt;vet&lt;/b&gt;" in stream.text


async def test_an_empty_message_is_refused_with_a_message_beside_the_field(tenant, make_client, clock):
    nurse = await signed_in(make_client, await person(tenant))
    answer = await send(nurse, "   \n  ")
    assert answer.status_code == 200
    box = field_of(answer.text, "chatbericht")
    assert box.attrs.get("aria-invalid") == "true"
    assert "Typ eerst uw bericht." in answer.text
    assert await ChatMessage.count() == 0


async def test_a_100_kb_message_is_refused_and_what_was_typed_stays(tenant, make_client, clock):
    nurse = await signed_in(make_client, await person(tenant))
    typed = "Lange tekst. " * 8000  # about 100 KB
    for htmx in (False, True):
        answer = await send(nurse, typed, htmx=htmx)
        assert answer.status_code == 200
        assert "hoogstens 2000 tekens" in answer.text
        box = field_of(answer.text, "chatbericht")
        assert box.attrs.get("aria-invalid") == "true" and box.text().strip() == typed.strip()
    assert await ChatMessage.count() == 0


async def test_a_flood_of_messages_is_refused_per_account_with_a_clear_message(tenant, make_client, clock):
    account = await person(tenant)
    nurse = await signed_in(make_client, account)
    for n in range(10):
        assert (await send(nurse, f"Bericht {n}")).status_code == 303
    answer = await send(nurse, "Nog een", htmx=True)
    assert answer.status_code == 200
    assert "Wacht een minuut" in answer.text
    assert field_of(answer.text, "chatbericht").text() == "Nog een"
    assert await ChatMessage.count() == 10
    # A colleague is not held up by it.
    colleague = await signed_in(make_client, await person(tenant))
    assert (await send(colleague, "Mijn eigen vraag")).status_code == 303


async def test_outside_office_hours_the_chat_says_so_and_takes_the_message_by_mail(tenant, make_client, clock):
    clock(EVENING)
    nurse = await signed_in(make_client, await person(tenant, name="Els de Vries"))
    page = await nurse.get("/chat")
    assert "De klantenservice is nu gesloten" in page.text and "08:30" in page.text
    assert (await send(nurse, "Morgen graag een belletje")).status_code == 303
    mail = await MailOutbox.objects().get(MailOutbox.to_address == "onlineklantenservice@harting-bank.nl")
    assert "Els de Vries" in mail.subject and "Morgen graag een belletje" in mail.body_text
    assert "/medewerkers/chat/" in mail.body_text


def test_office_hours_are_weekdays_from_half_past_eight_to_five():
    from datetime import datetime, timezone

    assert hours.is_open(OFFICE_TIME)
    assert not hours.is_open(EVENING)
    assert hours.is_open(datetime(2026, 12, 2, 7, 30, tzinfo=timezone.utc))  # 08:30 in Amsterdam
    assert not hours.is_open(datetime(2026, 12, 2, 7, 29, tzinfo=timezone.utc))
    assert not hours.is_open(datetime(2026, 12, 2, 16, 0, tzinfo=timezone.utc))  # 17:00
    assert not hours.is_open(datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc))  # a Saturday
    assert hours.is_open(datetime(2026, 7, 1, 6, 30, tzinfo=timezone.utc))  # summer time: 08:30


async def test_the_stream_ends_at_once_for_head_and_sends_only_what_is_missed(tenant, make_client, clock):
    nurse = await signed_in(make_client, await person(tenant))
    for text in ("een", "twee", "drie"):
        await send(nurse, text)
    ids = [row["id"] for row in await ChatMessage.select(ChatMessage.id).order_by(ChatMessage.id)]
    head = await nurse.head("/chat/stream", headers={"Accept": "text/event-stream"})
    assert head.status_code == 200 and head.content == b""
    missed = await nurse.get("/chat/stream", headers={"Last-Event-ID": str(ids[0])})
    assert [line for line in missed.text.splitlines() if line.startswith("id: ")] == [f"id: {ids[1]}", f"id: {ids[2]}"]
    by_query = await nurse.get(f"/chat/stream?na={ids[1]}")
    assert [line for line in by_query.text.splitlines() if line.startswith("id: ")] == [f"id: {ids[2]}"]
