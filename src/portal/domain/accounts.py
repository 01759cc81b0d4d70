"""Signing in, invitations, password resets and password changes (ACC-1, ACC-2, ACC-4, ACC-5)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial

from portal.domain import audit
from portal.domain.background import SerialWorker
from portal.domain.mail import queue_mail
from portal.domain.passwords import MAX_LENGTH, hash_password, new_password_errors, verify_password
from portal.domain.throttle import LoginThrottle
from portal.i18n import _
from portal.links import absolute
from portal.tables import Account, AccountToken, Organisation

TOKEN_LIFETIME = {"invite": timedelta(days=7), "reset": timedelta(hours=2)}
# At most this many reset mails an hour per account: the form cannot be used to flood a mailbox.
MAX_RESETS_PER_HOUR = 3
MAX_EMAIL_LENGTH = 254

TOO_MANY_ATTEMPTS = _(
    "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw of vraag een nieuw wachtwoord aan."
)
UNKNOWN_COMBINATION = _("Deze combinatie van e-mailadres en wachtwoord is onbekend.")
LINK_INVALID = _("Deze link is ongeldig. Vraag een nieuwe link aan.")
LINK_USED = _("Deze link is al gebruikt. Vraag zo nodig een nieuwe link aan.")
LINK_EXPIRED = _("Deze link is verlopen. Vraag een nieuwe link aan.")
ACCOUNT_INACTIVE = _("Dit account is niet actief. Neem contact op met uw administrator.")

password_resets = SerialWorker("password resets")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


async def _organisation_active(organisation_id: int) -> bool:
    row = await Organisation.select(Organisation.active).where(Organisation.id == organisation_id).first()
    return bool(row and row["active"])


async def authenticate(email: str, password: str) -> Account | None:
    """The active account with this e-mail and password, else None (always one hash verification)."""
    if len(email) > MAX_EMAIL_LENGTH or len(password) > 4 * MAX_LENGTH:
        return None  # no account has such an address or password; spare the database and the hasher
    account = await Account.objects().where(Account.email == normalise_email(email)).first()
    ok = await verify_password(account.password_hash if account else None, password)
    if not ok or account is None or not account.active or not await _organisation_active(account.organisation):
        return None
    await Account.update({Account.last_login_at: _now()}).where(Account.id == account.id)
    return account


async def sign_in(email: str, password: str, client: str, throttle: LoginThrottle) -> tuple[Account | None, dict[str, str]]:
    """ACC-1: the account, or the errors per field. Refusals never tell whether the e-mail exists, and
    a blocked e-mail or client is refused even with the right password."""
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = _("Vul uw e-mailadres in.")
    if not password:
        errors["password"] = _("Vul uw wachtwoord in.")
    if errors:
        return None, errors
    if not await throttle.attempt(email, client):
        return None, {"email": TOO_MANY_ATTEMPTS}
    account = await authenticate(email, password)
    if account is None:
        return None, {"email": UNKNOWN_COMBINATION}
    await throttle.succeeded(email, client)
    await audit.record("login", actor=account, object_type="account", object_id=account.id, ip_address=client)
    return account, {}


async def issue_token(account: Account, purpose: str) -> str:
    token = secrets.token_urlsafe(32)
    now = _now()
    await AccountToken(
        account=account.id,
        purpose=purpose,
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + TOKEN_LIFETIME[purpose],
    ).save()
    return token


def password_link(token: str) -> str:
    return absolute("auth:set_password", token=token)


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


async def submit_password_reset(email: str, client: str) -> None:
    """ACC-5 (no hint whether the address exists): the answer goes out before anything is looked up,
    so its timing is the same for every address; the reset mail, if any, follows in the background."""
    await password_resets.submit(partial(request_password_reset, email, client))


async def request_password_reset(email: str, client: str) -> None:
    """ACC-5: mail a reset link when an active account of an active organisation has this address; say
    nothing either way."""
    if len(email) > MAX_EMAIL_LENGTH:
        return
    account = await Account.objects().where(
        (Account.email == normalise_email(email)) & (Account.active == True)  # noqa: E712
    ).first()
    if account is None or not await _organisation_active(account.organisation):
        return
    recent = await AccountToken.count().where(
        (AccountToken.account == account.id) & (AccountToken.purpose == "reset")
        & (AccountToken.created_at > _now() - timedelta(hours=1))
    )
    if recent >= MAX_RESETS_PER_HOUR:
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
    """ACC-2/ACC-5: whether a one-time link can still be used, and for whom."""
    if not token or len(token) > 200:
        return TokenCheck(None, None, LINK_INVALID)
    row = await AccountToken.objects().where(AccountToken.token_hash == _token_hash(token)).first()
    if row is None:
        return TokenCheck(None, None, LINK_INVALID)
    if row.used_at is not None:
        return TokenCheck(row, None, LINK_USED)
    if row.expires_at < _now():
        return TokenCheck(row, None, LINK_EXPIRED)
    account = await Account.objects().where(Account.id == row.account).first()
    if account is None or not account.active or not await _organisation_active(account.organisation):
        return TokenCheck(row, None, ACCOUNT_INACTIVE)
    return TokenCheck(row, account, None)


async def _store_password(account_id: int, password_hash: str) -> None:
    """The new password, and every one-time link still out for the account stops working: a link left
    in a mailbox must not undo the change."""
    now = _now()
    await Account.update({Account.password_hash: password_hash, Account.password_changed_at: now}).where(
        Account.id == account_id
    )
    await AccountToken.update({AccountToken.used_at: now}).where(
        (AccountToken.account == account_id) & AccountToken.used_at.is_null()
    )


async def set_password_with_token(
    token: str, password: str, repeat: str, client: str, throttle: LoginThrottle
) -> tuple[Account | None, dict[str, str]]:
    """Use a one-time link; returns the account, or the errors per field ("token" when the link itself
    cannot be used). A refused password leaves the link usable. A password set this way lifts a
    sign-in block on the address, as the block message promises."""
    check = await check_token(token)
    if check.problem:
        return None, {"token": check.problem}
    if errors := new_password_errors(password, repeat, field="password", repeat_field="repeat"):
        return None, errors
    assert check.account and check.token
    password_hash = await hash_password(password)
    async with Account._meta.db.transaction():
        # Marking the token used only when it was still unused makes a double submit harmless.
        used = await AccountToken.update({AccountToken.used_at: _now()}).where(
            (AccountToken.id == check.token.id) & AccountToken.used_at.is_null()
        ).returning(AccountToken.id)
        if not used:
            return None, {"token": LINK_USED}
        await _store_password(check.account.id, password_hash)
    await throttle.clear_address(check.account.email)
    await audit.record(
        "password_set", actor=check.account, object_type="account", object_id=check.account.id,
        changes={"via": check.token.purpose}, ip_address=client,
    )
    return check.account, {}


async def change_password(
    account: Account, current: str, new: str, repeat: str, client: str, throttle: LoginThrottle
) -> dict[str, str]:
    """ACC-4: current + new + repeat; the new password is active at once. Errors per field. Wrong
    current passwords count like failed sign-ins, so a left-open session cannot be used to guess it.
    On success `account` carries the new password stamp (for the session that made the change)."""
    errors: dict[str, str] = {}
    if not current:
        errors["current"] = _("Vul uw huidige wachtwoord in.")
    elif not await throttle.attempt(account.email, client):
        errors["current"] = TOO_MANY_ATTEMPTS
    elif len(current) > 4 * MAX_LENGTH or not await verify_password(account.password_hash, current):
        errors["current"] = _("Het huidige wachtwoord klopt niet.")
    else:
        await throttle.succeeded(account.email, client)
    errors |= new_password_errors(new, repeat, field="new", repeat_field="repeat")
    if not errors and new == current:
        errors["new"] = _("Kies een ander wachtwoord dan uw huidige.")
    if errors:
        return errors
    password_hash = await hash_password(new)
    async with Account._meta.db.transaction():
        await _store_password(account.id, password_hash)
    fresh = await Account.objects().where(Account.id == account.id).first()
    account.password_hash, account.password_changed_at = fresh.password_hash, fresh.password_changed_at
    await audit.record("password_changed", actor=account, object_type="account", object_id=account.id, ip_address=client)
    return {}
