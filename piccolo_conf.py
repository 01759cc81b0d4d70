"""Piccolo's configuration: the database comes from PORTAL_DATABASE_URL (see src/portal/settings.py)."""

from piccolo.conf.apps import AppRegistry

from portal.db import make_engine

DB = make_engine()

APP_REGISTRY = AppRegistry(
    apps=[
        "portal.piccolo_app",
        "piccolo.apps.user.piccolo_app",
        "piccolo_admin.piccolo_app",
    ]
)
