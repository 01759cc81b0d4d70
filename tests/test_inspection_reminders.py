"""The monthly inspection mail (issue 9, item 5): `python -m portal inspection-reminders` sends each
administrator and role-1 account one e-mail with the aids in their scope that are overdue or due within 30
days, through the real SMTP test server; a second run in the same month sends nothing."""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest

from portal import cli
from portal.domain import mail
from portal.domain.inspection_reminders import send_inspection_reminders
from portal.tables import Asset, InspectionReminder, MailOutbox
from portal.i18n import local_today
from tests import asset_factories as af
from tests import factories

TODAY = local_today()


@pytest.fixture
async def world(app):
    org = await factories.organisation("Zorggroep Noord")
    north = await factories.location(org, "Huize Noord")
    south = await factories.location(org, "Huize Zuid")
    cat = await af.catalogue()
    aids = {
        "overdue": await af.asset(org, north, cat["birdie"], object_number="HB1001"),
        "soon": await af.asset(org, south, cat["sb755"], object_number="HB2001"),
        "later": await af.asset(org, north, cat["sb755"], object_number="HB1002"),
        "none": await af.asset(org, north, cat["alpha"], object_number="HB1003"),
    }
    for key, due in (("overdue", TODAY - timedelta(days=4)), ("soon", TODAY + timedelta(days=20)),
                     ("later", TODAY + timedelta(days=60))):
        await Asset.update({Asset.next_inspection: due}).where(Asset.id == aids[key].id)
    people = {
        "admin": await factories.account(org, "admin", email="beheer@noord.nl", name="Bea Beheer"),
        "manager": await factories.account(org, "1", email="manager@noord.nl", locations=[north]),
        "nurse": await factories.account(org, "4", email="zorg@noord.nl", locations=[north, south]),
        "retired": await factories.account(org, "1", email="oud@noord.nl", active=False, locations=[north]),
    }
    other = await factories.organisation("Zorggroep Oost")
    other_location = await factories.location(other, "Huize Oost")
    other_aid = await af.asset(other, other_location, cat["birdie"], object_number="OO9001")
    await Asset.update({Asset.next_inspection: TODAY + timedelta(days=200)}).where(Asset.id == other_aid.id)
    people["other_admin"] = await factories.account(other, "admin", email="beheer@oost.nl")
    return {"org": org, "aids": aids, "people": people}


async def test_administrator_and_role_1_get_one_mail_with_their_aids_due(world, smtp_server):
    run = await send_inspection_reminders()
    await mail.drain()

    by_address = {m["To"]: m for m in smtp_server.messages}
    assert sorted(by_address) == ["beheer@noord.nl", "manager@noord.nl"]
    everything = by_address["beheer@noord.nl"].get_content()
    assert "HB1001" in everything and "HB2001" in everything and "HB1002" not in everything
    assert "Keuring verlopen (1)" in everything and "Keuring binnen 30 dagen (1)" in everything
    assert "http://testserver/hulpmiddelen?keuring=verlopen" in everything
    assert by_address["beheer@noord.nl"]["Subject"] == "Keuringen: 2 hulpmiddelen verlopen of binnen 30 dagen"
    own_locations = by_address["manager@noord.nl"].get_content()
    assert "HB1001" in own_locations and "HB2001" not in own_locations  # Huize Zuid is not hers
    assert (run.sent, run.already, run.nothing_due) == (2, 0, 1)  # Oost's administrator: nothing due


async def test_a_second_run_in_the_same_month_sends_nothing(world, smtp_server):
    await send_inspection_reminders()
    await mail.drain()

    again = await send_inspection_reminders(TODAY)
    await mail.drain()

    assert (again.sent, again.already) == (0, 2)
    assert len(smtp_server.messages) == 2
    month = f"{TODAY.year:04d}-{TODAY.month:02d}"
    assert await InspectionReminder.count().where(InspectionReminder.month == month) == 2


async def test_next_month_the_mail_comes_again(world, smtp_server):
    await send_inspection_reminders(TODAY)
    next_month = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=1)

    run = await send_inspection_reminders(next_month)
    await mail.drain()

    assert run.sent >= 2


async def test_the_command_sends_them(world, smtp_server, capsys):
    assert await cli.run(argparse.Namespace(command="inspection-reminders")) == 0

    assert sorted(m["To"] for m in smtp_server.messages) == ["beheer@noord.nl", "manager@noord.nl"]
    assert "2 sent" in capsys.readouterr().out
    assert await cli.run(argparse.Namespace(command="inspection-reminders")) == 0
    assert len(smtp_server.messages) == 2
    assert "0 sent, 2 sent earlier this month" in capsys.readouterr().out


async def test_without_smtp_the_mails_wait_in_the_outbox(world):
    run = await send_inspection_reminders()

    assert run.sent == 2
    assert sorted(m.to_address for m in await MailOutbox.objects()) == ["beheer@noord.nl", "manager@noord.nl"]
    assert {m.status for m in await MailOutbox.objects()} == {"kept"}
