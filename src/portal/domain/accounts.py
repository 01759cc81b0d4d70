"""Signing in, invitations, password resets and password changes (ACC-1, ACC-2, ACC-4, ACC-5)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from portal.domain import audit
from portal.domain.mail import queue_mail
from portal.domain.passwords import hash_password, password_problem, verify_password
from portal.i18n import _
from portal.settings import get_settings
from portal.tables import Account, AccountToken, Organisation

TOKEN_LIFETIME = {"invite": timedelta(days=7), "reset": timedelta(hours=2)}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def authenticate(email: str, password: str) -> Account | None:
    """The active account with this e-mail and password, else None (always one hash verification)."""
    account = await Account.objects().where(Account.email == normalise_email(email)).first()
    ok = await verify_password(account.password_hash if account else None, password)
    if not ok or account is None or not account.active:
        return None
    organisation = await Organisation.select(Organisation.active).where(
        Organisation.id == account.organisation
    ).first()
    if not organisation or not organisation["active"]:
        return None
    await Account.update({Account.last_login_at: _now()}).where(Account.id == account.id)
    return account


async def issue_token(account: Account, purpose: str) -> str:
    token = secrets.token_urlsafe(32)
    await AccountToken(
        account=account.id,
        purpose=purpose,
        token_hash=_token_hash(token),
        created_at=_now(),
        expires_at=_now() + TOKEN_LIFETIME[purpose],
    ).save()
    return token


def password_link(token: str) -> str:
    return f"{get_settings().base_url}/wachtwoord-instellen/{token}"


async def send_invitation(account: Account) -> None:
    """ACC-2: the new account's e-mail with a one-time link to choose a password."""
    token = await issue_token(account, "invite")
    days = TOKEN_LIFETIME["invite"].days
    body = _(
        "Beste %(name)s,\n\n"
        "Er is een account voor u aangemaakt op Mijn HartingBank, de portal voor uw zorghulpmiddelen.\n"
        "Kies via deze link een wachtwoord; daarna kunt u direct inloggen met uw e-mailadres %(email)s:\n\n"
        "%(link)s\n\n"
        "De link is %(days)d dagen geldig en werkt één keer.\n\n"
        "Met vriendelijke groet,\nOnline klantenservice HartingBank\n088 124 82 11"
    ) % {"name": account.name, "email": account.email, "link": password_link(token), "days": days}
    await queue_mail(account.email, _("Welkom bij Mijn HartingBank: kies uw wachtwoord"), body)


async def request_password_reset(email: str, client: str) -> None:
    """ACC-5: mail a reset link when an active account has this address; say nothing either way."""
    account = await Account.objects().where(
        (Account.email == normalise_email(email)) & (Account.active == True)  # noqa: E712
    ).first()
    if account is None:
        return
    token = await issue_token(account, "reset")
    body = _(
        "Beste %(name)s,\n\n"
        "U heeft gevraagd uw wachtwoord voor Mijn HartingBank opnieuw in te stellen. Dat kan via deze link:\n\n"
        "%(link)s\n\n"
        "De link is 2 uur geldig en werkt één keer. Heeft u dit niet zelf gevraagd? Dan kunt u deze e-mail "
        "negeren; uw wachtwoord blijft dan ongewijzigd.\n\n"
        "Met vriendelijke groet,\nOnline klantenservice HartingBank\n088 124 82 11"
    ) % {"name": account.name, "link": password_link(token)}
    await queue_mail(account.email, _("Wachtwoord opnieuw instellen voor Mijn HartingBank"), body)
    await audit.record("password_reset_requested", actor=account, object_type="account", object_id=account.id, ip_address=client)


@dataclass
class TokenCheck:
    token: AccountToken | None
    account: Account | None
    problem: str | None


async def check_token(token: str) -> TokenCheck:
    row = await AccountToken.objects().where(AccountToken.token_hash == _token_hash(token)).first()
    if row is None:
        return TokenCheck(None, None, _("Deze link is ongeldig. Vraag een nieuwe link aan."))
    if row.used_at is not None:
        return TokenCheck(row, None, _("Deze link is al gebruikt. Vraag zo nodig een nieuwe link aan."))
    if row.expires_at < _now():
        return TokenCheck(row, None, _("Deze link is verlopen. Vraag een nieuwe link aan."))
    account = await Account.objects().where(Account.id == row.account).first()
    if account is None or not account.active:
        return TokenCheck(row, None, _("Dit account is niet actief. Neem contact op met uw administrator."))
    return TokenCheck(row, account, None)


async def set_password_with_token(token: str, password: str, repeat: str, client: str) -> tuple[Account | None, dict[str, str]]:
    """Use a one-time link; returns the account, or the errors per field."""
    check = await check_token(token)
    if check.problem:
        return None, {"token": check.problem}
    if problem := password_problem(password, repeat):
        return None, {"password": problem}
    assert check.account and check.token
    password_hash = await hash_password(password)
    async with Account._meta.db.transaction():
        # Marking the token used only when it was still unused makes a double submit harmless.
        used = await AccountToken.update({AccountToken.used_at: _now()}).where(
            (AccountToken.id == check.token.id) & AccountToken.used_at.is_null()
        ).returning(AccountToken.id)
        if not used:
            return None, {"token": _("Deze link is al gebruikt. Vraag zo nodig een nieuwe link aan.")}
        await Account.update({Account.password_hash: password_hash, Account.password_changed_at: _now()}).where(
            Account.id == check.account.id
        )
    await audit.record(
        "password_set", actor=check.account, object_type="account", object_id=check.account.id,
        changes={"via": check.token.purpose}, ip_address=client,
    )
    return check.account, {}


async def change_password(account: Account, current: str, new: str, repeat: str, client: str) -> dict[str, str]:
    """ACC-4: current + new + repeat; the new password is active at once. Errors per field."""
    if not await verify_password(account.password_hash, current):
        return {"current": _("Het huidige wachtwoord klopt niet.")}
    if problem := password_problem(new):
        return {"new": problem}
    if new != repeat:
        return {"repeat": _("De wachtwoorden komen niet overeen.")}
    await Account.update(
        {Account.password_hash: await hash_password(new), Account.password_changed_at: _now()}
    ).where(Account.id == account.id)
    await audit.record("password_changed", actor=account, object_type="account", object_id=account.id, ip_address=client)
    return {}
