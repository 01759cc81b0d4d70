"""Mijn actuele overzicht (DASH-1) over HTTP: per role exactly the sections its rights give, each with only
the records the account may see (its own orders and quotes at its locations; the service requests of its
locations; the administrator the whole organisation; never another organisation's), what waits for the
account's authorisation first, at most five rows a section, cost, date and status, the links to the full
lists and the details, and the landing after signing in and on "/"."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portal.i18n import format_day
from portal.rights import ADMIN, ROLES
from tests import asset_factories as af
from tests import factories
from tests.helpers import login, post_form

SERVICES = ["reparaties", "depotleveringen", "verplaatsingen"]
ORDERS = ["kooporders", "huuraanvragen"]
# What the rights table (ROLE-1…9) and "Mag orders autoriseren" (set for the administrator and role 1 in
# the fixture) give each role, in the order of the page.
EXPECTED_SECTIONS = {
    ADMIN: ["wachtende-aanvragen", "wachtende-orders", *ORDERS, "offertes", *SERVICES],
    "1": ["wachtende-aanvragen", "wachtende-orders", *ORDERS, "offertes", *SERVICES],
    "2": [*ORDERS, "offertes", *SERVICES],
    "3": ["wachtende-aanvragen", *ORDERS, "offertes", *SERVICES],
    "4": SERVICES,
    "5": [*ORDERS, *SERVICES],
    "6": ["wachtende-aanvragen", *ORDERS, *SERVICES],  # orders: those of the services it authorises
    "7": ["wachtende-aanvragen", *ORDERS, *SERVICES],
}


def sections(html: str) -> dict[str, str]:
    """The page's sections by id, each with its markup."""
    found = re.findall(r'<section id="([^"]+)" class="dashboard-section"(.*?)</section>', html, re.S)
    return {key: body for key, body in found}


def numbers(body: str) -> list[str]:
    """The record numbers of a section's rows, in order (the row's first cell)."""
    return re.findall(r'<th scope="row"[^>]*>(?:<a [^>]*>)?([^<]+)', body)


async def dashboard(client, account) -> str:
    await login(client, account.email)
    page = await client.get("/profile/")
    assert page.status_code == 200, page.text[:500]
    assert "<h1>Mijn actuele overzicht</h1>" in page.text
    return page.text.replace("\xa0", " ")


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_sees_exactly_the_sections_its_rights_give(client, care, role):
    html = await dashboard(client, care.people[role])
    assert list(sections(html)) == EXPECTED_SECTIONS[role]
    assert "binnenkort beschikbaar" not in html


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("4", "6")])
async def test_orders_and_quotes_are_the_accounts_own_at_its_locations(client, care, role):
    found = sections(await dashboard(client, care.people[role]))
    purchases, rentals = numbers(found["kooporders"]), numbers(found["huuraanvragen"])
    assert care.orders[role].number in purchases and care.rentals[role].number in rentals
    assert care.other_order.number not in purchases
    colleague = "5" if role != "5" else "2"
    if role == ADMIN:  # the administrator: every order of the organisation, Het Baken included
        assert care.order_at_baken.number in purchases
    else:
        assert care.orders[colleague].number not in purchases
        assert care.rentals[colleague].number not in rentals
        assert care.order_at_baken.number not in purchases
        assert care.service_order.number not in purchases
    if "offertes" in found:
        quotes = numbers(found["offertes"])
        assert care.quotes[role] in quotes
        assert (care.quote_at_baken in quotes) == (role == ADMIN)
        if role != ADMIN:
            assert care.quotes[colleague] not in quotes


async def test_role_4_sees_no_orders_or_quotes_at_all(client, care):
    html = await dashboard(client, care.people["4"])
    assert "Kooporders" not in html and "Offertes" not in html and "Huuraanvragen" not in html
    for role in ROLES:
        assert care.orders[role].number not in html and care.quotes[role] not in html


async def test_role_6_sees_the_orders_of_the_services_it_authorises_only(client, care):
    found = sections(await dashboard(client, care.people["6"]))
    assert numbers(found["kooporders"]) == [care.service_order.number]
    assert numbers(found["huuraanvragen"]) == []
    assert "U heeft nog geen huuraanvragen." in found["huuraanvragen"]


@pytest.mark.parametrize("role", ROLES)
async def test_service_requests_are_those_of_the_accounts_locations(client, care, role):
    found = sections(await dashboard(client, care.people[role]))
    repairs = numbers(found["reparaties"])
    assert care.repair.number in repairs and care.waiting_repair.number in repairs
    assert (care.repair_at_baken.number in repairs) == (role == ADMIN)
    assert "SRV-ANDER-1" not in repairs
    assert numbers(found["depotleveringen"]) == [care.from_depot.number, care.to_depot.number]  # newest first
    assert numbers(found["verplaatsingen"]) == [care.relocation.number]


async def test_a_location_no_longer_assigned_drops_out(client, care):
    """Role 2 assigned to Het Baken only: De Linde's requests and its own orders there are gone."""
    person = await factories.account(care.org, "2", locations=[care.baken], name="Verhuisd")
    found = sections(await dashboard(client, person))
    assert numbers(found["reparaties"]) == [care.repair_at_baken.number]
    assert numbers(found["depotleveringen"]) == [] and numbers(found["kooporders"]) == []


async def test_what_waits_for_the_account_comes_first(client, care):
    html = await dashboard(client, care.people["1"])
    waiting_at = html.index('id="wacht-kop"')
    assert waiting_at < min(html.index(f'<section id="{key}"') for key in [*ORDERS, "offertes", *SERVICES])
    found = sections(html)
    assert numbers(found["wachtende-aanvragen"]) == [care.waiting_repair.number]
    assert numbers(found["wachtende-orders"]) == [care.waiting_order.number]
    assert "Persoon rol 2" in found["wachtende-orders"]
    assert re.search(r'Wacht op uw autorisatie <span class="badge">2</span>', html)


async def test_an_authoriser_sees_only_what_waits_for_them(client, make_client, care):
    found = sections(await dashboard(client, care.people["3"]))
    assert numbers(found["wachtende-aanvragen"]) == []
    assert "Er wachten geen serviceaanvragen op uw autorisatie." in found["wachtende-aanvragen"]
    # The administrator decides what no authoriser can decide any more, not what waits for role 1.
    admin = sections(await dashboard(make_client(), care.people[ADMIN]))
    assert numbers(admin["wachtende-orders"]) == [care.orphan_order.number]


async def test_the_requester_does_not_see_their_own_request_as_waiting_for_them(client, care):
    html = await dashboard(client, care.people["2"])
    assert "Wacht op uw autorisatie" not in html
    assert care.waiting_order.number in numbers(sections(html)["kooporders"])  # but in their own orders
    assert "Wacht op autorisatie" in sections(html)["kooporders"]


async def test_rows_show_cost_date_and_status(client, make_client, care):
    found = sections(await dashboard(client, care.people["4"]))
    row = re.search(rf'<tr><th scope="row"[^>]*>[^\n]*?{care.repair.number}.*?</tr>', found["reparaties"], re.S).group(0)
    day = format_day(care.repair.created_at)  # the day in Amsterdam
    assert "€ 123,45" in row and "Uitgevoerd" in row and "Reparatie" in row
    assert re.search(f'data-label="Aanvraagdatum"[^>]*>{day}<', row)
    buyer = sections(await dashboard(make_client(), care.people["5"]))
    row = re.search(rf'<tr><th scope="row"[^>]*>[^\n]*?{care.orders["5"].number}.*?</tr>', buyer["kooporders"], re.S).group(0)
    assert "Verstuurd naar HartingBank" in row and re.search(r"€ \d", row)


async def test_a_section_shows_the_five_newest(client, care):
    aid = await af.asset(care.org, care.linde, await af.product_type(await af.subcategory(await af.category())))
    made = [await af.service_request(aid, "relocation", "done") for _ in range(7)]
    found = sections(await dashboard(client, care.people["4"]))
    assert numbers(found["verplaatsingen"]) == [row.number for row in reversed(made)][:5]


async def test_the_links_lead_to_the_full_lists_and_the_details(client, care):
    found = sections(await dashboard(client, care.people["1"]))
    full = {key: re.search(r'<div class="dashboard-head">.*?<a href="([^"]+)"', body, re.S).group(1)
            for key, body in found.items()}
    assert full == {
        "wachtende-aanvragen": "/te-autoriseren", "wachtende-orders": "/te-autoriseren",
        "kooporders": "/profile/orders", "huuraanvragen": "/profile/orders?page=rental",
        "offertes": "/profile/quotes", "reparaties": "/profile/planning?soort=repair",
        "depotleveringen": "/profile/planning", "verplaatsingen": "/profile/planning?soort=relocation",
    }
    number = care.orders["1"].number
    assert f'<a href="/profile/orders/{number}">Bekijk details</a>' in found["kooporders"]
    assert f'<a href="/acties/{care.repair.number}">Bekijk details</a>' in found["reparaties"]
    assert f'<a href="/acties/{care.waiting_repair.number}">' in found["wachtende-aanvragen"]
    quote = care.quotes["1"]
    assert f'<a href="/profile/quotes/{quote}">Bekijk details</a>' in found["offertes"]
    for link in re.findall(r'href="(/[^"]+)"', "".join(found.values())):
        answer = await client.get(link)
        assert answer.status_code == 200, f"{link}: {answer.status_code}"


async def test_sign_in_and_the_start_page_land_here(client, make_client, care):
    person = care.people["4"]
    signed_in = await login(client, person.email)
    assert signed_in.headers["location"] == "/profile"
    home = await client.get("/")
    assert home.status_code == 302 and home.headers["location"] == "/profile"
    # A return address is still kept (the rule of portal.security).
    back = await post_form(make_client(), "/inloggen", {"email": person.email, "password": factories.PASSWORD,
                                                 "next": "/acties"}, token_from="/inloggen")
    assert back.headers["location"] == "/acties"


async def test_signed_out_the_dashboard_asks_to_sign_in_and_comes_back(client, care):
    answer = await client.get("/profile/")
    assert answer.status_code == 303 and answer.headers["location"] == "/inloggen?volgende=%2Fprofile%2F"


@pytest.mark.parametrize("role", ROLES)
async def test_the_roles_that_see_invoices_see_the_spending_of_their_locations_per_month(client, care, role):
    from tests import invoice_factories

    # One invoice at De Linde this month (€ 100 + 21 % VAT), one at De Baken: only the administrator sees both.
    await invoice_factories.invoice(care.linde, invoice_date=date.today())
    await invoice_factories.invoice(care.baken, invoice_date=date.today())
    html = await dashboard(client, care.people[role])
    if role not in (ADMIN, "1"):
        assert "Uitgaven per maand" not in html
        return
    chart = re.search(r'<section class="spending".*?</section>', html, re.S).group(0)
    assert "<svg" in chart and 'role="img"' in chart
    expected = "€ 242,00" if role == ADMIN else "€ 121,00"
    assert f'<span class="spending-total">{expected}</span>' in chart
