"""HartingBank staff issue invoices and credit notes in /admin (INV-1, STAFF-2): "Factuur van een order",
"Factuur van een serviceaanvraag", "Huurfactuur maken", "Creditnota maken" and "Betaling registreren".
Each form calls one step of portal.domain.invoices.issuing; a refusal comes back as the Dutch message on
the form. The invoice tables themselves are read-only (portal.admin.invoices): an issued invoice is only
ever credited."""

from __future__ import annotations

from decimal import Decimal

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from portal.admin.config import FACTUREN
from portal.admin.service_forms import date_field, staff_of, typed_day
from portal.domain.invoices import issuing
from portal.domain.parsing import parse_id
from portal.i18n import _, format_money
from portal.money import parse_money

DAY = ("Factuurdatum", "Optioneel: de datum op de factuur (vandaag als u niets invult).")
RATES = {"21%": Decimal("21.00"), "9%": Decimal("9.00")}


class OrderInvoice(BaseModel):
    number: str = Field("", title="Ordernummer", description="Het nummer van de kooporder, bijvoorbeeld ORD-2026-000123.")
    invoice_date: str = date_field(*DAY)


class ServiceInvoice(BaseModel):
    number: str = Field("", title="Ordernummer", description="Het nummer van de uitgevoerde aanvraag, bijvoorbeeld "
                                                              "SRV-2026-000123.")
    amount: str = Field("", title="Bedrag excl. btw", description="Optioneel: leeg is de kosten van de aanvraag.")
    invoice_date: str = date_field(*DAY)


class RentalInvoice(BaseModel):
    location: str = Field("", title="Locatienummer", description="Het nummer (id) van de locatie in de tabel Locaties.")
    period_start: str = date_field("Huur vanaf", "De eerste dag van de huurperiode.")
    period_end: str = date_field("Huur tot en met", "De laatste dag van de huurperiode (vandaag of eerder).")
    invoice_date: str = date_field(*DAY)


class CreditNote(BaseModel):
    number: str = Field("", title="Factuurnummer", description="De factuur die u crediteert, bijvoorbeeld FAC-2026-000123.")
    reason: str = Field("", title="Reden", description="Waarom u crediteert; de klant leest haar op de creditnota.")
    amount: str = Field("", title="Bedrag excl. btw", description="Optioneel: leeg crediteert alles wat nog open is.")
    vat_rate: str = Field("", title="Btw-tarief", description="Alleen nodig bij een bedrag op een factuur met meer tarieven.",
                          json_schema_extra={"enum": ["", *RATES]})
    invoice_date: str = date_field("Datum", "Optioneel: de datum op de creditnota (vandaag als u niets invult).")


class Payment(BaseModel):
    number: str = Field("", title="Documentnummer", description="De betaalde factuur of verrekende creditnota.")


def _amount(raw: str) -> Decimal | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    amount = parse_money(raw)
    if amount is None:
        raise issuing.StaffRefusal(_("Vul een bedrag in euro's in, bijvoorbeeld 125,50."))
    return amount


def _issued(invoice) -> str:
    return _("%(number)s is aangemaakt: %(total)s incl. btw. De klant ziet hem in Mijn facturen.") % {
        "number": invoice.number, "total": format_money(invoice.total_incl_vat)}


async def invoice_order(request: Request, data: OrderInvoice) -> str:
    return _issued(await issuing.invoice_order(data.number, typed_day(data.invoice_date), staff_of(request)))


async def invoice_service(request: Request, data: ServiceInvoice) -> str:
    return _issued(await issuing.invoice_service(data.number, _amount(data.amount), typed_day(data.invoice_date),
                                                 staff_of(request)))


async def invoice_rental(request: Request, data: RentalInvoice) -> str:
    return _issued(await issuing.invoice_rental(parse_id(data.location), typed_day(data.period_start),
                                                typed_day(data.period_end), typed_day(data.invoice_date),
                                                staff_of(request)))


async def credit_note(request: Request, data: CreditNote) -> str:
    rate = RATES.get(data.vat_rate.strip()) if data.vat_rate.strip() else None
    if data.vat_rate.strip() and rate is None:
        raise issuing.StaffRefusal(_("Kies 21% of 9% btw."))
    return _issued(await issuing.credit(data.number, _amount(data.amount), rate, data.reason,
                                        typed_day(data.invoice_date), staff_of(request)))


async def record_payment(request: Request, data: Payment) -> str:
    done = await issuing.record_payment(data.number, staff_of(request))
    return _("%(number)s staat nu als betaald geregistreerd.") % {"number": done.number}


INVOICE_FORMS = [
    FormConfig(name="Factuur van een order", pydantic_model=OrderInvoice, endpoint=invoice_order, form_group=FACTUREN,
               description="Factureert een kooporder met de regels, prijzen en btw-tarieven waarmee hij is besteld."),
    FormConfig(name="Factuur van een serviceaanvraag", pydantic_model=ServiceInvoice, endpoint=invoice_service,
               form_group=FACTUREN, description="Factureert een uitgevoerde serviceaanvraag (21% btw)."),
    FormConfig(name="Huurfactuur maken", pydantic_model=RentalInvoice, endpoint=invoice_rental, form_group=FACTUREN,
               description="Factureert de huur van een locatie over een periode: per gehuurd hulpmiddel de gehuurde "
                           "dagen maal de dagprijs van het product."),
    FormConfig(name="Creditnota maken", pydantic_model=CreditNote, endpoint=credit_note, form_group=FACTUREN,
               description="Crediteert een factuur geheel of voor een bedrag; nooit meer dan er gefactureerd is. Een "
                           "uitgegeven factuur wordt nooit gewijzigd, alleen gecrediteerd."),
    FormConfig(name="Betaling registreren", pydantic_model=Payment, endpoint=record_payment, form_group=FACTUREN,
               description="Registreert dat een factuur is betaald (of een creditnota verrekend)."),
]
