"""The staff's answer to a quote request in /admin (SHOP-9): "Offerte beantwoorden" with a price per line,
a validity date and a note. The queue is the sidebar link "Offertes: te beantwoorden". The form calls portal.domain.quotes.answer; a refusal comes back as the Dutch
message on the form (as in portal.admin.order_forms)."""

from __future__ import annotations

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from portal.admin.config import ORDERS
from portal.admin.service_forms import date_field, staff_of, typed_day
from portal.domain.errors import NotFound
from portal.domain.quotes import answer
from portal.domain.service_requests.execution import StaffRefusal
from portal.i18n import _, format_day, format_money


class AnswerQuote(BaseModel):
    number: str = Field("", title="Offertenummer", description="Het nummer van de offerte, bijvoorbeeld OFF-2026-000012.")
    prices: str = Field("", title="Prijzen per artikel",
                        description="Per regel (of gescheiden door ;) een artikelnummer en de prijs per stuk excl. "
                                    "btw, bijvoorbeeld '100200 899,00; 300400 6,50'. Elk artikel krijgt een prijs.",
                        json_schema_extra={"extra": {"widget": "text-area"}})
    valid_until: str = date_field("Geldig tot en met", "Tot en met deze dag kan de klant de offerte bestellen.")
    note: str = Field("", title="Toelichting", description="Optioneel; de klant leest haar bij de offerte.",
                      json_schema_extra={"extra": {"widget": "text-area"}})


async def answer_quote(request: Request, data: AnswerQuote) -> str:
    try:
        done = await answer.answer(data.number, data.prices, typed_day(data.valid_until), data.note, staff_of(request))
    except NotFound:
        clean = answer.normalise_number(data.number)
        raise StaffRefusal(_("Er is geen offerte met offertenummer %(number)s.") % {"number": clean} if clean
                           else _("Vul het offertenummer in.")) from None
    return _("Offerte %(number)s is beantwoord (%(total)s excl. btw, geldig tot en met %(date)s); de klant heeft "
             "bericht gekregen.") % {"number": done.number, "total": format_money(done.total),
                                     "date": format_day(done.valid_until)}


QUOTE_FORMS = [
    FormConfig(name="Offerte beantwoorden", pydantic_model=AnswerQuote, endpoint=answer_quote, form_group=ORDERS,
               description="Geeft een aangevraagde offerte (zie 'Offertes: te beantwoorden') een prijs per artikel, een geldigheidsdatum en een "
                           "toelichting. De klant krijgt een e-mail en een melding en kan de offerte daarna bestellen."),
]
