"""Searching the shop (SHOP-1, issue 10 item 2): by article number, product name or keyword.

Article numbers that start with what was typed come first (in number order), then products whose words
match; Dutch word forms match ("bedden" finds "bed", "tilliften" finds "tillift"), and when nothing
matches, a product whose name is one letter off still turns up. The databases do the searching with
their own indexes (migration 2026-12-02T01:10): PostgreSQL's Dutch full-text search with pg_trgm for
substrings and typos, SQLite's FTS5 trigram index with the query words stemmed by the Snowball Dutch
stemmer. This module is the one query function above both. Only products on sale (active and
purchasable) are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import snowballstemmer

from portal.db import engine, is_postgres
from portal.domain.parsing import clean_line
from portal.tables import Product

MAX_WORDS = 6
MAX_WORD_LENGTH = 40
MIN_TEXT_WORD = 3  # shorter words cannot be looked up in a trigram index
MIN_TYPO_WORD = 6  # one letter off in a shorter word finds too much that was not meant
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_ARTICLE = re.compile(r"^[0-9A-Za-z.\-/]{2,30}$")

# PostgreSQL: the stored Dutch vector and the name's expression of the migration's indexes.
PG_VECTOR = "p.search_vector"
PG_NAME = "lower(p.name)"
ON_SALE = "p.active = {true} AND p.purchasable = {true}"


@cache
def _stemmer():
    return snowballstemmer.stemmer("dutch")


@dataclass(frozen=True)
class Query:
    """What was typed, read once: the article-number prefix it may be and its words (lower case)."""

    text: str
    article_prefix: str
    words: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.article_prefix and not self.words


def parse_query(raw: str) -> Query:
    text = clean_line(raw, 200)
    compact = text.replace(" ", "")
    prefix = compact if _ARTICLE.match(compact) and any(ch.isdigit() for ch in compact) else ""
    words = tuple(dict.fromkeys(
        word for word in (w.lower()[:MAX_WORD_LENGTH] for w in _WORD.findall(text)) if len(word) >= MIN_TEXT_WORD
    ))[:MAX_WORDS]
    return Query(text, prefix, words)


def stem(word: str) -> str:
    return _stemmer().stemWord(word)


async def search_ids(raw: str, limit: int = 20, offset: int = 0) -> list[int]:
    """The ids of the products found for `raw`, best first: article-number prefix matches, then word
    matches, then (only when there are none) names one letter off."""
    query = parse_query(raw)
    if query.is_empty:
        return []
    wanted = offset + limit
    found: list[int] = []
    words = query.words
    if query.article_prefix:
        found = await _article_prefix(query.article_prefix, wanted)
    if words and len(found) < wanted:
        matches = await _word_matches(words, wanted, typos=False)
        if not matches and not found:
            matches = await _word_matches(words, wanted, typos=True)
        seen = set(found)
        found += [product_id for product_id in matches if product_id not in seen]
    return found[offset:wanted]


def _on_sale() -> str:
    return ON_SALE.format(true="true" if is_postgres() else "1")


async def _article_prefix(prefix: str, limit: int) -> list[int]:
    # A range on the article number's index, the same on both engines (LIKE differs in case and index use).
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    rows = await Product.raw(
        f"SELECT p.id FROM product p WHERE p.article_number >= {{}} AND p.article_number < {{}} AND {_on_sale()} "
        f"ORDER BY p.article_number LIMIT {int(limit)}", prefix, upper)
    return [row["id"] for row in rows]


async def _word_matches(words: tuple[str, ...], limit: int, typos: bool) -> list[int]:
    if is_postgres():
        return await _postgres_words(words, limit, typos)
    return await _sqlite_words(words, limit, typos)


# PostgreSQL -------------------------------------------------------------------------------------------


async def _postgres_words(words: tuple[str, ...], limit: int, typos: bool) -> list[int]:
    """Every word must match as a Dutch word form of the name or description or as the start of one of
    its words; with `typos` (when that found nothing) also as part of the name or one letter off (both
    answered from the name's pg_trgm index)."""
    conditions, ranks, rank_args, args = [], [], [], []
    for word in words:
        query = "(plainto_tsquery('dutch', {}) || to_tsquery('simple', {}))"
        ranks.append(f"ts_rank({PG_VECTOR}, {query})")
        rank_args += [word, word + ":*"]
        condition = f"{PG_VECTOR} @@ {query}"
        args += [word, word + ":*"]
        if typos:
            condition += f" OR {PG_NAME} LIKE {{}}"
            args.append(f"%{word}%")
            if len(word) >= MIN_TYPO_WORD:
                left, right = _halves(word)
                patterns = _typo_patterns(word)
                condition += (f" OR (({PG_NAME} LIKE {{}} OR {PG_NAME} LIKE {{}}) AND ("
                              + " OR ".join(f"{PG_NAME} LIKE {{}}" for _ in patterns) + "))")
                args += [f"%{left}%", f"%{right}%", *patterns]
        conditions.append(f"({condition})")
    sql = (f"SELECT p.id, {' + '.join(ranks)} AS rank FROM product p "
           f"WHERE {' AND '.join(conditions)} AND {_on_sale()} ORDER BY rank DESC, p.name, p.id LIMIT {int(limit)}")
    args = rank_args + args  # the rank's placeholders come first in the text
    if not typos:
        return [row["id"] for row in await Product.raw(sql, *args)]
    # Left to itself the planner reads every product and tries each pattern (tens of ms at 10,000
    # products) instead of asking the trigram index for the names with either half of the word first.
    async with engine().transaction(allow_nested=True):
        await engine().run_ddl("SET LOCAL enable_seqscan = off")
        rows = await Product.raw(sql, *args)
        await engine().run_ddl("SET LOCAL enable_seqscan = on")
    return [row["id"] for row in rows]


# SQLite -----------------------------------------------------------------------------------------------


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _halves(word: str) -> tuple[str, str]:
    """One letter changed, added or left out spoils at most one half: the name holds the other one."""
    middle = len(word) // 2
    return word[:middle], word[middle:]


def _typo_patterns(word: str) -> list[str]:
    """LIKE patterns of every spelling one letter away (one changed, one extra or one missing); the
    FTS5 trigram index answers each from the letters around the gap."""
    changed = [word[:i] + "_" + word[i + 1:] for i in range(len(word))]
    extra = [word[:i] + word[i + 1:] for i in range(len(word))]
    missing = [word[:i] + "_" + word[i:] for i in range(1, len(word))]
    return [f"%{pattern}%" for pattern in dict.fromkeys(changed + extra + missing)]


async def _sqlite_words(words: tuple[str, ...], limit: int, typos: bool) -> list[int]:
    """Every word must match as a substring of the name or description, as typed or stemmed ("bedden"
    matches as "bed"); with `typos` a name one letter off does too. Name matches rank first (bm25)."""
    if not typos:
        match = " AND ".join(
            "(" + " OR ".join(_fts_phrase(form) for form in dict.fromkeys((word, stem(word))) if len(form) >= 3) + ")"
            for word in words)
        rows = await Product.raw(
            "SELECT p.id FROM product_search s JOIN product p ON p.id = s.rowid "
            f"WHERE product_search MATCH {{}} AND {_on_sale()} "
            f"ORDER BY bm25(product_search, 10.0, 1.0), p.name, p.id LIMIT {int(limit)}", match)
        return [row["id"] for row in rows]
    conditions, args = [], []
    for word in words:
        forms = [form for form in dict.fromkeys((word, stem(word))) if len(form) >= 3]
        parts = ["SELECT rowid FROM product_search WHERE product_search MATCH {}"]
        args.append(" OR ".join(_fts_phrase(form) for form in forms))
        if len(word) >= MIN_TYPO_WORD:
            # The names holding either half of the word (the index), then tried against every spelling.
            patterns = _typo_patterns(word)
            parts.append("SELECT rowid FROM product_search WHERE product_search MATCH {} AND ("
                         + " OR ".join("name LIKE {}" for _ in patterns) + ")")
            args += ["name : (" + " OR ".join(_fts_phrase(half) for half in _halves(word)) + ")", *patterns]
        conditions.append(f"p.id IN ({' UNION '.join(parts)})")
    rows = await Product.raw(
        f"SELECT p.id FROM product p WHERE {' AND '.join(conditions)} AND {_on_sale()} "
        f"ORDER BY p.name, p.id LIMIT {int(limit)}", *args)
    return [row["id"] for row in rows]
