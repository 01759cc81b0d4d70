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

from portal.db import is_postgres
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
        matches = await _word_matches(words, wanted)
        if not matches and not found:
            matches = await _word_matches(words, wanted, await _spellings(words))
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


async def _word_matches(words: tuple[str, ...], limit: int,
                        spellings: tuple[tuple[str, ...], ...] | None = None) -> list[int]:
    if is_postgres():
        return await _postgres_words(words, limit, spellings)
    return await _sqlite_words(words, limit, spellings)


async def _spellings(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """For each word (of at least MIN_TYPO_WORD letters) the words of product names that hold a spelling
    one letter off it, fewest first: a name holding "rolstoel" holds "comfortrolstoel" as well, so only
    "rolstoel" is kept. Asked of the few hundred distinct words, not of every name."""
    found = []
    for word in words:
        if len(word) < MIN_TYPO_WORD:
            found.append(())
            continue
        # Either half of the word is in every spelling one letter off (the trigram index on PostgreSQL).
        patterns = _typo_patterns(word)
        rows = await Product.raw(
            "SELECT term FROM product_word WHERE (term LIKE {} OR term LIKE {}) AND ("
            + " OR ".join("term LIKE {}" for _ in patterns) + ")",
            *(f"%{half}%" for half in _halves(word)), *patterns)
        terms = sorted({row["term"] for row in rows if word not in row["term"]}, key=lambda term: (len(term), term))
        kept: list[str] = []
        for term in terms:
            if not any(shorter in term for shorter in kept):
                kept.append(term)
        found.append(tuple(kept))
    return tuple(found)


def _halves(word: str) -> tuple[str, str]:
    """One letter changed, added or left out spoils at most one half: a spelling holds the other one."""
    middle = len(word) // 2
    return word[:middle], word[middle:]


def _typo_patterns(word: str) -> list[str]:
    """LIKE patterns of every spelling one letter away (one changed, one extra or one missing)."""
    changed = [word[:i] + "_" + word[i + 1:] for i in range(len(word))]
    extra = [word[:i] + word[i + 1:] for i in range(len(word))]
    missing = [word[:i] + "_" + word[i:] for i in range(1, len(word))]
    return [f"%{pattern}%" for pattern in dict.fromkeys(changed + extra + missing)]


# PostgreSQL -------------------------------------------------------------------------------------------


async def _postgres_words(words: tuple[str, ...], limit: int,
                          spellings: tuple[tuple[str, ...], ...] | None) -> list[int]:
    """Every word must match as a Dutch word form of the name or description or as the start of one of
    its words; with `spellings` (when that found nothing) also as part of the name, or through a word of
    the names one letter off it (both answered from the name's pg_trgm index)."""
    queries, conditions, query_args, args = [], [], [], []
    for index, word in enumerate(words):
        queries.append(f"(plainto_tsquery('dutch', {{}}) || to_tsquery('simple', {{}})) AS q{index}")
        query_args += [word, word + ":*"]
        condition = f"{PG_VECTOR} @@ w.q{index}"
        if spellings is not None:
            for part in (word, *spellings[index]):
                condition += f" OR {PG_NAME} LIKE {{}}"
                args.append(f"%{part}%")
        conditions.append(f"({condition})")
    ranks = " + ".join(f"ts_rank({PG_VECTOR}, w.q{index})" for index in range(len(words)))
    # The word queries once, in a subquery the planner keeps apart (OFFSET 0): asyncpg prepares each
    # statement, and from the sixth run PostgreSQL may plan it once for any word, which otherwise parses
    # them again for every product matched (rolstoel: 4.6 instead of 1.4 ms, the typo 9 instead of 2.5).
    sql = (f"SELECT p.id, {ranks} AS rank FROM (SELECT {', '.join(queries)} OFFSET 0) w, product p "
           f"WHERE {' AND '.join(conditions)} AND {_on_sale()} ORDER BY rank DESC, p.name, p.id LIMIT {int(limit)}")
    return [row["id"] for row in await Product.raw(sql, *query_args, *args)]


# SQLite -----------------------------------------------------------------------------------------------


def _fts_phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


async def _sqlite_words(words: tuple[str, ...], limit: int,
                        spellings: tuple[tuple[str, ...], ...] | None) -> list[int]:
    """Every word must match as a substring of the name or description, as typed or stemmed ("bedden"
    matches as "bed"); with `spellings` (when that found nothing) also through a word of the names one
    letter off it, as part of the name. Name matches rank first (bm25), names one letter off in name order."""
    if spellings is not None and not any(spellings):
        return []  # nothing to add to what found nothing
    groups = []
    for index, word in enumerate(words):
        group = " OR ".join(_fts_phrase(form) for form in dict.fromkeys((word, stem(word))) if len(form) >= 3)
        if spellings and spellings[index]:
            group += " OR name : (" + " OR ".join(_fts_phrase(term) for term in spellings[index]) + ")"
        groups.append(f"({group})")
    # Names one letter off all rank alike (in name order), as on PostgreSQL, where no word form matched.
    order = "p.name, p.id" if spellings is not None else "bm25(product_search, 10.0, 1.0), p.name, p.id"
    rows = await Product.raw(
        "SELECT p.id FROM product_search s JOIN product p ON p.id = s.rowid "
        f"WHERE product_search MATCH {{}} AND {_on_sale()} ORDER BY {order} LIMIT {int(limit)}", " AND ".join(groups))
    return [row["id"] for row in rows]
