"""Every clause of a query asked of the gram index at once, so the cost follows the answer, not the terms.

Asked one term at a time, ``服务 提前 百部`` reads the ids of every article with 服务, every one with 提前
and every one with 百部, then intersects them: thousands of rows for a handful of hits. The gram index
can intersect by itself: one tsquery (PostgreSQL) or one FTS5 MATCH (SQLite) holding every clause's
grams, ``(grams of a) AND ((grams of b) OR (grams of c))``, yields only the entries that have them all,
and the substring checks then run on those few rows only.

This is the same set as the engine's clause-by-clause answer. For a clause whose terms all have exact
grams (one run of one or two characters) the grams are the match. Otherwise the clause is checked as
"one of its terms is a substring of the headline group or the body": a substring always has the
term's grams, and for an exact term the grams prove the substring, so the check is exactly the clause.
A clause with a term that is (part of) a contributor's or agency's name is left out here and asked as
before, since the grams of the text cannot answer for names (``named_terms``).
"""

from __future__ import annotations

from django.db import connections

from archive.text.folding import grams_are_exact

from .backends import FTS_TABLE, contains_sql, fts_query, pg_tsquery


def named_terms(db: str, terms) -> set[str]:
    """The terms that occur in some contributor's name (bylines and agencies are both contributors)."""
    terms = list(dict.fromkeys(terms))
    if not terms:
        return set()
    vendor = connections[db].vendor
    parts, params = [], []
    for term in terms:
        sql, term_params = contains_sql(vendor, "lower(name)", term)
        parts.append(f"EXISTS (SELECT 1 FROM archive_contributor WHERE {sql})")
        params += term_params
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        found = cursor.fetchone()
    return {term for term, hit in zip(terms, found, strict=True) if hit}


def _clause_check(vendor: str, clause) -> tuple[str, list]:
    """The substring check for one clause, or "" when its grams are already the whole answer."""
    if all(grams_are_exact(term) for term in clause):
        return "", []
    parts, params = [], []
    for term in clause:
        for column in ("head", "body"):
            sql, term_params = contains_sql(vendor, column, term)
            parts.append(sql)
            params += term_params
    return "(" + " OR ".join(parts) + ")", params


def combined_sql(vendor: str, clauses) -> tuple[str, list]:
    """SQL selecting the article ids whose text matches every one of these clauses (names aside)."""
    if vendor == "postgresql":
        grams = " & ".join("(" + " | ".join(f"({pg_tsquery(t)})" for t in clause) + ")" for clause in clauses)
    else:
        grams = " AND ".join(
            "(" + " OR ".join(f"({fts_query(t)})" for t in clause) + ")" for clause in clauses
        )
    checks = [_clause_check(vendor, clause) for clause in clauses]
    where = [sql for sql, _ in checks if sql]
    check_params = [p for _, params in checks for p in params]
    if vendor == "postgresql":
        sql = "SELECT article_id FROM archive_searchentry WHERE baoku_search_grams(head || ' ' || body) @@ %s::tsquery"
        if where:
            sql += " AND " + " AND ".join(where)
        # OFFSET 0 keeps the subquery whole: flattened into the outer query, the planner may walk every
        # article in result order and recompute each one's grams until a deep page is filled.
        return f"{sql} OFFSET 0", [grams, *check_params]
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    if where:
        sql = f"SELECT article_id FROM archive_searchentry WHERE article_id IN ({sql}) AND " + " AND ".join(
            where
        )
    return sql, [grams, *check_params]
