from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Products: the words of their names, for the shop's search to compare a typo with"

# A typo is compared with the words of the names (a few hundred) instead of with every name: the search
# asks `product_word` for the words one letter off what was typed, then looks those words up in the
# name's index (migration 2026-12-02T01:10). On both engines one row per distinct word of the names (lower
# case, split where the name is not a letter or digit, 3 letters or more), written by the database as
# names are. A word whose last name was renamed or deleted stays: a spelling that finds no name costs one
# index probe and finds nothing.
#
# PostgreSQL: a trigger fills it, and a trigram index finds the words holding half of a typo. The
# search's GIN indexes take new entries at once (fastupdate off) instead of in a pending list that
# every search reads through until a VACUUM merges it: after loading 10,000 products (and with autovacuum
# off, as on the benchmark machine) each search read some 400 pending pages, 2-4 ms per index probe, and
# the planner chose to read every product instead. The catalogue is written seldom and searched often.
POSTGRES_UP = [
    "CREATE TABLE IF NOT EXISTS product_word (term text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS product_word_trigram ON product_word USING gin (term gin_trgm_ops) "
    "WITH (fastupdate = off)",
    "ALTER INDEX product_search_dutch SET (fastupdate = off)",
    "ALTER INDEX product_search_trigram SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('product_search_dutch'::regclass)",
    "SELECT gin_clean_pending_list('product_search_trigram'::regclass)",
    "CREATE OR REPLACE FUNCTION product_word_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO product_word (term) SELECT DISTINCT word "
    "FROM regexp_split_to_table(lower(NEW.name), '[^[:alnum:]]+') AS word WHERE length(word) >= 3 "
    "ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE OR REPLACE TRIGGER product_word_insert AFTER INSERT OR UPDATE OF name ON product "
    "FOR EACH ROW EXECUTE FUNCTION product_word_insert()",
    "INSERT INTO product_word (term) SELECT DISTINCT word "
    "FROM product, regexp_split_to_table(lower(product.name), '[^[:alnum:]]+') AS word WHERE length(word) >= 3 "
    "ON CONFLICT DO NOTHING",
]
POSTGRES_DOWN = [
    "ALTER INDEX product_search_dutch RESET (fastupdate)",
    "ALTER INDEX product_search_trigram RESET (fastupdate)",
    "DROP TRIGGER IF EXISTS product_word_insert ON product",
    "DROP FUNCTION IF EXISTS product_word_insert()",
    "DROP TABLE IF EXISTS product_word",
]

# SQLite: the same table, filled by the search index's own triggers. SQLite has no function that splits
# a text, so a recursive query walks the lower-case name letter by letter (a letter or digit: a-z, 0-9 or
# any non-ASCII character) and keeps each word that ends. SQLite's lower() changes A-Z only: a capital
# with an accent stays a capital in the word list.
_WORDS_OF = (
    "INSERT OR IGNORE INTO product_word (term) WITH RECURSIVE walk(t, i, word, done) AS ("
    "SELECT lower({name}) || ' ', 1, '', NULL{source} UNION ALL "
    "SELECT t, i + 1, "
    "CASE WHEN substr(t, i, 1) GLOB '[0-9a-z]' OR unicode(substr(t, i, 1)) > 127 THEN word || substr(t, i, 1) ELSE '' END, "
    "CASE WHEN substr(t, i, 1) GLOB '[0-9a-z]' OR unicode(substr(t, i, 1)) > 127 THEN NULL ELSE word END "
    "FROM walk WHERE i <= length(t)) "
    "SELECT done FROM walk WHERE length(done) >= 3"
)
_SEARCH = "INSERT INTO product_search(rowid, name, description) VALUES (new.id, new.name, new.description); "
_SEARCH_DELETE = ("INSERT INTO product_search(product_search, rowid, name, description) "
                  "VALUES ('delete', old.id, old.name, old.description); ")
_NEW_WORDS = _WORDS_OF.format(name="new.name", source="") + "; "
_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS product_search_insert",
    "DROP TRIGGER IF EXISTS product_search_update",
]


def _triggers(with_words: bool) -> list[str]:
    insert = _SEARCH + _NEW_WORDS if with_words else _SEARCH
    return [
        f"CREATE TRIGGER product_search_insert AFTER INSERT ON product BEGIN {insert}END",
        f"CREATE TRIGGER product_search_update AFTER UPDATE OF name, description ON product BEGIN "
        f"{_SEARCH_DELETE}{insert}END",
    ]


SQLITE_UP = [
    "CREATE TABLE IF NOT EXISTS product_word (term TEXT PRIMARY KEY) WITHOUT ROWID",
    *_DROP_TRIGGERS,
    *_triggers(with_words=True),
    _WORDS_OF.format(name="name", source=" FROM product"),  # the products there are
]
SQLITE_DOWN = [
    *_DROP_TRIGGERS,
    *_triggers(with_words=False),
    "DROP TABLE IF EXISTS product_word",
]


async def _run(postgres: list[str], sqlite: list[str]) -> None:
    from piccolo.engine import engine_finder
    from piccolo.engine.postgres import PostgresEngine

    engine = engine_finder()
    for statement in postgres if isinstance(engine, PostgresEngine) else sqlite:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="portal", description=DESCRIPTION)

    async def create_words():
        await _run(POSTGRES_UP, SQLITE_UP)

    async def drop_words():
        await _run(POSTGRES_DOWN, SQLITE_DOWN)

    manager.add_raw(create_words)
    manager.add_raw_backwards(drop_words)
    return manager
