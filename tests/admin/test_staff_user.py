"""`python -m portal create-staff-user`: HartingBank staff users for /admin."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest
from piccolo.apps.user.tables import BaseUser

from portal.domain.staff import StaffUserError, create_staff_user
from portal.tables import AuditEvent
from tests.admin import STAFF_PASSWORD, admin_login, browser, no_staff  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


async def test_staff_user_is_an_active_admin_and_recorded_in_the_audit_trail():
    user = await create_staff_user(" Bart.Smit ", "B.Smit@Harting-Bank.nl", STAFF_PASSWORD)

    saved = await BaseUser.objects().where(BaseUser.id == user.id).first()
    assert (saved.username, saved.email) == ("Bart.Smit", "b.smit@harting-bank.nl")
    assert saved.active and saved.admin and not saved.superuser
    assert saved.password.startswith("pbkdf2_sha256") and STAFF_PASSWORD not in saved.password
    assert await BaseUser.login("Bart.Smit", STAFF_PASSWORD) == user.id

    event = await AuditEvent.objects().where(AuditEvent.action == "staff_user_created").first()
    assert (event.actor_label, event.object_type, event.object_id) == ("staff:cli", "piccolo_user", str(user.id))
    assert json.loads(event.changes) == {"username": "Bart.Smit", "email": "b.smit@harting-bank.nl", "superuser": False}


async def test_superuser_on_request():
    user = await create_staff_user("anja", "anja@harting-bank.nl", STAFF_PASSWORD, superuser=True)
    assert (await BaseUser.objects().where(BaseUser.id == user.id).first()).superuser


@pytest.mark.parametrize(
    ("username", "email", "password", "message"),
    [
        ("bart", "bart@harting-bank.nl", "Kort#2026", "minimaal 12 tekens"),
        ("bart", "bart@harting-bank.nl", "password1234", "te vaak gebruikt"),
        ("bart", "bart@harting-bank.nl", "x" * 129, "hoogstens 128 tekens"),
        ("b", "bart@harting-bank.nl", STAFF_PASSWORD, "2 tot 100 tekens"),
        ("bart smit", "bart@harting-bank.nl", STAFF_PASSWORD, "2 tot 100 tekens"),
        ("bart", "bart-harting-bank.nl", STAFF_PASSWORD, "geldig e-mailadres"),
    ],
)
async def test_unacceptable_values_are_refused_with_a_clear_message(username, email, password, message):
    with pytest.raises(StaffUserError, match=message):
        await create_staff_user(username, email, password)
    assert await BaseUser.count() == 0
    assert await AuditEvent.count() == 0


async def test_username_and_email_are_unique_whatever_their_case():
    await create_staff_user("bart", "bart@harting-bank.nl", STAFF_PASSWORD)

    with pytest.raises(StaffUserError, match="gebruikersnaam Bart is al in gebruik"):
        await create_staff_user("Bart", "b.smit@harting-bank.nl", STAFF_PASSWORD)
    with pytest.raises(StaffUserError, match="al een medewerker met het e-mailadres bart@harting-bank.nl"):
        await create_staff_user("b.smit", "BART@harting-bank.nl", STAFF_PASSWORD)
    assert await BaseUser.count() == 1


async def test_command_line_makes_a_staff_user_who_can_sign_in_to_the_admin(browser, capsys):
    argv = ["create-staff-user", "--username", "femke", "--email", "femke@harting-bank.nl", "--password", STAFF_PASSWORD]
    # The command runs in its own process, as it does in a terminal, on the test database.
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "portal", *argv, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert "femke can now sign in" in out.decode()

    http = browser()
    assert (await admin_login(http, "femke")).status_code == 200
    assert (await http.get("/admin/api/tables/")).status_code == 200
