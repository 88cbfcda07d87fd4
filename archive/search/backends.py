"""The character-gram index on each database, and the SQL that asks it.

PostgreSQL: an immutable SQL function cuts ``head || ' ' || body`` into its grams as a tsvector
(lexemes only, no positions) and a GIN index is built on that expression, so nothing is stored twice.
SQLite: a contentless FTS5 table (detail=none) holds the same grams per article, rowid = article id;
rows are written and deleted by ``archive.search.index`` from the same Python function.
Both answer "which articles have all these grams"; the engine then checks the substring itself.
"""

from __future__ import annotations

import re
import weakref

from archive.text.folding import query_grams

# Linear in the text: one split into characters, pairs by zipping the array with itself shifted by one
# (substr() on UTF-8 text would walk from the start for every position: 20 times slower).
PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION baoku_search_grams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
SELECT array_to_tsvector(
    array_remove(chars, ' ')
    || ARRAY(SELECT a || b FROM unnest(chars, chars[2:]) AS pair(a, b) WHERE a <> ' ' AND b <> ' ')
) FROM string_to_array(t, NULL) AS chars
$$
"""
PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS archive_searchentry_grams_gin ON archive_searchentry "
    "USING gin (baoku_search_grams(head || ' ' || body))"
)
PG_DROP = [
    "DROP INDEX IF EXISTS archive_searchentry_grams_gin",
    "DROP FUNCTION IF EXISTS baoku_search_grams(text)",
]

FTS_TABLE = "archive_search_grams"
SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "grams, content='', detail=none, tokenize='unicode61 remove_diacritics 0')"
)
SQLITE_DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]

# The word index (archive.search.words), for ranking. PostgreSQL: the stored tsvector column
# archive_searchentry.words and this GIN index on it (declared in the model state by its migration,
# built here). SQLite: an FTS5 table with positions (detail=full, for phrases) that keeps its own copy
# of the words, so a row can be deleted by rowid: re-cutting old text to delete it from a contentless
# table would need the dictionary of the day it was written.
PG_WORDS_INDEX_NAME = "archive_searchentry_words_gin"
# The ids whose words answer a tsquery, always through the GIN index. For a common word the planner
# picks a sequential scan, which detoasts every stored tsvector (about 9 µs a row, a cost it does not
# count); the index answers a one-word query without reading any tsvector. A SET clause keeps the
# function from being inlined, so it applies to this one lookup.
PG_WORDS_FUNCTION = """
CREATE OR REPLACE FUNCTION baoku_word_ids(q tsquery) RETURNS SETOF bigint
LANGUAGE sql STABLE STRICT PARALLEL SAFE ROWS 1000 SET enable_seqscan = off AS $$
SELECT article_id FROM archive_searchentry WHERE words @@ q
$$
"""
PG_WORDS_INDEX = f"CREATE INDEX IF NOT EXISTS {PG_WORDS_INDEX_NAME} ON archive_searchentry USING gin (words)"
WORDS_TABLE = "archive_search_words"
WORDS_COLUMNS = ("head", "body", "head_sub", "body_sub")
SQLITE_WORDS_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS_TABLE} USING fts5("
    f"{', '.join(WORDS_COLUMNS)}, columnsize=0, tokenize='unicode61 remove_diacritics 0')"
)


def words_create_sql(vendor: str, stage: str = "all") -> list[str]:
    """DDL for the word index alone (its migration), staged like create_sql."""
    if vendor == "postgresql":
        before, after = [PG_WORDS_FUNCTION], [PG_WORDS_INDEX]
    elif vendor == "sqlite":
        before, after = [SQLITE_WORDS_CREATE], []
    else:
        raise NotImplementedError(f"search supports PostgreSQL and SQLite, not {vendor}")
    return {"before": before, "after": after, "all": before + after}[stage]


def words_drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP INDEX IF EXISTS {PG_WORDS_INDEX_NAME}",
            "DROP FUNCTION IF EXISTS baoku_word_ids(tsquery)",
        ]
    return [f"DROP TABLE IF EXISTS {WORDS_TABLE}"] if vendor == "sqlite" else []


def create_sql(vendor: str, stage: str = "all") -> list[str]:
    """DDL for the gram index: stage "before" a bulk load, "after" it (index builds), or "all"."""
    if vendor == "postgresql":
        before, after = [PG_FUNCTION], [PG_INDEX]
    elif vendor == "sqlite":
        before, after = [SQLITE_CREATE], []
    else:
        raise NotImplementedError(f"search supports PostgreSQL and SQLite, not {vendor}")
    return {"before": before, "after": after, "all": before + after}[stage]


def drop_sql(vendor: str) -> list[str]:
    return PG_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []


_tuned = weakref.WeakSet()


def tune_connection(connection) -> None:
    """Switch off PostgreSQL's JIT for this session, once: compiling costs ~80 ms a search, saves nothing.

    The gram function's high COST (which keeps the planner off sequential scans) pushes plan costs
    over jit_above_cost, and a search is short OLTP work.
    """
    if connection.vendor != "postgresql":
        return
    connection.ensure_connection()
    raw = connection.connection
    try:
        if raw in _tuned:
            return
        _tuned.add(raw)
    except TypeError:  # not weak-referenceable: set it every time, it is cheap
        pass
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")


def is_simple(ch: str) -> bool:
    """Characters every FTS5 build reads as one token character: ASCII letters/digits and common CJK."""
    return (ch.isascii() and ch.isalnum()) or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def fts_token(gram: str) -> str:
    """A gram as one FTS5 token; rare characters are spelled in hex so no tokenizer splits them."""
    if all(is_simple(ch) for ch in gram):
        return gram
    return "q" + "x".join(f"{ord(ch):x}" for ch in gram)


UNUSUAL = re.compile("[^ 0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


def fts_document(gram_set) -> str:
    """The grams of one entry as FTS5 input; spelled out only when a gram needs it."""
    document = " ".join(gram_set)
    if not UNUSUAL.search(document):
        return document
    return " ".join(fts_token(g) for g in gram_set)


def pg_tsquery(term: str) -> str:
    return " & ".join(f"'{g}'" for g in sorted(query_grams(term)))


def fts_query(term: str) -> str:
    return " AND ".join(f'"{fts_token(g)}"' for g in sorted(query_grams(term)))


def grams_sql(vendor: str, term: str, verify: str = "") -> tuple[str, list]:
    """SQL selecting the article_id of every entry that has all of the term's grams.

    ``verify`` is an extra condition on the entry row (a substring check), applied in the same scan.
    """
    if vendor == "postgresql":
        sql = "SELECT article_id FROM archive_searchentry WHERE baoku_search_grams(head || ' ' || body) @@ %s::tsquery"
        return (f"{sql} AND ({verify})" if verify else sql), [pg_tsquery(term)]
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    if verify:
        sql = f"SELECT article_id FROM archive_searchentry WHERE article_id IN ({sql}) AND ({verify})"
    return sql, [fts_query(term)]


def contains_sql(vendor: str, column: str, term: str) -> tuple[str, list]:
    """Plain substring test; folded terms hold only letters, digits and spaces, so no escaping."""
    function = "strpos" if vendor == "postgresql" else "instr"
    return f"{function}({column}, %s) > 0", [term]
