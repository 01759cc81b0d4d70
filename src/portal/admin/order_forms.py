"""The staff's work on orders in /admin (SHOP-8, STAFF-2): "Order bevestigen", "Order verzenden", "Order
geleverd" and "Order annuleren". The queue is the sidebar link "Orders: te bevestigen" (the order table
filtered on status). Each form calls one step of portal.domain.orders.execution; a refusal comes back as
the Dutch message on the form (as in portal.admin.service_forms)."""

from __future__ import annotations

from piccolo_admin.endpoints import FormConfig
from pydantic import BaseModel, Field
from starlette.requests import Request

from portal.admin.config import ORDERS
from portal.admin.service_forms import date_field, typed_day, staff_of
from portal.domain.errors import NotFound
from portal.domain.orders import delivery, execution
from portal.i18n import _, format_day

NUMBER = {"title": "Ordernummer", "description": "Het nummer van de order, bijvoorbeeld ORD-2026-000123."}


class ConfirmOrder(BaseModel):
    number: str = Field("", **NUMBER)
    delivery_date: str = date_field("Verwachte leverdatum", "Optioneel: de dag waarop HartingBank verwacht te leveren.")


class ShipOrder(BaseModel):
    number: str = Field("", **NUMBER)
    shipping_date: str = date_field("Verzenddatum", "De dag waarop de order wordt of is verzonden.")
    shipping_method: str = Field("", title="Verzendmethode", description="Bijvoorbeeld eigen bezorging, PostNL of DHL.")


class OrderDelivered(BaseModel):
    number: str = Field("", **NUMBER)
    delivery_date: str = date_field("Leverdatum", "De dag waarop de order is geleverd (vandaag of eerder).")
    object_numbers: str = Field(
        "", title="Objectnummers (huurorder)",
        description="Alleen bij een huurorder: het objectnummer van elk geleverd artikel, één per regel, in de "
                    "volgorde van de orderregels. Een lege regel (of geen regel) geeft het artikel een nieuw "
                    "objectnummer. Elk artikel komt als gehuurd hulpmiddel in Mijn hulpmiddelen van de klant. "
                    "Laat leeg bij een kooporder.",
        json_schema_extra={"widget": "textarea"})


class CancelOrder(BaseModel):
    number: str = Field("", **NUMBER)
    reason: str = Field("", title="Reden", description="Waarom de order vervalt; de klant leest haar.",
                        json_schema_extra={"widget": "textarea"})


def _unknown(number: str) -> execution.StaffRefusal:
    clean = execution.normalise_number(number)
    if not clean:
        return execution.StaffRefusal(_("Vul het ordernummer in."))
    return execution.StaffRefusal(_("Er is geen order met ordernummer %(number)s.") % {"number": clean})


async def confirm_order(request: Request, data: ConfirmOrder) -> str:
    try:
        done = await execution.confirm(data.number, typed_day(data.delivery_date), staff_of(request))
    except NotFound:
        raise _unknown(data.number) from None
    return _("Order %(number)s is bevestigd; de klant heeft bericht gekregen.") % {"number": done.number}


async def ship_order(request: Request, data: ShipOrder) -> str:
    try:
        done = await execution.ship(data.number, typed_day(data.shipping_date), data.shipping_method, staff_of(request))
    except NotFound:
        raise _unknown(data.number) from None
    return _("Order %(number)s wordt verzonden op %(date)s (%(method)s); de klant heeft bericht gekregen.") % {
        "number": done.number, "date": format_day(done.shipping_date), "method": done.shipping_method}


async def mark_delivered(request: Request, data: OrderDelivered) -> str:
    try:
        done = await execution.deliver(data.number, typed_day(data.delivery_date), staff_of(request), data.object_numbers)
    except NotFound:
        raise _unknown(data.number) from None
    said = _("Order %(number)s is geleverd op %(date)s; de klant heeft bericht gekregen.") % {
        "number": done.number, "date": format_day(done.delivery_date)}
    aids = [aid["object_number"] for aid in await delivery.aids_of(done.id)]
    if aids:
        said += " " + _("In Mijn hulpmiddelen van de klant staan nu de gehuurde hulpmiddelen %(numbers)s.") % {
            "numbers": ", ".join(aids)}
    return said


async def cancel_order(request: Request, data: CancelOrder) -> str:
    try:
        done = await execution.cancel(data.number, data.reason, staff_of(request))
    except NotFound:
        raise _unknown(data.number) from None
    return _("Order %(number)s is geannuleerd; de klant heeft bericht gekregen.") % {"number": done.number}


ORDER_FORMS = [
    FormConfig(name="Order bevestigen", pydantic_model=ConfirmOrder, endpoint=confirm_order, form_group=ORDERS,
               description="Bevestigt een order die bij HartingBank binnen is (zie 'Orders: te bevestigen'), "
                           "eventueel met de verwachte leverdatum. De klant krijgt een e-mail en een melding."),
    FormConfig(name="Order verzenden", pydantic_model=ShipOrder, endpoint=ship_order, form_group=ORDERS,
               description="Legt verzenddatum en -methode van een order vast (of corrigeert ze). De klant ziet ze op "
                           "de orderpagina en krijgt bericht."),
    FormConfig(name="Order geleverd", pydantic_model=OrderDelivered, endpoint=mark_delivered, form_group=ORDERS,
               description="Meldt een order als geleverd; de klant krijgt bericht. Bij een huurorder wordt elk "
                           "geleverd artikel een gehuurd hulpmiddel in Mijn hulpmiddelen (met de objectnummers die u "
                           "opgeeft, of nieuwe)."),
    FormConfig(name="Order annuleren", pydantic_model=CancelOrder, endpoint=cancel_order, form_group=ORDERS,
               description="Annuleert een order met een reden; de klant krijgt bericht."),
]
