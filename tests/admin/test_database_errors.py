"""What staff see when the database refuses a change made in /admin: a Dutch message that names the
field and says what to do, never the database's own text."""

from __future__ import annotations

from datetime import datetime, timezone

from portal.tables import Location, Organisation
from tests import factories
from tests.admin import admin_login, admin_send, browser, no_staff, staff  # noqa: F401

DATABASE_WORDS = ("constraint", "UNIQUE", "NOT NULL", "null value", "duplicate key", "violates", "FOREIGN KEY",
                  "db_error", "relation", "Database error")


async def signed_in_staff(browser):
    await staff("bart")
    http = browser()
    assert (await admin_login(http)).status_code == 200
    return http


def assert_plain_dutch(response, expected: str) -> None:
    assert response.status_code == 422, response.text
    assert response.text == expected
    for word in DATABASE_WORDS:
        assert word not in response.text


async def test_a_customer_number_that_exists_already(browser):
    existing = await factories.organisation("Zorggroep Oost")
    http = await signed_in_staff(browser)

    response = await admin_send(http, "POST", "/admin/api/tables/organisation/", {
        "name": "Zorggroep West", "customer_number": existing.customer_number, "active": True,
        "created_at": datetime.now(timezone.utc).isoformat()})

    assert_plain_dutch(response, f'De waarde van "Customer Number" bestaat al bij een andere rij. Kies een andere waarde.')
    assert await Organisation.count() == 1


async def test_a_required_field_left_empty(browser):
    org = await factories.organisation("Zorggroep Oost")
    http = await signed_in_staff(browser)

    response = await admin_send(http, "PATCH", f"/admin/api/tables/organisation/{org.id}/", {"name": None})

    assert_plain_dutch(response, 'Het veld "Name" is verplicht. Vul het in en sla opnieuw op.')
    assert (await Organisation.objects().where(Organisation.id == org.id).first()).name == "Zorggroep Oost"


async def test_deleting_a_row_other_rows_still_point_at(browser):
    org = await factories.organisation("Zorggroep Oost")
    await factories.location(org)
    http = await signed_in_staff(browser)

    response = await admin_send(http, "DELETE", f"/admin/api/tables/organisation/{org.id}/")

    assert response.status_code == 422
    assert response.text.startswith("Deze rij kan niet worden verwijderd: andere gegevens verwijzen ernaar")
    for word in DATABASE_WORDS:
        assert word not in response.text
    assert await Organisation.count() == 1 and await Location.count() == 1


async def test_a_reference_to_a_row_that_does_not_exist(browser):
    http = await signed_in_staff(browser)

    response = await admin_send(http, "POST", "/admin/api/tables/location/", {
        "name": "Huize Zonneweide", "organisation": 4242, "address": "Dorpsstraat 2", "postal_code": "3701 AB",
        "city": "Zeist", "active": True})

    assert response.status_code == 422
    assert response.text.startswith("Een gekozen verwijzing bestaat niet (meer).")
    for word in DATABASE_WORDS:
        assert word not in response.text
    assert await Location.count() == 0
