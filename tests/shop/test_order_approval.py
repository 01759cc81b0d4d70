"""Budget approval of orders (SHOP-6) through the one approval workflow: under the limit straight to
HartingBank; each tier waits for its authoriser (the highest tier reached decides); approved or rejected
with a reason; nobody approves their own order; a substitute while away; the administrator when the
authoriser can no longer decide; "Te autoriseren", notifications and e-mails along the way."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.tables import Account, Notification, Order, OrderApproval, OrderEvent
from tests import order_factories
from tests.helpers import csrf_token
from tests.shop.conftest import DELIVERY, check_out, fill, mails_to, only_order, place_from, shown, signed_in, to_review


async def nina_orders(make_client, shop, *items) -> Order:
    await fill(shop.nurse, *items)
    nina = await signed_in(make_client(), shop.nurse)
    answer = await check_out(nina, shop.linde, shop.west)
    assert answer.status_code == 303, answer.text
    return await only_order()


async def decide(client, number: str, choice: str, reason: str = ""):
    token = await csrf_token(client, f"/profile/orders/{number}")
    return await client.post(f"/profile/orders/{number}/autorisatie",
                             data={"_csrf_token": token, "besluit": choice, "reden": reason})


async def test_an_order_under_the_lowest_tier_goes_to_hartingbank_at_once(make_client, shop):
    order = await nina_orders(make_client, shop, (shop.gloves, 10))  # € 73,50

    assert order.status == "submitted" and await OrderApproval.count() == 0
    assert await mails_to("tom@delinde.nl") == [] and await mails_to("mia@delinde.nl") == []


async def test_the_first_tier_waits_for_its_authoriser_who_is_told_and_sees_it(make_client, shop):
    await fill(shop.nurse, (shop.bed, 1))  # € 999,99: from € 500, Tom
    nina = await signed_in(make_client(), shop.nurse)
    _status, review = await to_review(nina, {**DELIVERY, "location": str(shop.linde.id), "department": str(shop.west.id)})
    assert "boven uw budgetlimiet van € 500,00" in review and "Tom Teamleider" in review
    await place_from(nina, review)
    order = await only_order()

    assert order.status == "awaiting_authorisation"
    approval = await OrderApproval.objects().get(OrderApproval.order == order.id)
    assert (approval.tier_amount, approval.authoriser, approval.decision) == (Decimal("500.00"), shop.leader.id, "pending")
    assert await mails_to("tom@delinde.nl") == [f"Order {order.number} wacht op uw autorisatie"]
    assert await mails_to("mia@delinde.nl") == []
    note = await Notification.objects().get(Notification.account == shop.leader.id)
    assert note.link == f"/profile/orders/{order.number}"
    # Nina sees it waiting in Mijn orders.
    listed = shown((await nina.get("/profile/orders/")).text)
    assert order.number in listed and "Wacht op autorisatie" in listed
    tom = await signed_in(make_client(), shop.leader)
    waiting = (await tom.get("/te-autoriseren")).text
    assert order.number in waiting and "Nina Verpleegkundige" in waiting
    counts = (await tom.get("/meldingen/teller", headers={"HX-Request": "true"})).text
    assert ">1</span>" in counts
    page = (await tom.get(f"/profile/orders/{order.number}")).text
    assert "Deze order wacht op uw autorisatie" in page and "Goedkeuren" in page


async def test_the_highest_tier_reached_decides(make_client, shop):
    order = await nina_orders(make_client, shop, (shop.bed, 3))  # € 2.999,97: from € 2.000, Mia

    approval = await OrderApproval.objects().get(OrderApproval.order == order.id)
    assert (approval.tier_amount, approval.authoriser) == (Decimal("2000.00"), shop.manager.id)
    assert await mails_to("mia@delinde.nl") == [f"Order {order.number} wacht op uw autorisatie"]
    tom = await signed_in(make_client(), shop.leader)
    assert order.number not in (await tom.get("/te-autoriseren")).text
    assert (await decide(tom, order.number, "goedkeuren")).status_code == 404  # not his to see nor decide
    assert (await Order.objects().get(Order.id == order.id)).status == "awaiting_authorisation"


async def test_approved_then_hartingbank_sees_it_the_trail_shows_who_and_the_requester_is_told(make_client, shop):
    order = await nina_orders(make_client, shop, (shop.bed, 1))
    tom = await signed_in(make_client(), shop.leader)

    answer = await decide(tom, order.number, "goedkeuren")

    assert answer.status_code == 303 and answer.headers["location"] == "/te-autoriseren"
    assert (await Order.objects().get(Order.id == order.id)).status == "submitted"
    approval = await OrderApproval.objects().get(OrderApproval.order == order.id)
    assert (approval.decision, approval.decided_by) == ("approved", shop.leader.id) and approval.decided_at
    trail = await OrderEvent.select(OrderEvent.status, OrderEvent.by_label, OrderEvent.note).where(
        OrderEvent.order == order.id).order_by(OrderEvent.id)
    assert [(e["status"], e["by_label"]) for e in trail] == [("awaiting_authorisation", "Nina Verpleegkundige"),
                                                             ("submitted", "Tom Teamleider")]
    assert trail[1]["note"] == "Geautoriseerd door Tom Teamleider"
    assert await mails_to("nina@delinde.nl") == [f"Bevestiging van uw order {order.number}",
                                                 f"Uw order {order.number} is geautoriseerd"]
    nina = await signed_in(make_client(), shop.nurse)
    listed = (await nina.get("/profile/orders/")).text
    assert "Verstuurd naar HartingBank" in listed and "Geautoriseerd door Tom Teamleider" in listed
    assert f'href="/profile/orders/{order.number}"' not in (await tom.get("/te-autoriseren")).text


async def test_rejected_with_a_reason_the_requester_reads(make_client, shop):
    order = await nina_orders(make_client, shop, (shop.bed, 1))
    tom = await signed_in(make_client(), shop.leader)

    without = await decide(tom, order.number, "afwijzen")
    assert without.status_code == 200 and "Vul de reden van de afwijzing in" in without.text
    answer = await decide(tom, order.number, "afwijzen", "Eerst overleggen met de fysiotherapeut.")

    assert answer.status_code == 303
    assert (await Order.objects().get(Order.id == order.id)).status == "rejected"
    page = (await (await signed_in(make_client(), shop.nurse)).get(f"/profile/orders/{order.number}")).text
    assert "Afgewezen" in page and "Eerst overleggen met de fysiotherapeut." in page
    assert (await mails_to("nina@delinde.nl"))[-1] == f"Uw order {order.number} is afgewezen"


async def test_nobody_approves_their_own_order(make_client, shop):
    # Tom has a tier that names himself: his order goes to the administrator, not to him.
    await order_factories.budget(shop.leader, ("100.00", shop.leader))
    await fill(shop.leader, (shop.bed, 1))
    tom = await signed_in(make_client(), shop.leader)
    assert (await check_out(tom, shop.linde, shop.west)).status_code == 303
    order = await only_order()

    assert order.status == "awaiting_authorisation"
    assert (await decide(tom, order.number, "goedkeuren")).status_code == 200
    assert (await Order.objects().get(Order.id == order.id)).status == "awaiting_authorisation"
    assert await mails_to("anja@delinde.nl") == [f"Order {order.number} wacht op uw autorisatie"]
    anja = await signed_in(make_client(), shop.admin)
    assert order.number in (await anja.get("/te-autoriseren")).text
    assert (await decide(anja, order.number, "goedkeuren")).status_code == 303


async def test_a_substitute_decides_while_the_authoriser_is_away(make_client, shop):
    today = date.today()
    await Account.update({Account.away_from: today - timedelta(days=1), Account.away_until: today + timedelta(days=3),
                          Account.substitute: shop.manager.id}).where(Account.id == shop.leader.id)
    order = await nina_orders(make_client, shop, (shop.bed, 1))

    approval = await OrderApproval.objects().get(OrderApproval.order == order.id)
    assert approval.authoriser == shop.manager.id
    assert await mails_to("mia@delinde.nl") == [f"Order {order.number} wacht op uw autorisatie"]
    mia = await signed_in(make_client(), shop.manager)
    assert order.number in (await mia.get("/te-autoriseren")).text
    assert (await decide(mia, order.number, "goedkeuren")).status_code == 303
    trail = await OrderEvent.select(OrderEvent.by_label).where(OrderEvent.order == order.id).order_by(OrderEvent.id)
    assert trail[-1]["by_label"] == "Mia Manager"


async def test_when_the_authoriser_may_no_longer_authorise_orders_the_administrator_decides(make_client, shop):
    order = await nina_orders(make_client, shop, (shop.bed, 1))
    await Account.update({Account.may_authorise_orders: False}).where(Account.id == shop.leader.id)
    tom = await signed_in(make_client(), shop.leader)
    anja = await signed_in(make_client(), shop.admin)

    assert order.number not in (await tom.get("/te-autoriseren")).text
    assert (await decide(tom, order.number, "goedkeuren")).status_code == 200
    waiting = (await anja.get("/te-autoriseren")).text
    assert order.number in waiting and "Tom Teamleider kan niet meer beslissen" in waiting
    assert (await decide(anja, order.number, "goedkeuren")).status_code == 303
    assert (await Order.objects().get(Order.id == order.id)).status == "submitted"


async def test_a_decided_order_cannot_be_decided_again(make_client, shop):
    order = await nina_orders(make_client, shop, (shop.bed, 1))
    tom = await signed_in(make_client(), shop.leader)
    await decide(tom, order.number, "goedkeuren")

    again = await decide(tom, order.number, "afwijzen", "Toch niet.")

    assert again.status_code == 200 and (await Order.objects().get(Order.id == order.id)).status == "submitted"


async def test_a_role_without_budget_limit_never_waits(make_client, shop):
    await order_factories.budget(shop.buyer, ("1.00", shop.leader))  # role 5 may have one: set, so it applies
    await Account.update({Account.role: "1"}).where(Account.id == shop.buyer.id)  # role 1 has none
    await fill(shop.buyer, (shop.bed, 1))
    bram = await signed_in(make_client(), shop.buyer)

    assert (await check_out(bram, shop.linde, shop.west)).status_code == 303
    assert (await only_order()).status == "submitted"


async def test_the_authoriser_opens_the_order_from_the_e_mail_signing_in_first(make_client, shop):
    from portal.tables import MailOutbox
    from tests.helpers import post_form

    order = await nina_orders(make_client, shop, (shop.bed, 1))
    mail = await MailOutbox.objects().where(MailOutbox.to_address == "tom@delinde.nl").first()
    link = f"http://testserver/profile/orders/{order.number}"
    assert link in mail.body_text

    tom = make_client()
    answer = await tom.get(link)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/inloggen?volgende=")
    page = (await tom.get(answer.headers["location"])).text
    assert f'name="next" value="/profile/orders/{order.number}"' in page
    signed = await post_form(tom, "/inloggen", {"email": "tom@delinde.nl", "password": "Zorgvuldig#2026",
                                                "next": f"/profile/orders/{order.number}"})
    assert signed.status_code == 303 and signed.headers["location"] == f"/profile/orders/{order.number}"
    assert "Deze order wacht op uw autorisatie" in (await tom.get(signed.headers["location"])).text
