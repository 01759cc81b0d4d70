"""piccolo-admin for HartingBank's staff: sign-in, sessions, menu, language, sidebar links."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

from piccolo.apps.user.tables import BaseUser
from piccolo_admin.endpoints import create_admin
from piccolo_admin.translations.data import ENGLISH
from piccolo_api.rate_limiting.middleware import InMemoryLimitProvider
from piccolo_api.session_auth.tables import SessionsBase

from portal.admin.asgi import StaffAdmin
from portal.admin.forms import FORMS
from portal.admin.menu import table_configs
from portal.admin.translation import DUTCH
from portal.settings import Settings

SIDEBAR_LINKS = {
    "Service: te plannen": "/admin/#/service_request/?status=submitted&__order=requested_date",
    "Service: ingepland": "/admin/#/service_request/?status=planned&__order=planned_date",
    "Orders: te bevestigen": "/admin/#/order/?status=submitted&__order=created_at",
    "Orders: bevestigd": "/admin/#/order/?status=confirmed&__order=created_at",
    "Offertes: te beantwoorden": "/admin/#/quote/?status=requested&__order=created_at",
    "Openstaande locatieverzoeken": "/admin/#/location_request/?status=open",
    "Mail: nog niet verzonden": "/admin/#/mail_outbox/?status=queued",
    "Mail: mislukt": "/admin/#/mail_outbox/?status=failed",
    "Contact: open verzoeken": "/admin/#/contact_request/?status=open&__order=created_at",
    "Chats beantwoorden": "/medewerkers/chat/",
    "Open chats (tabel)": "/admin/#/chat_thread/?status=open",
    "Naar het portaal": "/",
}


def create_staff_admin(settings: Settings) -> StaffAdmin:
    host = urlparse(settings.base_url).hostname or "localhost"
    return StaffAdmin(
        lambda: create_admin(
            tables=table_configs(),
            forms=FORMS,
            auth_table=BaseUser,
            session_table=SessionsBase,
            # The same lengths as a customer's session: signed out after half an hour without use.
            session_expiry=timedelta(minutes=settings.session_idle_minutes),
            increase_expiry=timedelta(minutes=settings.session_idle_minutes),
            max_session_expiry=timedelta(hours=settings.session_absolute_hours),
            # piccolo-admin's default blocks an address for good (until a restart) after 20 tries.
            rate_limit_provider=InMemoryLimitProvider(limit=20, timespan=300, block_duration=900),
            site_name="HartingBank back office",
            # Secure cookies; and under HTTPS its CSRF check also wants the Origin/Referer to be this host.
            production=settings.cookie_secure,
            allowed_hosts=[host],
            default_language_code="nl",
            translations=[DUTCH, ENGLISH],
            # Every table is configured in portal.admin.menu; the default would add a second, unconfigured
            # "account" (the real one, with its password hashes) next to the admin's copy.
            auto_include_related=False,
            sidebar_links=SIDEBAR_LINKS,
            debug=settings.debug,
        )
    )
