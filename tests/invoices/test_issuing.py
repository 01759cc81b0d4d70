"""HartingBank staff issue invoices and credit notes (INV-1, STAFF-2): from an order, a service request or
a rental period (days x daily rent per rented aid of a location); numbers sequential per kind and year,
also when two are issued at once; a credit note never credits more than was invoiced; an issued invoice is
never edited in /admin, only credited; refusals in Dutch."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.domain.invoices import issuing
from portal.domain.numbering import next_number
from portal.domain.service_requests.execution import Staff, StaffRefusal
from portal.i18n import local_today
from portal.tables import Asset, AuditEvent, Invoice, InvoiceLine, NumberSequence, OrderLine, ServiceRequest
from tests import asset_factories as af
from tests import order_factories, shop_factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401

STAFF = Staff("staff:bart", "127.0.0.1")
TODAY = local_today()
YEAR = TODAY.year
FORMS = "/admin/api/forms"


async def lines_of(invoice) -> list[tuple]:
    rows = await InvoiceLine.select().where(InvoiceLine.invoice == invoice.id).order_by(InvoiceLine.id)
    return [(r["description"], Decimal(str(r["quantity"])), Decimal(str(r["unit_price"])), Decimal(str(r["vat_rate"])),
             Decimal(str(r["line_total"]))) for r in rows]


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


async def delivered_order(world, *lines, number=None):
    return await order_factories.order(world.admin, world.linde, status="delivered", lines=list(lines), number=number)


async def test_an_order_is_invoiced_with_its_lines_and_vat_per_rate_to_the_cent(world):
    bed = await shop_factories.product(name="Hoog-laagbed", article_number="100200", list_price="1234.56")
    gloves = await shop_factories.product(name="Handschoenen", article_number="300400", list_price="7.35", vat_rate="9.00")
    order = await delivered_order(world, (bed, 1), (gloves, 3))
    await OrderLine.update({OrderLine.vat_rate: Decimal("9.00")}).where(OrderLine.product == gloves.id)

    invoice = await issuing.invoice_order(order.number.lower(), None, STAFF)

    assert invoice.number == f"FAC-{YEAR}-000001" and invoice.order == order.id and invoice.location == world.linde.id
    assert invoice.invoice_date == TODAY and invoice.due_date == TODAY + timedelta(days=30)
    assert [line[0] for line in await lines_of(invoice)] == ["100200 Hoog-laagbed", "300400 Handschoenen"]
    stored = await Invoice.objects().get(Invoice.id == invoice.id)
    # 1.234,56 + 22,05 = 1.256,61; VAT 259,26 (21 %) + 1,98 (9 %)
    assert (money(stored.total_excl_vat), money(stored.vat), money(stored.total_incl_vat)) == (
        Decimal("1256.61"), Decimal("261.24"), Decimal("1517.85"))
    assert await AuditEvent.count().where(AuditEvent.action == "invoice_issued") == 1
    with pytest.raises(StaffRefusal, match="al gefactureerd met FAC-"):
        await issuing.invoice_order(order.number, None, STAFF)


async def test_orders_that_are_not_carried_out_or_are_rentals_are_refused(world):
    waiting = await order_factories.order(world.admin, world.linde, status="awaiting_authorisation")
    rental = await order_factories.order(world.admin, world.linde, status="delivered", kind="rental")

    with pytest.raises(StaffRefusal, match="niet uitgevoerd"):
        await issuing.invoice_order(waiting.number, None, STAFF)
    with pytest.raises(StaffRefusal, match="Huurfactuur maken"):
        await issuing.invoice_order(rental.number, None, STAFF)
    with pytest.raises(StaffRefusal, match="Er is geen order"):
        await issuing.invoice_order("ORD-1999-000001", None, STAFF)
    with pytest.raises(StaffRefusal, match="in de toekomst"):
        await issuing.invoice_order(waiting.number, TODAY + timedelta(days=1), STAFF)
    assert await Invoice.count() == 1  # the other organisation's only


async def test_numbers_run_per_kind_and_year_also_when_two_are_issued_at_once(world):
    product = await shop_factories.product(list_price="10.00")
    orders = [await delivered_order(world, (product, 1)) for _ in range(4)]
    last_year = date(YEAR - 1, 12, 31) if TODAY - date(YEAR - 1, 12, 31) <= timedelta(days=366) else TODAY

    first, second = await asyncio.gather(issuing.invoice_order(orders[0].number, None, STAFF),
                                         issuing.invoice_order(orders[1].number, None, STAFF))
    third = await issuing.invoice_order(orders[2].number, None, STAFF)
    old = await issuing.invoice_order(orders[3].number, last_year, STAFF)
    credits = await asyncio.gather(issuing.credit(first.number, Decimal("1.00"), None, "Korting", None, STAFF),
                                   issuing.credit(second.number, Decimal("1.00"), None, "Korting", None, STAFF))

    assert sorted([first.number, second.number]) == [f"FAC-{YEAR}-000001", f"FAC-{YEAR}-000002"]
    assert third.number == f"FAC-{YEAR}-000003"
    assert old.number == (f"FAC-{YEAR - 1}-000001" if last_year.year < YEAR else f"FAC-{YEAR}-000004")
    assert sorted(c.number for c in credits) == [f"CRN-{YEAR}-000001", f"CRN-{YEAR}-000002"]


async def test_a_service_request_is_invoiced_at_its_cost(world):
    category = await af.category()
    ptype = await af.product_type(await af.subcategory(category))
    aid = await af.asset(world.org, world.baken, ptype)
    done = await af.service_request(aid, "repair", "done", number="SRV-2026-000501")
    await ServiceRequest.update({ServiceRequest.cost: Decimal("85.50")}).where(ServiceRequest.id == done.id)
    open_request = await af.service_request(aid, "repair", "submitted")

    invoice = await issuing.invoice_service(done.number, None, None, STAFF)

    assert invoice.service_request == done.id and invoice.location == world.baken.id
    assert money(invoice.total_incl_vat) == Decimal("103.46")  # 85,50 + 17,955 -> 17,96
    with pytest.raises(StaffRefusal, match="nog niet uitgevoerd"):
        await issuing.invoice_service(open_request.number, Decimal("10"), None, STAFF)


async def test_a_rental_period_charges_the_days_each_aid_was_rented_times_its_daily_rent(world):
    category = await af.category()
    ptype = await af.product_type(await af.subcategory(category))
    bed = await shop_factories.product(name="Huurbed", rentable=True, daily_rent="2.35")
    hoist = await shop_factories.product(name="Tillift", rentable=True, daily_rent="4.10", vat_rate="9.00")
    start, end = TODAY - timedelta(days=40), TODAY - timedelta(days=11)  # 30 days
    whole = await af.asset(world.org, world.linde, ptype, object_number="HB-R1", ownership="rented",
                           rental_start=start - timedelta(days=100))
    late = await af.asset(world.org, world.linde, ptype, object_number="HB-R2", ownership="rented",
                          rental_start=start + timedelta(days=20))  # 10 days
    ended = await af.asset(world.org, world.linde, ptype, object_number="HB-R3", ownership="rented",
                           rental_start=start - timedelta(days=5))
    owned = await af.asset(world.org, world.linde, ptype, object_number="HB-O1")
    elsewhere = await af.asset(world.org, world.baken, ptype, object_number="HB-R4", ownership="rented",
                               rental_start=start)
    for aid, product in ((whole, bed), (late, bed), (ended, hoist), (owned, bed), (elsewhere, bed)):
        await Asset.update({Asset.product: product.id}).where(Asset.id == aid.id)
    await Asset.update({Asset.rental_end: start + timedelta(days=4)}).where(Asset.id == ended.id)  # 5 days

    invoice = await issuing.invoice_rental(world.linde.id, start, end, None, STAFF)

    assert [(line[0], line[1], line[4]) for line in await lines_of(invoice)] == [
        ("Huur Huurbed (HB-R1), 30 dagen", Decimal("30.00"), Decimal("70.50")),
        ("Huur Huurbed (HB-R2), 10 dagen", Decimal("10.00"), Decimal("23.50")),
        ("Huur Tillift (HB-R3), 5 dagen", Decimal("5.00"), Decimal("20.50")),
    ]
    stored = await Invoice.objects().get(Invoice.id == invoice.id)
    # 94,00 at 21 % (19,74) + 20,50 at 9 % (1,845 -> 1,85)
    assert (money(stored.total_excl_vat), money(stored.vat), money(stored.total_incl_vat)) == (
        Decimal("114.50"), Decimal("21.59"), Decimal("136.09"))
    assert (stored.period_start, stored.period_end, stored.order) == (start, end, None)
    with pytest.raises(StaffRefusal, match="al \\(deels\\) gefactureerd"):
        await issuing.invoice_rental(world.linde.id, end, end, None, STAFF)
    with pytest.raises(StaffRefusal, match="loopt nog"):
        await issuing.invoice_rental(world.baken.id, start, TODAY + timedelta(days=3), None, STAFF)
    with pytest.raises(StaffRefusal, match="geen locatie"):
        await issuing.invoice_rental(None, start, end, None, STAFF)


async def test_a_credit_note_never_credits_more_than_was_invoiced(world):
    product = await shop_factories.product(list_price="100.00")
    invoice = await issuing.invoice_order((await delivered_order(world, (product, 2))).number, None, STAFF)  # 200 excl.

    part = await issuing.credit(invoice.number, Decimal("150.00"), None, "Beschadigd geleverd", None, STAFF)
    with pytest.raises(StaffRefusal, match="meer dan gefactureerd.*€\xa050,00"):
        await issuing.credit(invoice.number, Decimal("50.01"), None, "Nog meer", None, STAFF)
    rest = await issuing.credit(invoice.number, None, None, "Retour", None, STAFF)
    with pytest.raises(StaffRefusal, match="al helemaal gecrediteerd"):
        await issuing.credit(invoice.number, None, None, "Nog eens", None, STAFF)
    with pytest.raises(StaffRefusal, match="is een creditnota"):
        await issuing.credit(part.number, None, None, "Creditnota van een creditnota", None, STAFF)
    with pytest.raises(StaffRefusal, match="reden"):
        await issuing.credit(invoice.number, Decimal("1"), None, "  ", None, STAFF)

    assert (part.kind, part.credited_invoice, money(part.total_incl_vat)) == ("credit_note", invoice.id, Decimal("-181.50"))
    assert money(rest.total_excl_vat) == Decimal("-50.00") and rest.due_date is None
    assert [line[0] for line in await lines_of(rest)] == [f"Creditering {invoice.number}: Retour"]


async def test_staff_use_the_admin_forms_and_cannot_edit_an_issued_invoice(browser, world):
    product = await shop_factories.product(list_price="40.00")
    order = await delivered_order(world, (product, 1))
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    forms = {f["slug"] for f in (await http.get(f"{FORMS}/")).json()}
    assert {"factuur-van-een-order", "huurfactuur-maken", "creditnota-maken", "betaling-registreren"} <= forms

    made = await admin_send(http, "POST", f"{FORMS}/factuur-van-een-order/", {"number": order.number})
    number = f"FAC-{YEAR}-000001"
    too_much = await admin_send(http, "POST", f"{FORMS}/creditnota-maken/",
                                {"number": number, "reason": "Korting", "amount": "40,01"})
    bad_amount = await admin_send(http, "POST", f"{FORMS}/creditnota-maken/",
                                  {"number": number, "reason": "Korting", "amount": "veel"})
    paid = await admin_send(http, "POST", f"{FORMS}/betaling-registreren/", {"number": number})
    invoice = await Invoice.objects().get(Invoice.number == number)
    edit = await admin_send(http, "PATCH", f"/admin/api/tables/invoice/{invoice.id}/", {"total_incl_vat": "1.00"})
    delete = await admin_send(http, "DELETE", f"/admin/api/tables/invoice/{invoice.id}/")

    assert made.status_code == 200 and number in made.text
    assert too_much.status_code == 422 and "meer dan gefactureerd" in too_much.json()["custom_form_error"]
    assert bad_amount.status_code == 422 and "Vul een bedrag in euro" in bad_amount.json()["custom_form_error"]
    assert paid.status_code == 200
    assert edit.status_code >= 400 and delete.status_code >= 400
    after = await Invoice.objects().get(Invoice.id == invoice.id)
    assert (money(after.total_incl_vat), after.status) == (Decimal("48.40"), "paid")
    assert await Invoice.count().where(Invoice.kind == "credit_note") == 0


async def test_the_first_numbers_of_a_year_asked_at_once_are_all_different(world):
    numbers = await asyncio.gather(*(next_number("invoice", 2031) for _ in range(5)))

    assert sorted(numbers) == [f"FAC-2031-{n:06d}" for n in range(1, 6)]
    assert await NumberSequence.count().where((NumberSequence.kind == "invoice") & (NumberSequence.year == 2031)) == 1
