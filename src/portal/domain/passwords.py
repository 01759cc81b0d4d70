"""Password hashing (argon2id, off the event loop) and the password policy of ACC-4."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from portal.i18n import _

MIN_LENGTH = 7
# OWASP's minimum argon2id profile: about 20 ms a hash on this machine kind instead of 130 ms.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when an e-mail is unknown, so a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("no account has this password")


@lru_cache
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


MAX_LENGTH = 200


def password_problem(password: str, repeat: str | None = None) -> str | None:
    """The Dutch message for a new password that is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return _("Het wachtwoord moet minimaal %(n)d tekens lang zijn.") % {"n": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return _("Het wachtwoord mag hoogstens %(n)d tekens lang zijn.") % {"n": MAX_LENGTH}
    if password.lower() in _common_passwords():
        return _("Dit wachtwoord wordt te vaak gebruikt en is makkelijk te raden. Kies een ander wachtwoord.")
    if repeat is not None and password != repeat:
        return _("De wachtwoorden komen niet overeen.")
    return None


def new_password_errors(password: str, repeat: str, *, field: str, repeat_field: str) -> dict[str, str]:
    """The messages for a new password and its repetition, each under its own field."""
    if not password:
        return {field: _("Vul een nieuw wachtwoord in.")}
    if problem := password_problem(password):
        return {field: problem}
    if not repeat:
        return {repeat_field: _("Herhaal het nieuwe wachtwoord.")}
    if password != repeat:
        return {repeat_field: _("De wachtwoorden komen niet overeen.")}
    return {}


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def hash_password_sync(password: str) -> str:
    return _hasher.hash(password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    return await anyio.to_thread.run_sync(verify)
