"""HartingBank answers a quote in /admin (SHOP-9): a price per line, a validity date and a note; the
requester is told by notification and e-mail; what cannot be done is refused with a Dutch message."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.admin.quote_forms import AnswerQuote, answer_quote
from portal.domain.service_requests.execution import StaffRefusal
from portal.tables import Notification, QuoteLine, Quote
from tests.quotes.conftest import answered, quote
from tests.shop.conftest import mails_to, shown, signed_in


class FakeRequest:
    """What the admin form's endpoint reads of the request (who, from where)."""

    def __init__(self):
        self.user = type("User", (), {"user": type("U", (), {"username": "bart"})()})()
        self.headers = {}
        self.client = type("C", (), {"host": "127.0.0.1"})()
        self.scope = {"user": self.user}


async def requested(shop):
    return await quote(shop.nurse, shop.linde, (shop.bed, 2, "999.99"), (shop.gloves, 10, "7.35"), status="requested",
                       valid_days=None)


async def test_an_answer_sets_the_prices_validity_and_note_and_tells_the_requester(make_client, shop):
    mine = await requested(shop)

    done = await answered(mine.number, "100200 850,00\n300400 6,50", days=30, note="Inclusief montage.")

    assert done.status == "sent" and done.valid_until == date.today() + timedelta(days=30)
    assert Decimal(str(done.total)) == Decimal("1765.00") and done.staff_note == "Inclusief montage."
    prices = await QuoteLine.select(QuoteLine.unit_price, QuoteLine.line_total).order_by(QuoteLine.id)
    assert [(Decimal(str(p["unit_price"])), Decimal(str(p["line_total"]))) for p in prices] == [
        (Decimal("850.00"), Decimal("1700.00")), (Decimal("6.50"), Decimal("65.00"))]
    assert f"Uw offerte {mine.number} staat klaar" in await mails_to("nina@delinde.nl")
    assert await Notification.count().where(Notification.account == shop.nurse.id) == 1
    nina = await signed_in(make_client(), shop.nurse)
    page = shown((await nina.get(f"/profile/quotes/{mine.number}")).text)
    assert "Offerte ontvangen" in page and "Inclusief montage." in page and "€ 850,00" in page and "Bestellen" in page


@pytest.mark.parametrize("prices, message", [
    ("100200 850,00", "ontbreekt: 300400"),
    ("100200 850,00\n300400 veel", "Vul bij artikel 300400 een prijs in"),
    ("100200 850,00\n300400 6,50\n999999 1,00", "Artikel 999999 staat niet in deze offerte"),
    ("100200 -5\n300400 6,50", "Vul bij artikel 100200 een prijs in"),
])
async def test_every_article_needs_a_price(shop, prices, message):
    mine = await requested(shop)

    with pytest.raises(StaffRefusal, match=message):
        await answered(mine.number, prices)
    assert (await Quote.objects().get(Quote.id == mine.id)).status == "requested"


async def test_a_validity_date_in_the_past_is_refused(shop):
    mine = await requested(shop)

    with pytest.raises(StaffRefusal, match="geldigheidsdatum"):
        await answered(mine.number, "100200 850\n300400 6,50", days=-1)


async def test_an_ordered_quote_cannot_be_answered_again(shop):
    mine = await quote(shop.nurse, shop.linde, (shop.bed, 1, "850.00"), status="ordered")

    with pytest.raises(StaffRefusal, match="kan niet meer beantwoord"):
        await answered(mine.number, "100200 800")


async def test_the_admin_form_answers_and_names_an_unknown_number(shop):
    mine = await requested(shop)
    valid = (date.today() + timedelta(days=10)).isoformat()

    message = await answer_quote(FakeRequest(), AnswerQuote(number=mine.number.lower(), prices="100200 850\n300400 6,50",
                                                            valid_until=valid, note=""))
    assert f"Offerte {mine.number} is beantwoord" in message
    with pytest.raises(StaffRefusal, match="Er is geen offerte met offertenummer OFF-1-2"):
        await answer_quote(FakeRequest(), AnswerQuote(number="off-1-2", prices="", valid_until=valid))
    with pytest.raises(StaffRefusal, match="Vul een geldige datum in"):
        await answer_quote(FakeRequest(), AnswerQuote(number=mine.number, prices="100200 1", valid_until="morgen"))
