"""The document number opens the invoice itself as a printable PDF (INV-1): HartingBank's details, the
customer's, the lines with VAT per rate and the totals to the cent, and what it belongs to; a credit note
names the invoice it credits."""

from __future__ import annotations

import io
from decimal import Decimal

from pypdf import PdfReader

from portal.domain.invoices import document
from portal.domain.scope import scope_for
from tests import invoice_factories as inv
from tests import order_factories
from tests.invoices.conftest import signed_in


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space as one space (cells come out on lines of their own)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.replace("\xa0", " ").split())


# 3 x 33,33 = 99,99 at 21 % (VAT 21,00 from 20,9979); 7 x 1,15 = 8,05 at 9 % (VAT 0,72 from 0,7245)
LINES = [("Rollator Topro", "3", "33.33", "21.00"), ("Handschoenen nitril", "7", "1.15", "9.00"),
         ("Matras", "1", "0.05", "21.00")]


async def test_the_invoice_pdf_shows_both_parties_the_lines_vat_per_rate_and_totals_to_the_cent(make_client, world):
    order = await order_factories.order(world.admin, world.linde, number="ORD-2026-000321")
    invoice = await inv.invoice(world.linde, number="FAC-2026-000031", lines=LINES, order=order)
    anja = await signed_in(make_client(), world.admin)

    response = await anja.get(f"/facturen/{invoice.number}")

    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert 'filename="FAC-2026-000031.pdf"' in response.headers["content-disposition"]
    text = pdf_text(response.content)
    assert "Factuur" in text and "FAC-2026-000031" in text and "Order ORD-2026-000321" in text
    assert "HartingBank B.V." in text and "KvK 30123456" in text and "IBAN NL91 ABNA 0417 1643 00" in text
    assert "Zorggroep De Linde" in text and "De Linde" in text
    assert "Rollator Topro" in text and "€ 99,99" in text and "€ 8,05" in text
    assert "Totaal excl. btw € 108,09" in text
    assert "Btw 9% € 0,72" in text and "Btw 21% € 21,01" in text  # 21 % over 99,99 + 0,05 = 100,04
    assert "Totaal incl. btw € 129,82" in text


async def test_the_data_the_pdf_is_drawn_from_agrees_with_the_stored_totals(world):
    invoice = await inv.invoice(world.linde, number="FAC-2026-000032", lines=LINES)

    found = await document.invoice_document(world.admin, await scope_for(world.admin), invoice.number)

    assert found.totals.excl == Decimal("108.09")
    assert found.totals.vat == {Decimal("9.00"): Decimal("0.72"), Decimal("21.00"): Decimal("21.01")}
    assert found.totals.incl == Decimal("129.82")
    stored = await type(invoice).objects().get(type(invoice).id == invoice.id)
    assert (Decimal(str(stored.total_excl_vat)), Decimal(str(stored.total_incl_vat))) == (found.totals.excl, found.totals.incl)


async def test_a_credit_note_pdf_names_the_invoice_it_credits(make_client, world):
    invoice = await inv.invoice(world.linde, number="FAC-2026-000033", lines=[("Tillift", "1", "1000.00", "21.00")])
    credit = await inv.invoice(world.linde, kind="credit_note", number="CRN-2026-000033", credited=invoice,
                               lines=[("Creditering FAC-2026-000033: kras", "1", "-100.00", "21.00")])
    anja = await signed_in(make_client(), world.admin)

    text = pdf_text((await anja.get(f"/facturen/{credit.number}")).content)

    assert "Creditnota" in text and "Creditnota bij factuur FAC-2026-000033" in text
    assert "Totaal excl. btw € -100,00" in text and "Btw 21% € -21,00" in text and "Totaal incl. btw € -121,00" in text
