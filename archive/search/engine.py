"""Which articles match a parsed query, on any base queryset, ranked headline group first.

A term matches an article when the folded term is a substring of its folded headline group or body,
or of the name of one of its contributors or its agency. The gram index narrows the candidates, a
substring check on the candidates makes the answer exact (skipped when the grams alone prove it, for
terms of one or two characters). The result is always the same set as a plain substring scan.

The word index (archive.search.words) only ranks. Per clause, best first: a whole word of the headline
group, a substring of it, a whole word of the body, a substring only; then newest first.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from archive.text.folding import grams_are_exact
from archive.vocabulary import load_archive_words

from .backends import WORDS_TABLE, contains_sql, grams_sql
from .combined import combined_sql, named_terms
from .query import ParsedQuery
from .words import fts_word_query, pg_word_tsquery

# head_score weights: a clause in the headline group outranks any number of lesser matches (at most
# 12 clauses), a whole word there outranks a substring; every clause a whole word somewhere breaks ties.
IN_HEAD, WORD_IN_HEAD, WORD_ANYWHERE = 256, 16, 1

ORDERINGS = {
    "relevance": ("-head_score", "-issue__date", "page__prefix", "page__number", "order", "pk"),
    "date": ("-issue__date", "page__prefix", "page__number", "order", "pk"),
    "date_asc": ("issue__date", "page__prefix", "page__number", "order", "pk"),
}


def term_sql(vendor: str, term: str) -> tuple[str, list]:
    """SQL selecting the ids of the articles one folded term matches."""
    if grams_are_exact(term):
        index_sql, params = grams_sql(vendor, term)
    else:
        head_sql, head_params = contains_sql(vendor, "head", term)
        body_sql, body_params = contains_sql(vendor, "body", term)
        index_sql, params = grams_sql(vendor, term, verify=f"{head_sql} OR {body_sql}")
        params = [*params, *head_params, *body_params]
    name_sql, name_params = contains_sql(vendor, "lower(name)", term)
    named = f"SELECT id FROM archive_contributor WHERE {name_sql}"
    sql = (
        f"{index_sql} "
        f"UNION ALL SELECT article_id FROM archive_byline WHERE contributor_id IN ({named}) "
        f"UNION ALL SELECT id FROM archive_article WHERE agency_id IN ({named})"
    )
    return sql, [*params, *name_params, *name_params]


def clause_sql(vendor: str, terms) -> RawSQL:
    """Ids matching any of the terms (duplicates are harmless: it is only used with IN)."""
    parts = [term_sql(vendor, t) for t in terms]
    return RawSQL(" UNION ALL ".join(sql for sql, _ in parts), [p for _, params in parts for p in params])


def filter_matching(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """The base queryset narrowed to the articles that match every clause and no excluded term."""
    vendor = connections[queryset.db].vendor
    # Clauses no name can answer go to the gram index together (archive.search.combined).
    named = named_terms(queryset.db, [t for clause in query.clauses for t in clause])
    textual = [clause for clause in query.clauses if not named.intersection(clause)]
    if textual:
        queryset = queryset.filter(pk__in=RawSQL(*combined_sql(vendor, textual)))
    for clause in query.clauses:
        if named.intersection(clause):
            queryset = queryset.filter(pk__in=clause_sql(vendor, clause))
    if query.excluded:
        queryset = queryset.exclude(pk__in=clause_sql(vendor, query.excluded))
    return queryset


class _WordsMatch(Func):
    """PostgreSQL: the entry's stored words answer a tsquery (evaluated per row: only headline hits)."""

    template = "(%(expressions)s::tsquery)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def word_condition(vendor: str, terms, where: str):
    """Q or boolean expression: one of the terms occurs as a word (``where`` "head" or "any"); or None."""
    if where != "head":
        return all_words_condition(vendor, [terms])
    if vendor == "postgresql":
        tsquery = pg_word_tsquery(terms, where)
        return None if tsquery is None else _WordsMatch(F("search_entry__words"), Value(tsquery))
    match = fts_word_query(terms, where)
    if match is None:
        return None
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH %s", [match]))


def head_score(query: ParsedQuery, vendor: str):
    """A clause's rank, summed over clauses; higher first (see the weights above).

    Set-based: "every clause a word somewhere" is one ``id IN (word index match)`` for the query,
    evaluated once; "a word of the headline group" is asked only of the rows whose headline group has
    the clause at all.
    """
    load_archive_words()  # queries are cut with the same dictionary as the index
    scores = []
    for clause in query.clauses:
        in_head = reduce(or_, (Q(search_entry__head__contains=t) for t in clause))
        word_in_head = word_condition(vendor, clause, "head")
        whens = [When(in_head & word_in_head, then=Value(IN_HEAD + WORD_IN_HEAD))] if word_in_head else []
        whens.append(When(in_head, then=Value(IN_HEAD)))
        scores.append(Case(*whens, default=Value(0), output_field=IntegerField()))
    every_word = all_words_condition(vendor, query.clauses)
    if every_word is not None:
        scores.append(
            Case(When(every_word, then=Value(WORD_ANYWHERE)), default=Value(0), output_field=IntegerField())
        )
    return reduce(lambda a, b: a + b, scores)


def all_words_condition(vendor: str, clauses):
    """Q: every clause occurs as a whole word somewhere in the article; None when one has no words.

    One word-index lookup for the whole query, so the index intersects the clauses: per clause, a
    common word's id set (tens of thousands of ids at 100,000 articles) tripled the time of a
    search for three words with a few hundred hits.
    """
    if vendor == "postgresql":
        build, joiner, sql = pg_word_tsquery, " & ", "SELECT baoku_word_ids(%s::tsquery)"
    else:
        build, joiner = fts_word_query, " AND "
        sql = f"SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH %s"
    parts = [build(clause, "any") for clause in clauses]
    if not parts or None in parts:
        return None
    return Q(pk__in=RawSQL(sql, [joiner.join(f"({part})" for part in parts)]))


def with_head_score(queryset: QuerySet, query: ParsedQuery, sort: str = "relevance") -> QuerySet:
    """Annotate head_score; a constant when sorting by date, so no headline check is spent."""
    vendor = connections[queryset.db].vendor
    score = head_score(query, vendor) if sort == "relevance" else Value(0, output_field=IntegerField())
    return queryset.annotate(head_score=score)


def ranked(queryset: QuerySet, query: ParsedQuery, sort: str = "relevance") -> QuerySet:
    """Matching articles in result order: headline-group matches, then newest first; or by date."""
    ordering = ORDERINGS.get(sort, ORDERINGS["relevance"])
    matching = filter_matching(queryset, query)
    if sort == "relevance":
        matching = matching.annotate(head_score=head_score(query, connections[queryset.db].vendor))
    return matching.order_by(*ordering)
