"""Mijn account (ACC-3): own details and the tab "Toegewezen locaties", as a full page and as the
fragment htmx swaps in."""

import re
from decimal import Decimal

import pytest

from portal.tables import AccountLocation, BudgetTier, Department, ServiceAuthoriser
from tests import factories
from tests.helpers import login


def tab_text(html: str) -> str:
    """The visible text of the page's tab area, whitespace folded."""
    start = html.index('id="account-tab"') if 'id="account-tab"' in html else 0
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:]))


def location_names(html: str) -> list[str]:
    return re.findall(r'<article class="location-card">\s*<header>\s*<strong>([^<]+)</strong>', html)


async def test_details_show_name_email_role_authorisers_budget_and_order_authorisation(client):
    org = await factories.organisation()
    boss = await factories.account(org, "1", name="Anna de Vries")
    finance = await factories.account(org, "admin", name="Bram Bakker")
    person = await factories.account(org, "2", name="Carla Jansen", email="carla.jansen@zorggroep.nl")
    await ServiceAuthoriser(account=person.id, kind="repair", authoriser=boss.id).save()
    await ServiceAuthoriser(account=person.id, kind="relocation", authoriser=person.id).save()  # herself: none needed
    person.has_budget_limit = True
    await person.save()
    await BudgetTier(account=person.id, from_amount=Decimal("2500.00"), authoriser=finance.id).save()
    await BudgetTier(account=person.id, from_amount=Decimal("500.00"), authoriser=boss.id).save()
    await login(client, person.email)

    page = await client.get("/mijn-account")
    assert page.status_code == 200
    text = tab_text(page.text)
    assert "Naam Carla Jansen" in text
    assert "E-mailadres carla.jansen@zorggroep.nl" in text
    assert "Rol Rol 2" in text
    assert "Mag orders autoriseren Nee" in text
    assert "Reparatie Anna de Vries" in text
    assert "Verplaatsing Geen autorisatie nodig" in text
    assert "Naar depot brengen Geen autorisatie nodig" in text
    assert "€ 500,00 Anna de Vries" in text and "€ 2.500,00 Bram Bakker" in text  # tab_text folds the nbsp
    assert text.index("500,00 Anna") < text.index("2.500,00 Bram")  # lowest amount first
    assert 'href="/profile/change-password"' in page.text
    assert '<a href="/mijn-account?tab=gegevens"' in page.text


async def test_without_a_budget_limit_it_says_so(client):
    org = await factories.organisation()
    person = await factories.account(org, "5")
    await login(client, person.email)
    assert "U heeft geen budgetlimiet." in (await client.get("/mijn-account")).text


@pytest.mark.parametrize(("role", "tick", "answer"), [("admin", False, "Ja"), ("1", True, "Ja"), ("3", False, "Nee")])
async def test_may_authorise_orders_follows_the_tick_box_and_the_administrator_role(client, role, tick, answer):
    org = await factories.organisation()
    person = await factories.account(org, role, may_authorise_orders=tick)
    await login(client, person.email)
    assert f"Mag orders autoriseren {answer}" in tab_text((await client.get("/mijn-account")).text)


async def test_locations_tab_lists_exactly_the_assigned_locations_and_their_departments(client):
    org, other_org = await factories.organisation(), await factories.organisation()
    noord = await factories.location(org, "Locatie Noord")
    zuid = await factories.location(org, "Locatie Zuid")
    await factories.location(org, "Locatie West")  # not assigned
    gesloten = await factories.location(org, "Locatie Gesloten")
    gesloten.active = False
    await gesloten.save()
    await factories.department(noord, "Afdeling Noord-A")
    await factories.department(noord, "Afdeling Noord-B")
    zuid_a = await factories.department(zuid, "Afdeling Zuid-A")
    await factories.department(zuid, "Afdeling Zuid-B")  # Zuid is narrowed to Zuid-A
    foreign = await factories.location(other_org, "Locatie Vreemd")
    await factories.department(foreign, "Afdeling Vreemd")
    person = await factories.account(org, "3", locations=[noord, zuid, gesloten], departments=[zuid_a])
    await AccountLocation(account=person.id, location=foreign.id).save()  # a bad row must not leak
    await login(client, person.email)

    page = await client.get("/mijn-account?tab=locaties")
    assert page.status_code == 200
    assert location_names(page.text) == ["Locatie Noord", "Locatie Zuid"]
    text = tab_text(page.text)
    assert "Afdeling Noord-A" in text and "Afdeling Noord-B" in text
    assert "Afdeling Zuid-A" in text and "Afdeling Zuid-B" not in text
    assert "Vreemd" not in page.text and "Locatie West" not in page.text
    assert re.search(r'href="/mijn-account\?tab=locaties"[^>]*\s+aria-current="page"', page.text)


async def test_administrator_sees_every_location_of_the_organisation_only(client):
    org, other_org = await factories.organisation(), await factories.organisation()
    for name in ("Locatie Beek", "Locatie Aa", "Locatie Dal"):
        loc = await factories.location(org, name)
        await factories.department(loc, f"Afdeling van {name}")
    await factories.location(other_org, "Locatie Vreemd")
    admin = await factories.account(org, "admin")
    await login(client, admin.email)

    page = await client.get("/mijn-account?tab=locaties")
    assert location_names(page.text) == ["Locatie Aa", "Locatie Beek", "Locatie Dal"]
    assert "Afdeling van Locatie Dal" in page.text and "Vreemd" not in page.text


async def test_no_assigned_locations_says_whom_to_ask(client):
    org = await factories.organisation()
    await factories.location(org)
    person = await factories.account(org, "4")
    await login(client, person.email)
    page = await client.get("/mijn-account?tab=locaties")
    assert location_names(page.text) == []
    assert "Er zijn nog geen locaties aan uw account toegewezen." in page.text


async def test_htmx_gets_only_the_tab_fragment(client):
    org = await factories.organisation()
    loc = await factories.location(org, "Locatie Noord")
    person = await factories.account(org, "4", locations=[loc])
    await login(client, person.email)

    partial = await client.get("/mijn-account?tab=locaties", headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and "<header class=\"site-header\"" not in partial.text
    assert "<h1>" not in partial.text
    assert location_names(partial.text) == ["Locatie Noord"]
    assert re.search(r'href="/mijn-account\?tab=locaties"[^>]*\s+aria-current="page"', partial.text)
    assert "HX-Request" in partial.headers["vary"]

    details = await client.get("/mijn-account?tab=gegevens", headers={"HX-Request": "true"})
    assert "<html" not in details.text and person.email in details.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HX-Request": "true", "HX-Boosted": "true"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true"},
    ],
)
async def test_full_page_without_htmx_and_for_boosted_or_history_restore(client, headers):
    org = await factories.organisation()
    loc = await factories.location(org, "Locatie Noord")
    person = await factories.account(org, "4", locations=[loc])
    await login(client, person.email)

    page = await client.get("/mijn-account?tab=locaties", headers=headers)
    assert page.status_code == 200
    assert page.text.lstrip().startswith("<!doctype html>")
    assert "<h1>Mijn account</h1>" in page.text
    assert location_names(page.text) == ["Locatie Noord"]
    assert "HX-Request" in page.headers["vary"]


@pytest.mark.parametrize("tab", ["onbekend", "", "x" * 10_000, "%00", "%FF", "gegevens%00"])
async def test_an_unknown_tab_shows_the_details(client, tab):
    org = await factories.organisation()
    person = await factories.account(org, "4")
    await login(client, person.email)
    page = await client.get(f"/mijn-account?tab={tab}")
    assert page.status_code == 200
    assert person.email in page.text


async def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = await client.get("/mijn-account?tab=locaties")
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=%2Fmijn-account%3Ftab%3Dlocaties"


@pytest.mark.parametrize("role", ["admin", "1", "2", "3", "4", "5", "6", "7"])
async def test_every_role_has_mijn_account(client, role):
    org = await factories.organisation()
    person = await factories.account(org, role)
    await login(client, person.email)
    assert (await client.get("/mijn-account")).status_code == 200
    assert (await client.get("/profile/change-password")).status_code == 200


async def test_details_never_name_people_of_another_organisation(client):
    org, other_org = await factories.organisation(), await factories.organisation()
    stranger = await factories.account(other_org, "1", name="Vreemde Autorisator")
    person = await factories.account(org, "2")
    await ServiceAuthoriser(account=person.id, kind="repair", authoriser=stranger.id).save()
    await login(client, person.email)
    assert "Vreemde Autorisator" not in (await client.get("/mijn-account")).text


async def test_inactive_department_is_not_listed(client):
    org = await factories.organisation()
    loc = await factories.location(org, "Locatie Noord")
    await factories.department(loc, "Afdeling Open")
    closed = await factories.department(loc, "Afdeling Dicht")
    await Department.update({Department.active: False}).where(Department.id == closed.id)
    person = await factories.account(org, "4", locations=[loc])
    await login(client, person.email)
    page = await client.get("/mijn-account?tab=locaties")
    assert "Afdeling Open" in page.text and "Afdeling Dicht" not in page.text
