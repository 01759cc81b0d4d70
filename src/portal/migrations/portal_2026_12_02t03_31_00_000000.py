from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T03:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service requests: the database copies onto each request the aid's category, subcategory, type and ownership"

# Measured at five million requests (bench.planning): Mijn acties sorted or filtered by the aid's
# catalogue or ownership joined every request to its aid and walked the organisation's history by aid
# (up to 5.8 s for a last page). With the aid's values on the request those are index ranges like the
# location's. The database keeps the copy: a trigger fills it when a request is stored (whoever stores
# it: the portal, /admin, a bulk load) and another follows a change of the aid (a correction in /admin).
COPIES = {"aid_category": "category", "aid_subcategory": "subcategory", "aid_type": "product_type",
          "aid_ownership": "ownership"}
INDEXES = [
    ("service_request_org_aid_category_id", "organisation, aid_category, id"),
    ("service_request_org_aid_subcategory_id", "organisation, aid_subcategory, id"),
    ("service_request_org_aid_type_id", "organisation, aid_type, id"),
    ("service_request_org_aid_ownership_id", "organisation, aid_ownership, id"),
]
_TARGETS = ", ".join(COPIES)
_SOURCES = ", ".join(COPIES.values())

SQLITE = [
    # A bulk load that writes the copy itself (seed-bench) is not written twice.
    f"""CREATE TRIGGER IF NOT EXISTS service_request_copy_aid AFTER INSERT ON service_request
    WHEN NEW.aid_category IS NULL
    BEGIN
      UPDATE service_request SET ({_TARGETS}) = (SELECT {_SOURCES} FROM asset WHERE asset.id = NEW.asset)
      WHERE id = NEW.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS asset_copy_to_service_requests
    AFTER UPDATE OF {_SOURCES} ON asset
    BEGIN
      UPDATE service_request SET ({_TARGETS}) = (SELECT {", ".join("NEW." + c for c in COPIES.values())})
      WHERE asset = NEW.id;
    END""",
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION service_request_copy_aid() RETURNS trigger AS $$
    BEGIN
      SELECT {_SOURCES} INTO {", ".join("NEW." + c for c in COPIES)} FROM asset WHERE asset.id = NEW.asset;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS service_request_copy_aid ON service_request",
    """CREATE TRIGGER service_request_copy_aid BEFORE INSERT OR UPDATE OF asset ON service_request
    FOR EACH ROW EXECUTE FUNCTION service_request_copy_aid()""",
    f"""CREATE OR REPLACE FUNCTION asset_copy_to_service_requests() RETURNS trigger AS $$
    BEGIN
      UPDATE service_request SET ({_TARGETS}) = ({", ".join("NEW." + c for c in COPIES.values())})
      WHERE asset = NEW.id;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS asset_copy_to_service_requests ON asset",
    f"""CREATE TRIGGER asset_copy_to_service_requests AFTER UPDATE OF {_SOURCES} ON asset
    FOR EACH ROW WHEN ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COPIES.values())})
    EXECUTE FUNCTION asset_copy_to_service_requests()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def copy_and_index():
        from piccolo.engine import engine_finder
        from piccolo.engine.postgres import PostgresEngine

        engine = engine_finder()
        postgres = isinstance(engine, PostgresEngine)
        for statement in POSTGRES if postgres else SQLITE:
            await engine.run_ddl(statement)
        await engine.run_ddl(
            f"UPDATE service_request SET ({_TARGETS}) = (SELECT {', '.join('a.' + c for c in COPIES.values())} "
            f"FROM asset a WHERE a.id = service_request.asset)")
        for name, columns in INDEXES:
            await engine.run_ddl(f"CREATE INDEX IF NOT EXISTS {name} ON service_request ({columns})")
        await engine.run_ddl("ANALYZE service_request")

    async def drop():
        from piccolo.engine import engine_finder
        from piccolo.engine.postgres import PostgresEngine

        engine = engine_finder()
        for name, _columns in INDEXES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl("DROP TRIGGER IF EXISTS service_request_copy_aid ON service_request")
            await engine.run_ddl("DROP TRIGGER IF EXISTS asset_copy_to_service_requests ON asset")
        else:
            await engine.run_ddl("DROP TRIGGER IF EXISTS service_request_copy_aid")
            await engine.run_ddl("DROP TRIGGER IF EXISTS asset_copy_to_service_requests")

    manager.add_raw(copy_and_index)
    manager.add_raw_backwards(drop)
    return manager
