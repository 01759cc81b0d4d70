"""The one settings object, read from environment variables at start-up.

A wrong value stops the process with a message naming the variable, so a misconfigured server never
starts half-working.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = ROOT / "data"


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    base_url: str
    smtp_url: str | None
    mail_from: str
    service_email: str
    # HartingBank's own details on every invoice, one line each (PORTAL_INVOICE_ISSUER, lines split by '|').
    invoice_issuer: tuple[str, ...]
    redis_url: str | None
    cookie_secure: bool
    data_dir: Path
    session_idle_minutes: int
    session_absolute_hours: int
    debug: bool

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, not {value}")
    return value


def _url(name: str, raw: str | None, schemes: tuple[str, ...]) -> str | None:
    if raw is None or raw == "":
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in schemes:
        raise SettingsError(f"{name} must start with one of {', '.join(s + '://' for s in schemes)}, not {raw!r}")
    if parsed.scheme != "sqlite" and not parsed.hostname:
        raise SettingsError(f"{name} has no host: {raw!r}")
    return raw


def _secret_key(data_dir: Path, debug: bool) -> str:
    """PORTAL_SECRET_KEY in production; a generated key kept in the data folder on a laptop."""
    raw = os.environ.get("PORTAL_SECRET_KEY", "")
    if raw:
        if len(raw) < 32:
            raise SettingsError("PORTAL_SECRET_KEY must be at least 32 characters long")
        return raw
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


# The demo's issuer: set PORTAL_INVOICE_ISSUER to HartingBank's registered details (chamber of commerce, VAT
# number, bank account) before any customer receives an invoice.
DEMO_ISSUER = ("HartingBank B.V. | Industrieweg 12 | 3401 MA IJsselstein | Telefoon 088 124 82 11 | KvK 30123456 | "
               "Btw-nummer NL8123.45.678.B01 | IBAN NL91 ABNA 0417 1643 00")


def load_settings() -> Settings:
    data_dir = Path(os.environ.get("PORTAL_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
    debug = _bool("PORTAL_DEBUG", False)
    database_url = os.environ.get("PORTAL_DATABASE_URL") or f"sqlite:///{data_dir / 'portal.sqlite3'}"
    _url("PORTAL_DATABASE_URL", database_url, ("sqlite", "postgres", "postgresql"))
    base_url = os.environ.get("PORTAL_BASE_URL") or "http://127.0.0.1:8000"
    _url("PORTAL_BASE_URL", base_url, ("http", "https"))
    smtp_url = _url("PORTAL_SMTP_URL", os.environ.get("PORTAL_SMTP_URL"), ("smtp", "smtps"))
    redis_url = _url("PORTAL_REDIS_URL", os.environ.get("PORTAL_REDIS_URL"), ("redis", "rediss"))
    mail_from = os.environ.get("PORTAL_MAIL_FROM") or "Mijn HartingBank <onlineklantenservice@harting-bank.nl>"
    if "@" not in mail_from:
        raise SettingsError(f"PORTAL_MAIL_FROM must contain an e-mail address, not {mail_from!r}")
    service_email = os.environ.get("PORTAL_SERVICE_EMAIL") or "onlineklantenservice@harting-bank.nl"
    if "@" not in service_email:
        raise SettingsError(f"PORTAL_SERVICE_EMAIL must be an e-mail address, not {service_email!r}")
    issuer = tuple(part.strip() for part in (os.environ.get("PORTAL_INVOICE_ISSUER") or DEMO_ISSUER).split("|"))
    if len([part for part in issuer if part]) < 3:
        raise SettingsError("PORTAL_INVOICE_ISSUER needs at least the name, the address and the place, split by '|'")
    return Settings(
        database_url=database_url,
        secret_key=_secret_key(data_dir, debug),
        base_url=base_url.rstrip("/"),
        smtp_url=smtp_url,
        mail_from=mail_from,
        service_email=service_email,
        invoice_issuer=tuple(part for part in issuer if part),
        redis_url=redis_url,
        cookie_secure=_bool("PORTAL_COOKIE_SECURE", base_url.startswith("https://")),
        data_dir=data_dir,
        session_idle_minutes=_int("PORTAL_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_int("PORTAL_SESSION_ABSOLUTE_HOURS", 12),
        debug=debug,
    )


_settings: Settings | None = None


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = load_settings()
    return _settings


def reset_settings() -> None:
    """Tests change the environment and read the settings again."""
    global _settings
    _settings = None
