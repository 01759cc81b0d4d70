"""The conversation on an order and on a service request (step 8 item 5): shared by the customer's people
who may see the record (its own access rule), answered by staff, with an e-mail to the other side."""

from __future__ import annotations

from portal.tables import ChatMessage, ChatThread, MailOutbox, Notification
from tests import asset_factories, factories, order_factories
from tests.chat.conftest import page_token, person, signed_in, staff_client
from tests.security.routes import parse_html


async def write(client, page: str, text: str, htmx: bool = False):
    token = await page_token(client, page)
    headers = {"HX-Request": "true"} if htmx else {}
    return await client.post(f"{page}/gesprek", data={"_csrf_token": token, "bericht": text}, headers=headers)


def thread_texts(html: str) -> list[str]:
    log = next(node for node in parse_html(html).iter("ol") if node.attrs.get("id") == "gesprek-log")
    return [" ".join(item.text().split()) for item in log.iter("li")]


async def an_order(tenant, buyer):
    _organisation, location, department = tenant
    return await order_factories.order(buyer, location, department=department)


async def a_service_request(tenant):
    organisation, location, department = tenant
    category = await asset_factories.category()
    product_type = await asset_factories.product_type(await asset_factories.subcategory(category))
    aid = await asset_factories.asset(organisation, location, product_type, department=department)
    return await asset_factories.service_request(aid, status="submitted")


async def test_the_buyer_writes_on_the_order_and_customer_service_gets_an_email(tenant, make_client, clock):
    buyer = await person(tenant, "2", name="Anna Koper")
    order = await an_order(tenant, buyer)
    client = await signed_in(make_client, buyer)
    page = f"/profile/orders/{order.number}"
    assert "Nog geen berichten." in (await client.get(page)).text
    answer = await write(client, page, "Kan de levering een dag later?")
    assert answer.status_code == 303 and answer.headers["location"] == f"{page}#gesprek"
    shown = await client.get(page)
    assert any("Kan de levering een dag later?" in text and "Anna Koper" in text for text in thread_texts(shown.text))
    thread = await ChatThread.objects().get(ChatThread.record_kind == "order")
    assert thread.record_id == order.id and thread.waiting_for_staff
    mail = await MailOutbox.objects().get(MailOutbox.to_address == "onlineklantenservice@harting-bank.nl")
    assert order.number in mail.subject and "Kan de levering een dag later?" in mail.body_text


async def test_a_colleague_who_may_not_see_the_order_and_another_organisation_get_404(tenant, make_client, clock):
    buyer = await person(tenant, "2")
    order = await an_order(tenant, buyer)
    await write(await signed_in(make_client, buyer), f"/profile/orders/{order.number}", "Vraag")
    # Another buyer of the same organisation: "Mijn orders" holds one's own orders only.
    colleague = await signed_in(make_client, await person(tenant, "2"))
    stranger_org = await factories.organisation("Andere zorg")
    stranger_loc = await factories.location(stranger_org)
    stranger = await signed_in(make_client, await factories.account(stranger_org, "admin", locations=[stranger_loc]))
    for client in (colleague, stranger):
        token = await page_token(client, "/mijn-account")
        for response in (await client.get(f"/profile/orders/{order.number}/gesprek/stream"),
                         await client.post(f"/profile/orders/{order.number}/gesprek",
                                           data={"_csrf_token": token, "bericht": "Ik lees mee"})):
            assert response.status_code == 404 and "Pagina niet gevonden" in response.text
    assert await ChatMessage.count() == 1


async def test_the_administrator_shares_the_thread_of_an_order_of_the_organisation(tenant, make_client, clock):
    buyer = await person(tenant, "2", name="Anna Koper")
    order = await an_order(tenant, buyer)
    await write(await signed_in(make_client, buyer), f"/profile/orders/{order.number}", "Vraag van Anna")
    admin = await signed_in(make_client, await person(tenant, "admin", name="Bea Beheer"))
    page = f"/profile/orders/{order.number}"
    await write(admin, page, "Aanvulling van Bea")
    texts = thread_texts((await admin.get(page)).text)
    assert ["Vraag van Anna" in texts[0], "Aanvulling van Bea" in texts[1]] == [True, True]
    assert await ChatThread.count() == 1


async def test_staff_answer_and_the_customers_in_the_thread_get_a_notification_and_an_email(tenant, make_client, clock):
    buyer = await person(tenant, "2", name="Anna Koper")
    order = await an_order(tenant, buyer)
    client = await signed_in(make_client, buyer)
    await write(client, f"/profile/orders/{order.number}", "Kan de levering een dag later?")
    thread = await ChatThread.objects().get(ChatThread.record_kind == "order")
    staff = await staff_client(make_client)
    token = await page_token(staff, f"/medewerkers/chat/{thread.id}")
    answer = await staff.post(f"/medewerkers/chat/{thread.id}", data={"_csrf_token": token, "antwoord": "Dat kan, wij leveren donderdag."})
    assert answer.status_code == 303
    texts = thread_texts((await client.get(f"/profile/orders/{order.number}")).text)
    assert "Dat kan, wij leveren donderdag." in texts[-1] and "HartingBank" in texts[-1] and "Bart" in texts[-1]
    mail = await MailOutbox.objects().get(MailOutbox.to_address == buyer.email)
    assert order.number in mail.subject and "Dat kan, wij leveren donderdag." in mail.body_text
    assert f"/profile/orders/{order.number}" in mail.body_text
    note = await Notification.objects().get(Notification.account == buyer.id)
    assert note.link == f"/profile/orders/{order.number}"
    assert not (await ChatThread.objects().get(ChatThread.id == thread.id)).waiting_for_staff


async def test_the_service_request_thread_follows_the_requests_scope(tenant, make_client, clock):
    organisation, location, department = tenant
    request = await a_service_request(tenant)
    nurse = await signed_in(make_client, await person(tenant, "4", name="Nina Zorg"))
    page = f"/acties/{request.number}"
    answer = await write(nurse, page, "Wanneer komt de monteur?", htmx=True)
    assert answer.status_code == 200 and 'id="gesprek-form"' in answer.text
    assert "Wanneer komt de monteur?" in (await nurse.get(page + "/gesprek/stream")).text
    assert any("Wanneer komt de monteur?" in text for text in thread_texts((await nurse.get(page)).text))
    # A colleague assigned to another department of the location does not see the request.
    other_department = await factories.department(location, "Afdeling Maan")
    elsewhere = await signed_in(make_client, await factories.account(
        organisation, "4", locations=[location], departments=[other_department]))
    assert (await elsewhere.get(page + "/gesprek/stream")).status_code == 404
    assert (await write(elsewhere, page, "Ik ook")).status_code == 404
    assert await ChatMessage.count() == 1


async def test_refused_messages_on_a_record_keep_what_was_typed(tenant, make_client, clock):
    buyer = await person(tenant, "2")
    order = await an_order(tenant, buyer)
    client = await signed_in(make_client, buyer)
    page = f"/profile/orders/{order.number}"
    typed = "x" * 2001
    for htmx in (False, True):
        answer = await write(client, page, typed, htmx=htmx)
        assert answer.status_code == 200 and "hoogstens 2000 tekens" in answer.text
        box = next(node for node in parse_html(answer.text).iter("textarea") if node.attrs.get("name") == "bericht")
        assert box.attrs.get("aria-invalid") == "true" and box.text().strip() == typed
    without_script = await write(client, page, "")
    assert "Typ eerst uw bericht." in without_script.text
    assert any(a.attrs.get("href") == page for a in parse_html(without_script.text).iter("a"))
    assert await ChatMessage.count() == 0


async def test_the_quote_has_its_thread_shared_with_its_requester_and_closed_to_a_colleague(tenant, make_client, clock):
    from tests.quotes.conftest import quote

    _organisation, location, _department = tenant
    nurse = await person(tenant, "2", name="Anna Koper")
    asked = await quote(nurse, location)
    client = await signed_in(make_client, nurse)
    page = f"/profile/quotes/{asked.number}"
    assert "Nog geen berichten." in (await client.get(page)).text
    answer = await write(client, page, "Geldt de prijs ook voor tien stuks?")
    assert answer.status_code == 303 and answer.headers["location"] == f"{page}#gesprek"
    assert any("Geldt de prijs ook voor tien stuks?" in text for text in thread_texts((await client.get(page)).text))
    thread = await ChatThread.objects().get(ChatThread.record_kind == "quote")
    assert thread.record_id == asked.id
    mail = await MailOutbox.objects().get(MailOutbox.to_address == "onlineklantenservice@harting-bank.nl")
    assert asked.number in mail.subject
    colleague = await signed_in(make_client, await person(tenant, "2"))
    token = await page_token(colleague, "/mijn-account")
    refused = await colleague.post(f"{page}/gesprek", data={"_csrf_token": token, "bericht": "Ik lees mee"})
    assert refused.status_code == 404
    assert await ChatMessage.count() == 1
