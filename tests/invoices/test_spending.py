"""Spending per month (INV-1, for Mijn facturen and the dashboard): invoiced incl. VAT minus credit notes
per calendar month over the last twelve months, within the account's scope, to the cent; drawn as an SVG
bar chart with a title and a table that carries the numbers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from portal.domain.invoices.spending import spending_per_month
from portal.domain.scope import scope_for
from portal.i18n import local_today
from tests import invoice_factories as inv
from tests.invoices.conftest import shown, signed_in

TODAY = local_today()


def months_back(n: int) -> date:
    """The first day of the calendar month `n` months before this one."""
    year, month = TODAY.year, TODAY.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


async def spending_world(world):
    this_month, two_back, eleven_back, twelve_back = months_back(0), months_back(2), months_back(11), months_back(12)
    await inv.invoice(world.linde, invoice_date=this_month, lines=[("Bed", "1", "100.10", "21.00")])  # 121,12
    await inv.invoice(world.linde, invoice_date=this_month, lines=[("Handschoenen", "3", "0.33", "9.00")])  # 1,08
    invoice = await inv.invoice(world.linde, invoice_date=two_back, lines=[("Tillift", "1", "999.99", "21.00")])
    await inv.invoice(world.linde, kind="credit_note", invoice_date=two_back + timedelta(days=3), credited=invoice,
                      lines=[("Creditering", "1", "-99.99", "21.00")])  # -120,99
    await inv.invoice(world.linde, invoice_date=eleven_back, lines=[("Rollator", "1", "50.00", "21.00")])  # 60,50
    await inv.invoice(world.linde, invoice_date=twelve_back, lines=[("Oud", "1", "10.00", "21.00")])  # too old
    await inv.invoice(world.baken, invoice_date=this_month, lines=[("Baken", "1", "1000.00", "21.00")])  # 1.210,00


async def test_spending_per_month_sums_invoices_minus_credit_notes_within_scope_to_the_cent(world):
    await spending_world(world)

    admin = await spending_per_month(world.admin, await scope_for(world.admin))
    manager = await spending_per_month(world.manager, await scope_for(world.manager))

    assert len(admin.months) == 12 and admin.months[-1].month == TODAY.replace(day=1)
    assert admin.months[0].month == months_back(11).replace(day=1)
    by_month = {m.month: m.amount for m in manager.months}
    assert by_month[months_back(0).replace(day=1)] == Decimal("122.20")  # 121,12 + 1,08
    assert by_month[months_back(2).replace(day=1)] == Decimal("1089.00")  # 1.209,99 - 120,99
    assert by_month[months_back(11).replace(day=1)] == Decimal("60.50")
    assert sum(by_month.values()) == manager.total == Decimal("1271.70")
    assert {m.month: m.amount for m in admin.months}[months_back(0).replace(day=1)] == Decimal("1332.20")  # + Het Baken
    other = await spending_per_month(world.other_admin, await scope_for(world.admin))  # a scope not its own
    assert other.total == Decimal("0.00") and other.months == []


async def test_a_month_with_more_credit_than_invoices_is_negative_and_drawn_below_the_line(world):
    invoice = await inv.invoice(world.linde, invoice_date=months_back(3), lines=[("Bed", "1", "100.00", "21.00")])
    await inv.invoice(world.linde, kind="credit_note", invoice_date=months_back(1), credited=invoice,
                      lines=[("Creditering", "1", "-100.00", "21.00")])

    spending = await spending_per_month(world.admin, await scope_for(world.admin))

    credit_month = next(m for m in spending.months if m.month == months_back(1).replace(day=1))
    invoice_month = next(m for m in spending.months if m.month == months_back(3).replace(day=1))
    assert credit_month.amount == Decimal("-121.00") and invoice_month.amount == Decimal("121.00")
    assert credit_month.y == spending.baseline and invoice_month.y + invoice_month.height == spending.baseline
    assert credit_month.height == invoice_month.height > 0


async def test_mijn_facturen_shows_the_chart_with_a_title_and_the_figures_in_a_table(make_client, world):
    await spending_world(world)
    mia = await signed_in(make_client(), world.manager)

    page = shown((await mia.get("/profile/orders/?page=financial")).text)

    section = page[page.index('<section class="spending"'):page.index("</section>")]
    assert re.search(r'<svg[^>]+role="img"[^>]+aria-labelledby="spending-svg-title"', section)
    assert '<title id="spending-svg-title">Staafdiagram van de uitgaven per maand' in section
    assert section.count("<rect ") == 12 and section.count('<tr><th scope="row">') == 12
    assert "€ 1.089,00" in section and "€ 122,20" in section and "€ 60,50" in section
    assert "€ 1.271,70" in section and "€ 1.210,00" not in section  # Het Baken is not Mia's
    assert "style=" not in section and "<script" not in section


async def test_a_year_without_invoices_says_so_instead_of_an_empty_chart(make_client, world):
    await inv.invoice(world.linde, invoice_date=months_back(12), lines=[("Oud", "1", "10.00", "21.00")])  # too old
    mia = await signed_in(make_client(), world.manager)

    page = shown((await mia.get("/profile/orders/?page=financial")).text)

    section = page[page.index('<section class="spending"'):page.index("</section>")]
    assert "<svg" not in section and "<table" not in section
    assert re.search(r'<p class="muted" id="spending-none">Geen uitgaven van \S+ \d{4} tot en met \S+ \d{4}\.</p>',
                     section), section
