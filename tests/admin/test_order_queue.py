"""HartingBank's side of orders in /admin (SHOP-8, STAFF-2): the queue "Orders: te bevestigen", the forms
Order bevestigen, Order verzenden, Order geleverd and Order annuleren; each step in the customer's trail
and mailed to the requester; refusals in Dutch; the order table is not edited by hand."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from portal.admin import SIDEBAR_LINKS
from portal.i18n import TIMEZONE
from portal.tables import AuditEvent, MailOutbox, Order, OrderEvent
from tests import factories, order_factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401
from tests.helpers import login

TODAY = datetime.now(TIMEZONE).date()
FORMS = "/admin/api/forms"


@pytest.fixture
async def world():
    org = await factories.organisation("Zorggroep De Linde")
    linde = await factories.location(org, "De Linde")
    bram = await factories.account(org, "5", name="Bram", email="bram@delinde.nl", locations=[linde])
    now = datetime.now(timezone.utc)
    waiting = await order_factories.order(bram, linde, status="awaiting_authorisation", number="ORD-2026-900001",
                                          created_at=now - timedelta(days=3))
    submitted = await order_factories.order(bram, linde, number="ORD-2026-900002", created_at=now - timedelta(days=2))
    return {"org": org, "linde": linde, "bram": bram, "waiting": waiting, "submitted": submitted}


async def signed_in_staff(browser):
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


async def test_the_queue_lists_the_orders_to_confirm_oldest_first(browser, world):
    http = await signed_in_staff(browser)
    older = await order_factories.order(world["bram"], world["linde"], number="ORD-2026-900003",
                                        created_at=datetime.now(timezone.utc) - timedelta(days=9))
    assert SIDEBAR_LINKS["Orders: te bevestigen"] == "/admin/#/order/?status=submitted&__order=created_at"

    rows = (await http.get("/admin/api/tables/order/", params={"status": "submitted", "__order": "created_at"})).json()["rows"]

    assert [row["number"] for row in rows] == [older.number, world["submitted"].number]
    forms = {f["slug"] for f in (await http.get(f"{FORMS}/")).json()}
    assert {"order-bevestigen", "order-verzenden", "order-geleverd", "order-annuleren"} <= forms


async def test_confirm_ship_deliver_each_show_on_the_customers_order_and_mail_the_requester(browser, world, make_client):
    http = await signed_in_staff(browser)
    number = world["submitted"].number
    later = TODAY + timedelta(days=4)

    steps = [
        ("order-bevestigen", {"number": number.lower(), "delivery_date": later.isoformat()}),
        ("order-verzenden", {"number": number, "shipping_date": TODAY.isoformat(), "shipping_method": "PostNL"}),
        ("order-geleverd", {"number": number, "delivery_date": TODAY.isoformat()}),
    ]
    for form, fields in steps:
        answer = await admin_send(http, "POST", f"{FORMS}/{form}/", fields)
        assert answer.status_code == 200, answer.text

    order = await Order.objects().get(Order.number == number)
    assert (order.status, order.shipping_date, order.shipping_method, order.delivery_date) == (
        "delivered", TODAY, "PostNL", TODAY)
    trail = [(e["status"], e["by_label"]) for e in await OrderEvent.select(OrderEvent.status, OrderEvent.by_label).where(
        OrderEvent.order == order.id).order_by(OrderEvent.id)]
    assert trail[1:] == [("confirmed", "HartingBank"), ("shipped", "HartingBank"), ("delivered", "HartingBank")]
    assert [m.subject for m in await MailOutbox.objects().order_by(MailOutbox.id)] == [
        f"Uw order {number} is bevestigd", f"Uw order {number} wordt verzonden", f"Uw order {number} is geleverd"]
    assert await AuditEvent.count().where(AuditEvent.action.is_in(["order_confirmed", "order_shipped", "order_delivered"])) == 3
    customer = make_client()
    await login(customer, "bram@delinde.nl")
    page = (await customer.get(f"/profile/orders/{number}")).text
    assert "PostNL" in page and "Geleverd" in page and "Bevestigd" in page and "Verzonden" in page


async def test_cancel_with_a_reason(browser, world):
    http = await signed_in_staff(browser)
    number = world["submitted"].number

    answer = await admin_send(http, "POST", f"{FORMS}/order-annuleren/", {"number": number, "reason": "Niet leverbaar."})

    assert answer.status_code == 200, answer.text
    assert (await Order.objects().get(Order.number == number)).status == "cancelled"
    assert [m.subject for m in await MailOutbox.objects()] == [f"Uw order {number} is geannuleerd"]
    event = await OrderEvent.objects().where(OrderEvent.status == "cancelled").first()
    assert event.note == "Niet leverbaar."


@pytest.mark.parametrize("form, fields, message", [
    ("order-bevestigen", {"number": "ORD-2026-900001"}, "wacht nog op autorisatie"),
    ("order-bevestigen", {"number": "ORD-1999-999999"}, "Er is geen order met ordernummer ORD-1999-999999"),
    ("order-bevestigen", {}, "Vul het ordernummer in"),
    ("order-bevestigen", {"number": "ORD-2026-900002", "delivery_date": "2020-01-01"}, "in het verleden"),
    ("order-verzenden", {"number": "ORD-2026-900002", "shipping_date": TODAY.isoformat()}, "Vul de verzendmethode in"),
    ("order-verzenden", {"number": "ORD-2026-900002", "shipping_method": "PostNL"}, "Vul de verzenddatum in"),
    ("order-verzenden", {"number": "ORD-2026-900002", "shipping_date": "morgen", "shipping_method": "PostNL"},
     "Vul een geldige datum in"),
    ("order-geleverd", {"number": "ORD-2026-900002", "delivery_date": "2099-01-01"}, "in de toekomst"),
    ("order-annuleren", {"number": "ORD-2026-900002", "reason": " "}, "Vul de reden van de annulering in"),
])
async def test_bad_input_is_refused_in_dutch_and_changes_nothing(browser, world, form, fields, message):
    http = await signed_in_staff(browser)

    answer = await admin_send(http, "POST", f"{FORMS}/{form}/", fields)

    assert answer.status_code == 422, answer.text
    assert message in answer.json()["custom_form_error"]
    statuses = {r["number"]: r["status"] for r in await Order.select(Order.number, Order.status)}
    assert statuses == {"ORD-2026-900001": "awaiting_authorisation", "ORD-2026-900002": "submitted"}
    assert await MailOutbox.count() == 0


async def test_the_order_table_is_not_edited_by_hand(browser, world):
    http = await signed_in_staff(browser)
    order = world["submitted"]

    answer = await admin_send(http, "PATCH", f"/admin/api/tables/order/{order.id}/", {"status": "delivered"})

    assert answer.status_code >= 400
    assert (await Order.objects().get(Order.id == order.id)).status == "submitted"
