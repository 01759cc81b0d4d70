"""Mijn facturen (INV-1) at the manual's address /profile/orders/?page=financial: the invoices and credit
notes the account sees (administrator: every location; role 1: its own locations; nobody: another
organisation's), filters kind, period with quick choices, status and document number, sort, the totals of
the filtered selection, bad filter values, htmx, and the Excel and PDF of the list."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import openpyxl

from portal.i18n import local_today
from tests import invoice_factories as inv
from tests.invoices.conftest import shown, signed_in

LIST = "/profile/orders/?page=financial"
TODAY = local_today()


def listed(html: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Documentnummer"[^>]*><a href="/facturen/([^"]+)">', html)


def last_quarter(today: date) -> tuple[date, date]:
    month = (today.month - 1) // 3 * 3 + 1  # this quarter's first month
    first_of_this = date(today.year, month, 1)
    end = first_of_this - timedelta(days=1)
    return date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


async def linde_documents(world):
    """At De Linde: an open invoice, a paid one, an overdue one and a credit note of the paid one; at Het
    Baken: one open invoice."""
    q_start, _q_end = last_quarter(TODAY)
    opened = await inv.invoice(world.linde, number="FAC-2026-000011", invoice_date=TODAY - timedelta(days=3),
                               lines=[("Rollator", "2", "80.00", "21.00")])  # 193,60
    paid = await inv.invoice(world.linde, number="FAC-2026-000012", invoice_date=q_start + timedelta(days=5),
                             status="paid", lines=[("Handschoenen", "10", "7.35", "9.00")])  # 80,12
    overdue = await inv.invoice(world.linde, number="FAC-2026-000013", invoice_date=TODAY - timedelta(days=60),
                                due_date=TODAY - timedelta(days=30), lines=[("Tillift", "1", "1000.00", "21.00")])
    credit = await inv.invoice(world.linde, kind="credit_note", number="CRN-2026-000001",
                               invoice_date=q_start + timedelta(days=10), credited=paid, status="paid",
                               lines=[("Creditering FAC-2026-000012", "1", "-20.00", "9.00")])  # -21,80
    baken = await inv.invoice(world.baken, number="FAC-2026-000014", invoice_date=TODAY - timedelta(days=1),
                              lines=[("Bed", "1", "500.00", "21.00")])
    return opened, paid, overdue, credit, baken


async def test_the_administrator_sees_every_location_newest_first_with_kind_status_and_amounts(make_client, world):
    opened, paid, overdue, credit, baken = await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)

    response = await anja.get(LIST)
    page = shown(response.text)

    assert response.status_code == 200 and "<h1>Mijn facturen</h1>" in page
    dated = sorted([opened, paid, overdue, credit, baken], key=lambda i: i.invoice_date, reverse=True)
    assert listed(page) == [i.number for i in dated]
    assert world.other_invoice.number not in page
    assert "Creditnota" in page and "Vervallen" in page and "Betaald" in page and "€ 193,60" in page
    assert "5 documenten gevonden" in page
    assert f'<td data-label="Betreft" class="col-p2">Bij factuur {paid.number}</td>' in page


async def test_role_1_sees_only_the_invoices_of_its_own_locations(make_client, world):
    opened, paid, overdue, credit, baken = await linde_documents(world)
    mia = await signed_in(make_client(), world.manager)

    page = (await mia.get(LIST)).text

    assert baken.number not in listed(page) and opened.number in listed(page) and len(listed(page)) == 4
    assert (await mia.get(f"/facturen/{baken.number}")).status_code == 404  # out of scope
    assert (await mia.get(f"/facturen/{opened.number}")).status_code == 200


async def test_another_organisations_invoice_and_an_unknown_number_answer_404(make_client, world):
    await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)
    other = await signed_in(make_client(), world.other_admin)

    assert (await anja.get(f"/facturen/{world.other_invoice.number}")).status_code == 404
    assert (await anja.get("/facturen/FAC-2026-424242")).status_code == 404
    assert (await other.get("/facturen/FAC-2026-000011")).status_code == 404
    assert listed((await other.get(LIST)).text) == [world.other_invoice.number]


async def test_roles_without_the_invoice_right_get_no_access_and_signed_out_goes_to_sign_in(make_client, client, world):
    await linde_documents(world)
    nina = await signed_in(make_client(), world.nurse)

    for path in (LIST, "/facturen", "/facturen/FAC-2026-000011", "/facturen/download.xlsx"):
        answer = await nina.get(path)
        assert answer.status_code == 403 and "Geen toegang" in answer.text, path
    assert (await client.get(LIST)).status_code == 303


async def test_filter_kind_status_and_document_number(make_client, world):
    opened, paid, overdue, credit, baken = await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)

    assert listed((await anja.get(LIST + "&soort=creditnota")).text) == [credit.number]
    assert credit.number not in listed((await anja.get(LIST + "&soort=factuur")).text)
    assert sorted(listed((await anja.get(LIST + "&status=open")).text)) == [opened.number, baken.number]
    assert listed((await anja.get(LIST + "&status=vervallen")).text) == [overdue.number]
    assert sorted(listed((await anja.get(LIST + "&status=betaald")).text)) == [credit.number, paid.number]
    assert listed((await anja.get(LIST + "&documentnummer=fac-2026-000013")).text) == [overdue.number]
    assert listed((await anja.get(LIST + "&documentnummer=000012")).text) == [paid.number]
    combined = (await anja.get(LIST + "&soort=factuur&status=open&documentnummer=00001")).text
    assert sorted(listed(combined)) == [opened.number, baken.number]


async def test_period_by_dates_and_the_quick_choices(make_client, world):
    opened, paid, overdue, credit, baken = await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)
    start, end = last_quarter(TODAY)

    # "alle creditnota's van het afgelopen kwartaal" (the manual's example)
    quarter = (await anja.get(LIST + "&soort=creditnota&periode=afgelopen-kwartaal")).text
    assert listed(quarter) == [credit.number]
    assert f'value="{start.isoformat()}"' in quarter and f'value="{end.isoformat()}"' in quarter
    by_dates = (await anja.get(LIST + f"&van={start.isoformat()}&tot={end.isoformat()}")).text
    assert sorted(listed(by_dates)) == sorted([paid.number, credit.number])
    this_year = listed((await anja.get(LIST + "&periode=dit-jaar")).text)
    assert set(this_year) == {i.number for i in (opened, paid, overdue, credit, baken) if i.invoice_date.year == TODAY.year}
    page = (await anja.get(LIST)).text
    assert "Afgelopen kwartaal" in page and "Dit jaar" in page
    link = re.search(r'<a href="([^"]+)"[^>]*>Afgelopen kwartaal</a>', page).group(1).replace("&amp;", "&")
    assert sorted(listed((await anja.get(link)).text)) == sorted([paid.number, credit.number])


async def test_sort_by_amount_and_the_totals_of_the_filtered_selection(make_client, world):
    opened, paid, overdue, credit, baken = await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)

    ascending = listed((await anja.get(LIST + "&sorteren=bedrag")).text)
    assert ascending == [credit.number, paid.number, opened.number, baken.number, overdue.number]
    page = shown((await anja.get(LIST + "&soort=factuur&status=betaald")).text)
    # the paid invoice only: 10 x 7,35 = 73,50 + 6,62 VAT (9 %) = 80,12
    assert 'id="selection-excl">€ 73,50<' in page and 'id="selection-incl">€ 80,12<' in page
    # everything: 160 + 73,50 + 1000 - 20 + 500 excl.; VAT 33,60 + 6,62 + 210 - 1,80 + 105
    everything = shown((await anja.get(LIST)).text)
    assert 'id="selection-excl">€ 1.713,50<' in everything
    assert 'id="selection-vat">€ 353,42<' in everything and 'id="selection-incl">€ 2.066,92<' in everything


async def test_bad_filter_values_say_so_in_dutch_keep_what_was_typed_and_still_list(make_client, world):
    await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)

    response = await anja.get(LIST + "&soort=offerte&status=zoek&van=gisteren&periode=eeuw&sorteren=kleur&pagina=-3")
    page = response.text

    assert response.status_code == 200
    assert "Kies factuur of creditnota" in page and "Kies open, betaald of vervallen" in page
    assert "is geen datum" in page and "Kies een periode uit de lijst" in page and "kan niet worden gesorteerd" in page
    assert 'value="gisteren"' in page and 'aria-invalid="true"' in page
    assert len(listed(page)) == 5


async def test_htmx_gets_the_results_alone_at_the_same_url_and_facturen_shows_the_same_list(make_client, world):
    await linde_documents(world)
    anja = await signed_in(make_client(), world.admin)

    partial = await anja.get(LIST + "&soort=creditnota", headers={"HX-Request": "true"})
    full = await anja.get(LIST + "&soort=creditnota")
    menu_page = await anja.get("/facturen?soort=creditnota")

    assert partial.text.lstrip().startswith('<div id="invoices"') and "<html" not in partial.text
    assert partial.headers["hx-push-url"] == "/profile/orders?page=financial&soort=creditnota"
    assert "<html" in full.text and full.headers["vary"] == "HX-Request" and "Uitgaven per maand" in full.text
    assert menu_page.status_code == 200 and listed(menu_page.text) == listed(full.text)
    for page in (full.text, menu_page.text):  # the menu marks Mijn facturen, not Mijn orders
        assert re.search(r'<a href="/facturen" aria-current="page"', page), page[:3000]


async def test_the_excel_and_pdf_of_the_list_hold_the_filtered_rows(make_client, world):
    opened, paid, overdue, credit, baken = await linde_documents(world)
    mia = await signed_in(make_client(), world.manager)
    page = (await mia.get(LIST + "&soort=factuur")).text
    excel_url = re.search(r'<a href="([^"]+download\.xlsx[^"]*)">Excel</a>', page).group(1).replace("&amp;", "&")

    excel = await mia.get(excel_url)
    pdf = await mia.get(excel_url.replace("download.xlsx", "download.pdf"))

    sheet = openpyxl.load_workbook(io.BytesIO(excel.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Documentnummer", "Soort", "Factuurdatum")
    assert sorted(row[0] for row in rows[1:]) == sorted([opened.number, paid.number, overdue.number])
    totals = {row[0]: row[rows[0].index("Totaal incl. btw")] for row in rows[1:]}
    assert float(totals[opened.number]) == 193.60
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
