"""Onboarding a new customer (`python -m portal onboard`, HartingBank staff)."""

import argparse
import os
import re
import subprocess
import sys

import pytest

from portal.domain import onboarding
from portal.domain.onboarding import NewLocation, onboard_customer, onboard_from_cli
from portal.tables import (
    Account,
    AccountLocation,
    AuditEvent,
    Department,
    Location,
    MailOutbox,
    Organisation,
)
from tests import factories
from tests.helpers import post_form


def cli_args(**changes) -> argparse.Namespace:
    values = {
        "organisation": "Zorggroep Het Anker",
        "customer_number": "k55501",
        "location": [
            "Woonzorgcentrum Het Anker;Ankerweg 5;8011 AB;Zwolle;Somatiek, Psychogeriatrie",
            "Revalidatie De Stroom;Stroomlaan 9;7411xk;Deventer",
        ],
        "admin_name": "Marloes Koster",
        "admin_email": "M.Koster@hetanker.example",
    }
    return argparse.Namespace(**{**values, **changes})


async def rows_in_database() -> dict[str, int]:
    return {
        table.__name__: await table.count()
        for table in (Organisation, Location, Department, Account, AccountLocation, MailOutbox, AuditEvent)
    }


async def test_onboarding_creates_the_customer_and_its_administrator_sets_a_password_from_the_mail(
    client, smtp_server, capsys
):
    await onboard_from_cli(cli_args())

    org = await Organisation.objects().where(Organisation.customer_number == "K55501").first()
    assert org.name == "Zorggroep Het Anker" and org.active
    locations = await Location.objects().where(Location.organisation == org.id).order_by(Location.id)
    assert [(l.name, l.address, l.postal_code, l.city) for l in locations] == [
        ("Woonzorgcentrum Het Anker", "Ankerweg 5", "8011 AB", "Zwolle"),
        ("Revalidatie De Stroom", "Stroomlaan 9", "7411 XK", "Deventer"),
    ]
    departments = await Department.select(Department.name).where(Department.location == locations[0].id)
    assert sorted(d["name"] for d in departments) == ["Psychogeriatrie", "Somatiek"]
    assert await Department.count().where(Department.location == locations[1].id) == 0

    admin = await Account.objects().where(Account.organisation == org.id).first()
    assert (admin.name, admin.email, admin.role, admin.password_hash) == (
        "Marloes Koster", "m.koster@hetanker.example", "admin", None
    )
    assigned = await AccountLocation.select(AccountLocation.location).where(AccountLocation.account == admin.id)
    assert {row["location"] for row in assigned} == {l.id for l in locations}
    event = await AuditEvent.objects().where(AuditEvent.action == "organisation_onboarded").first()
    assert (event.actor_label, event.organisation, event.object_id) == ("staff:cli", org.id, str(org.id))
    assert "Klant K55501 (Zorggroep Het Anker) aangemaakt met 2 locatie(s) en 2 afdeling(en)." in capsys.readouterr().out

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "m.koster@hetanker.example"
    link = re.search(r"http://testserver(/wachtwoord-instellen/\S+)", message.get_content()).group(1)
    response = await post_form(client, link, {"password": "Anker-Haven-2026", "repeat": "Anker-Haven-2026"})
    assert response.status_code == 303
    response = await post_form(client, "/inloggen", {"email": "m.koster@hetanker.example", "password": "Anker-Haven-2026"})
    assert response.status_code == 303
    assert "Marloes Koster" in (await client.get("/mijn-account")).text


async def test_a_malformed_location_is_refused_with_a_clear_message_and_nothing_is_created(capsys):
    before = await rows_in_database()

    with pytest.raises(SystemExit) as stop:
        await onboard_from_cli(cli_args(location=["Woonzorgcentrum Het Anker;Ankerweg 5", "Goed;Weg 1;1234 AB;Ede"]))

    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Onboarding niet uitgevoerd; er is niets aangemaakt:" in err
    assert 'Locatie 1 ("Woonzorgcentrum Het Anker;Ankerweg 5") heeft niet de vorm Naam;Adres;Postcode;Plaats' in err
    assert await rows_in_database() == before


async def test_an_existing_customer_number_or_email_is_refused_and_nothing_is_created(capsys):
    org = await factories.organisation()  # customer number K00001
    person = await factories.account(org, "admin")
    before = await rows_in_database()

    with pytest.raises(SystemExit) as stop:
        await onboard_from_cli(cli_args(customer_number=" k00001 ", admin_email=person.email.upper()))

    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Er is al een organisatie met klantnummer K00001." in err
    assert f"Er bestaat al een account met het e-mailadres {person.email}." in err
    assert await rows_in_database() == before


async def test_other_bad_input_is_listed_at_once(capsys):
    with pytest.raises(SystemExit):
        await onboard_from_cli(cli_args(
            organisation=" ", customer_number="K 12", admin_email="geen-adres",
            location=["Kern;Weg 1;1234 AB;Ede;Somatiek,somatiek", "kern;Laan 2;1234 AB;Ede", ";;;"],
        ))

    err = capsys.readouterr().err
    for message in (
        "Vul de naam van de organisatie in.",
        "Het klantnummer K 12 is ongeldig",
        "Locatie 1: de afdeling somatiek staat er twee keer in.",
        "De locatie kern staat er twee keer in.",
        'Locatie 3 (";;;") heeft niet de vorm',
        "Het e-mailadres geen-adres van de administrator is ongeldig.",
    ):
        assert message in err
    assert await Organisation.count() == 0


async def test_a_failure_halfway_rolls_back_everything(monkeypatch):
    real_record = onboarding.audit.record

    async def failing_record(action, **kwargs):
        if action == "account_created":
            raise RuntimeError("disk full")
        await real_record(action, **kwargs)

    monkeypatch.setattr(onboarding.audit, "record", failing_record)
    with pytest.raises(RuntimeError):
        await onboard_customer(
            organisation="Zorggroep Het Anker", customer_number="K55501",
            locations=[NewLocation("Het Anker", "Ankerweg 5", "8011 AB", "Zwolle", ("Somatiek",))],
            admin_name="Marloes Koster", admin_email="m.koster@hetanker.example",
        )

    assert await rows_in_database() == {name: 0 for name in await rows_in_database()}


def test_the_onboard_command_works_from_the_shell():
    """The documented command itself, with the real argument parser, against the test database."""
    result = subprocess.run(
        [sys.executable, "-m", "portal", "onboard", "--organisation", "Stichting De Horst",
         "--customer-number", "K77001", "--location", "De Horst;Horstweg 1;7521 AA;Enschede;Wonen 1,Wonen 2",
         "--admin-name", "Gert Nijhuis", "--admin-email", "g.nijhuis@dehorst.example"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Klant K77001 (Stichting De Horst) aangemaakt met 1 locatie(s) en 2 afdeling(en)." in result.stdout
    assert "staat in de mail-outbox" in result.stdout

