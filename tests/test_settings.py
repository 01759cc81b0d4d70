"""Settings fail loudly: a wrong value stops start-up with a message naming the variable."""

import pytest

from portal.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORTAL_DATABASE_URL", "mysql://localhost/x", "PORTAL_DATABASE_URL"),
        ("PORTAL_SMTP_URL", "http://mail.example.nl", "PORTAL_SMTP_URL"),
        ("PORTAL_REDIS_URL", "redis://", "PORTAL_REDIS_URL"),
        ("PORTAL_SESSION_IDLE_MINUTES", "dertig", "PORTAL_SESSION_IDLE_MINUTES"),
        ("PORTAL_COOKIE_SECURE", "misschien", "PORTAL_COOKIE_SECURE"),
        ("PORTAL_SECRET_KEY", "kort", "PORTAL_SECRET_KEY"),
        ("PORTAL_INVOICE_ISSUER", "HartingBank B.V. | ", "PORTAL_INVOICE_ISSUER"),
    ],
)
def test_a_wrong_value_names_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_defaults_work_on_a_laptop(monkeypatch, tmp_path):
    for name in ("PORTAL_DATABASE_URL", "PORTAL_SECRET_KEY", "PORTAL_SMTP_URL", "PORTAL_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    assert len(settings.secret_key) >= 32
    assert load_settings().secret_key == settings.secret_key  # kept in the data folder
    assert settings.smtp_url is None and settings.redis_url is None
    assert not settings.cookie_secure


def test_the_invoice_issuer_is_read_line_by_line(monkeypatch):
    monkeypatch.setenv("PORTAL_INVOICE_ISSUER", "HartingBank B.V. | Postbus 7 | 3400 AA IJsselstein | KvK 1234")
    assert load_settings().invoice_issuer == ("HartingBank B.V.", "Postbus 7", "3400 AA IJsselstein", "KvK 1234")
