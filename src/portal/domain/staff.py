"""HartingBank staff users of /admin (STAFF): Piccolo `BaseUser`s, separate from customer accounts.

They are made on the command line (`python -m portal create-staff-user`), not through the admin, so the
rules below and the audit trail always apply.
"""

from __future__ import annotations

import re

from piccolo.apps.user.tables import BaseUser

from portal.domain import audit
from portal.domain.accounts import normalise_email
from portal.domain.passwords import password_problem
from portal.i18n import _

# Staff see and change every customer's data, so a longer minimum than a customer's.
STAFF_MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"[A-Za-z0-9._-]{2,100}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class StaffUserError(ValueError):
    """A staff user that cannot be made as asked; the message says why."""


def staff_password_problem(password: str) -> str | None:
    """The Dutch message for an unacceptable staff password, or None."""
    if len(password) < STAFF_MIN_PASSWORD_LENGTH:
        return _("Het wachtwoord van een medewerker moet minimaal %(n)d tekens lang zijn.") % {"n": STAFF_MIN_PASSWORD_LENGTH}
    if len(password) > BaseUser._max_password_length:
        return _("Het wachtwoord mag hoogstens %(n)d tekens lang zijn.") % {"n": BaseUser._max_password_length}
    # The customers' rules for the rest (the list of too common passwords).
    return password_problem(password)


async def create_staff_user(username: str, email: str, password: str, *, superuser: bool = False) -> BaseUser:
    """A new, active staff user who may sign in at /admin. A superuser may also change other staff
    users in the admin. Raises StaffUserError with a Dutch message when a value is not acceptable."""
    username = username.strip()
    email = normalise_email(email)
    if not USERNAME.fullmatch(username):
        raise StaffUserError(_("Een gebruikersnaam heeft 2 tot 100 tekens: letters, cijfers, punt, liggend streepje of koppelteken."))
    if not EMAIL.fullmatch(email):
        raise StaffUserError(_("Vul een geldig e-mailadres in."))
    if problem := staff_password_problem(password):
        raise StaffUserError(problem)
    # Compared case-insensitively (sign-in itself is exact), so "Jan" and "jan" cannot both exist.
    # The staff table is small; the database's unique constraints stay the last word.
    existing = await BaseUser.select(BaseUser.username, BaseUser.email)
    if any(row["username"].lower() == username.lower() for row in existing):
        raise StaffUserError(_("De gebruikersnaam %(name)s is al in gebruik.") % {"name": username})
    if any((row["email"] or "").lower() == email for row in existing):
        raise StaffUserError(_("Er is al een medewerker met het e-mailadres %(email)s.") % {"email": email})

    user = await BaseUser.create_user(
        username=username, password=password, email=email, active=True, admin=True, superuser=superuser
    )
    await audit.record(
        "staff_user_created", actor_label="staff:cli", object_type="piccolo_user", object_id=user.id,
        changes={"username": username, "email": email, "superuser": superuser},
    )
    return user


async def signed_in_staff(token: str | None) -> BaseUser | None:
    """The active staff user of a piccolo-admin session cookie, as /admin itself accepts it (an admin user
    with a session that has not expired); None otherwise."""
    from piccolo_api.session_auth.tables import SessionsBase

    if not token or len(token) > 200:
        return None
    user_id = await SessionsBase.get_user_id(token)
    if user_id is None:
        return None
    return await BaseUser.objects().where(
        (BaseUser.id == user_id) & (BaseUser.active == True) & (BaseUser.admin == True)  # noqa: E712
    ).first()
