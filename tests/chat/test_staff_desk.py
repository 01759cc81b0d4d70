"""The staff's chat desk reached from /admin: only with a staff session, the open conversations, one
conversation with its history, an answer (told to the customer where due), closing."""

from __future__ import annotations

from portal.admin.site import SIDEBAR_LINKS
from portal.tables import ChatMessage, ChatThread, MailOutbox, Notification
from tests.chat.conftest import EVENING, OFFICE_TIME, page_token, person, signed_in, staff_client
from tests.security.routes import parse_html


async def chat(client, text: str):
    token = await page_token(client, "/chat")
    return await client.post("/chat", data={"_csrf_token": token, "chatbericht": text})


async def test_the_desk_is_linked_from_the_admin_sidebar():
    assert SIDEBAR_LINKS["Chats beantwoorden"] == "/medewerkers/chat/"


def shows_the_way_to_the_staff_sign_in(response) -> bool:
    links = [a.attrs.get("href") for a in parse_html(response.text).iter("a")]
    return "Alleen voor medewerkers van HartingBank" in response.text and "/admin/" in links


async def test_without_a_staff_session_the_desk_shows_only_the_way_to_the_admin_sign_in(tenant, make_client, clock):
    customer = await signed_in(make_client, await person(tenant, "admin"))
    await chat(customer, "Een geheime vraag")
    thread = await ChatThread.objects().first()
    expired = await staff_client(make_client, "oud")
    from piccolo_api.session_auth.tables import SessionsBase
    await SessionsBase.delete(force=True)
    for client in (make_client(), customer, expired):
        for path in ("/medewerkers/chat/", f"/medewerkers/chat/{thread.id}", f"/medewerkers/chat/{thread.id}/stream"):
            response = await client.get(path)
            assert shows_the_way_to_the_staff_sign_in(response), path
            assert "Een geheime vraag" not in response.text
        htmx = await client.get("/medewerkers/chat/", headers={"HX-Request": "true"})
        assert htmx.headers.get("hx-redirect") == "/admin/"
        token = await page_token(client, "/chat" if client is customer else "/inloggen")
        answer = await client.post(f"/medewerkers/chat/{thread.id}", data={"_csrf_token": token, "antwoord": "Nep"})
        assert shows_the_way_to_the_staff_sign_in(answer)
    assert await ChatMessage.count() == 1


async def test_staff_see_the_open_conversations_waiting_first(tenant, make_client, clock):
    els = await signed_in(make_client, await person(tenant, name="Els de Vries"))
    jan = await signed_in(make_client, await person(tenant, name="Jan Smit"))
    await chat(els, "Vraag van Els")
    await chat(jan, "Vraag van Jan")
    staff = await staff_client(make_client)
    page = await staff.get("/medewerkers/chat/")
    assert page.status_code == 200 and "Chats beantwoorden" in page.text and "Bart" in page.text
    rows = [" ".join(row.text().split()) for row in parse_html(page.text).iter("tr")][1:]
    assert len(rows) == 2 and all("Wacht op antwoord" in row and "Zorggroep Noord" in row for row in rows)
    assert "Jan Smit" in rows[0]  # newest first
    thread = await ChatThread.objects().get(ChatThread.account == (await ChatMessage.objects().get(
        ChatMessage.body == "Vraag van Els")).account)
    token = await page_token(staff, f"/medewerkers/chat/{thread.id}")
    await staff.post(f"/medewerkers/chat/{thread.id}", data={"_csrf_token": token, "antwoord": "Goedemorgen Els"})
    rows = [" ".join(row.text().split()) for row in parse_html((await staff.get("/medewerkers/chat/")).text).iter("tr")][1:]
    assert "Jan Smit" in rows[0] and "Els de Vries" in rows[1] and "Beantwoord" in rows[1]
    partial = await staff.get("/medewerkers/chat/", headers={"HX-Request": "true"})
    assert "<html" not in partial.text and 'id="open-conversations"' in partial.text


async def test_one_conversation_with_its_history_and_the_answer_reaches_the_customer(tenant, make_client, clock):
    account = await person(tenant, name="Els de Vries")
    els = await signed_in(make_client, account)
    await chat(els, "Mijn tillift piept")
    thread = await ChatThread.objects().first()
    staff = await staff_client(make_client)
    page = await staff.get(f"/medewerkers/chat/{thread.id}")
    assert "Mijn tillift piept" in page.text and "Els de Vries" in page.text and "Zorggroep Noord" in page.text
    token = await page_token(staff, f"/medewerkers/chat/{thread.id}")
    answer = await staff.post(f"/medewerkers/chat/{thread.id}", data={"_csrf_token": token, "antwoord": "Wij komen kijken."},
                              headers={"HX-Request": "true"})
    assert answer.status_code == 200 and 'id="antwoord-form"' in answer.text
    assert "Wij komen kijken." in (await els.get("/chat")).text
    assert "Wij komen kijken." in (await els.get("/chat/stream")).text
    # Live, during office hours: nobody is mailed for it.
    assert await MailOutbox.count() == 0 and await Notification.count() == 0


async def test_an_answer_to_a_message_left_outside_office_hours_goes_by_mail_too(tenant, make_client, clock):
    clock(EVENING)
    account = await person(tenant, name="Els de Vries")
    await chat(await signed_in(make_client, account), "Bel mij morgen")
    clock(OFFICE_TIME)
    thread = await ChatThread.objects().first()
    staff = await staff_client(make_client)
    token = await page_token(staff, f"/medewerkers/chat/{thread.id}")
    await staff.post(f"/medewerkers/chat/{thread.id}", data={"_csrf_token": token, "antwoord": "Wij bellen om tien uur."})
    mail = await MailOutbox.objects().get(MailOutbox.to_address == account.email)
    assert "Wij bellen om tien uur." in mail.body_text and "/chat" in mail.body_text


async def test_staff_refused_answers_keep_the_text_and_unknown_threads_are_404(tenant, make_client, clock):
    await chat(await signed_in(make_client, await person(tenant)), "Vraag")
    thread = await ChatThread.objects().first()
    staff = await staff_client(make_client)
    token = await page_token(staff, f"/medewerkers/chat/{thread.id}")
    answer = await staff.post(f"/medewerkers/chat/{thread.id}", data={"_csrf_token": token, "antwoord": "<i>" + "a" * 2500})
    assert answer.status_code == 200 and "hoogstens 2000 tekens" in answer.text and "&lt;i&gt;" in answer.text
    for path in ("/medewerkers/chat/999999", "/medewerkers/chat/abc", "/medewerkers/chat/999999/stream"):
        assert (await staff.get(path)).status_code == 404
    assert await ChatMessage.count() == 1


async def test_closing_takes_a_conversation_off_the_list_until_the_customer_writes_again(tenant, make_client, clock):
    els = await signed_in(make_client, await person(tenant, name="Els de Vries"))
    await chat(els, "Vraag")
    thread = await ChatThread.objects().first()
    staff = await staff_client(make_client)
    token = await page_token(staff, f"/medewerkers/chat/{thread.id}")
    assert (await staff.post(f"/medewerkers/chat/{thread.id}/afsluiten", data={"_csrf_token": token})).status_code == 303
    assert "Er zijn geen open gesprekken." in (await staff.get("/medewerkers/chat/")).text
    await chat(els, "Toch nog een vraag")
    assert "Els de Vries" in (await staff.get("/medewerkers/chat/")).text
    assert await ChatThread.count() == 1


async def test_signing_in_at_admin_opens_the_desk(tenant, make_client, clock):
    from tests.admin import admin_login, staff

    await staff("carla")
    http = make_client("10.78.0.1")
    assert (await http.get("/medewerkers/chat/")).status_code == 200  # the way to sign in
    assert (await admin_login(http, "carla")).status_code in (200, 303)
    page = await http.get("/medewerkers/chat/")
    assert page.status_code == 200 and "Chats beantwoorden" in page.text and "carla" in page.text
