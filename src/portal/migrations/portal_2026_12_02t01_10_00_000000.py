from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T01:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Products: the shop's search index, kept current by the database itself"

# PostgreSQL: Dutch full-text search over name and description in a stored generated column (the
# database keeps it current, and ranking reads it instead of parsing every matching text again), trigrams
# of the name for substrings and typos (pg_trgm), and article-number prefixes on a pattern index. The
# expressions must stay equal to those of portal.domain.shop.search.
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE product ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('dutch'::regconfig, coalesce(name, '') || ' ' || coalesce(description, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS product_search_dutch ON product USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS product_search_trigram ON product USING gin (lower(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS product_article_prefix ON product (article_number text_pattern_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS product_search_dutch",
    "DROP INDEX IF EXISTS product_search_trigram",
    "DROP INDEX IF EXISTS product_article_prefix",
    "ALTER TABLE product DROP COLUMN IF EXISTS search_vector",
]

# SQLite: an FTS5 index with the trigram tokenizer over the product table (external content), kept
# current by triggers. Substrings match, so a stemmed query word ("bedden" → "bed") finds every form.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_search USING fts5("
    "name, description, content='product', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS product_search_insert AFTER INSERT ON product BEGIN "
    "INSERT INTO product_search(rowid, name, description) VALUES (new.id, new.name, new.description); END",
    "CREATE TRIGGER IF NOT EXISTS product_search_delete AFTER DELETE ON product BEGIN "
    "INSERT INTO product_search(product_search, rowid, name, description) "
    "VALUES ('delete', old.id, old.name, old.description); END",
    "CREATE TRIGGER IF NOT EXISTS product_search_update AFTER UPDATE OF name, description ON product BEGIN "
    "INSERT INTO product_search(product_search, rowid, name, description) "
    "VALUES ('delete', old.id, old.name, old.description); "
    "INSERT INTO product_search(rowid, name, description) VALUES (new.id, new.name, new.description); END",
    # Products that exist already (a database migrated before this step).
    "INSERT INTO product_search(product_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS product_search_insert",
    "DROP TRIGGER IF EXISTS product_search_delete",
    "DROP TRIGGER IF EXISTS product_search_update",
    "DROP TABLE IF EXISTS product_search",
]


async def _run(postgres: list[str], sqlite: list[str]) -> None:
    from piccolo.engine import engine_finder
    from piccolo.engine.postgres import PostgresEngine

    engine = engine_finder()
    for statement in postgres if isinstance(engine, PostgresEngine) else sqlite:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_index():
        await _run(POSTGRES_UP, SQLITE_UP)

    async def drop_index():
        await _run(POSTGRES_DOWN, SQLITE_DOWN)

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
