"""The word index ranks: whole words in the headline group first, kept current, the same on both databases."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from archive.models import Article, Issue, Publication, SearchEntry
from archive.search.engine import (
    IN_HEAD,
    WORD_ANYWHERE,
    WORD_IN_HEAD,
    filter_matching,
    ranked,
    with_head_score,
    word_condition,
)
from archive.search.index import rebuild, reindex_articles
from archive.search.query import parse_query
from archive.search.words import segment, split_search_cut, term_words, word_document
from archive.vocabulary import load_archive_words
from tests.test_search_engine import corpus, publish  # noqa: F401 (corpus is a fixture)

pytestmark = pytest.mark.django_db


# Segmentation: precise words and the words inside them


def test_search_cut_is_split_into_precise_words_and_the_words_inside_them():
    words = segment("中华人民共和国成立")
    assert words.precise == ("中华人民共和国", "成立")
    assert words.inside == (("中华", "华人", "人民", "共和", "共和国"), ())
    assert segment("服务 服务业").precise == ("服务", "服务业")  # the first 服务 is a word of its own
    assert segment("服务 服务业").inside == ((), ("服务",))
    assert segment("哈哈哈哈").precise == ("哈哈哈哈",)


def test_an_output_that_does_not_tile_the_text_falls_back_to_the_precise_cut():
    words = split_search_cut("服务业发展", ["发展", "服务业", "服务"])  # not search mode's order
    assert words.precise == ("服务业", "发展")
    assert [w for sub in words.inside for w in sub] == ["服务"]  # kept as a word, without a position


def test_the_stored_forms_carry_weights_and_positions():
    doc = word_document("服务业", "发展 服务业")
    assert doc.tsvector == "'服务业':1A,4B '服务':1C,4D '发展':3B"
    assert doc.fts == ("服务业", "发展 服务业", "服务", "服务")


# Kept current with the articles


def word_ids(term: str, where: str = "any") -> set[int]:
    condition = word_condition(connection.vendor, [term], where)
    return set(Article.objects.filter(condition).values_list("pk", flat=True))


def words_rows(pk: int) -> int:
    """Rows the word index holds for an article: the tsvector (PostgreSQL) or the FTS5 row (SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM archive_searchentry WHERE article_id = %s AND words IS NOT NULL", [pk]
            )
        else:
            cursor.execute("SELECT count(*) FROM archive_search_words WHERE rowid = %s", [pk])
        return cursor.fetchone()[0]


def test_imports_edits_and_deletes_keep_the_word_index_current(corpus):  # noqa: F811
    article = Article.objects.get(headline="致敬环卫劳动者 保障权益送温暖", issue__date=dt.date(2026, 4, 27))
    assert article.pk in word_ids("环卫", "head") and article.pk in word_ids("环卫劳动者", "head")
    assert words_rows(article.pk) == 1
    assert article.pk not in word_ids("蓝天保卫战")
    article.body = [*article.body, {"kind": "paragraph", "text": "打赢蓝天保卫战。"}]
    article._change_reason = "更正"
    article.save()
    assert article.pk in word_ids("蓝天") and article.pk not in word_ids("蓝天", "head")
    assert article.pk in word_ids("蓝天保卫战")
    article.body = article.body[:-1]
    article.save()
    assert article.pk not in word_ids("蓝天")
    assert words_rows(article.pk) == 1
    pk = article.pk
    article.delete()
    assert pk not in word_ids("环卫") and words_rows(pk) == 0


def test_bulk_writes_and_rebuild_write_the_words(corpus):  # noqa: F811
    ids = list(Article.objects.values_list("pk", flat=True)[:4])
    Article.objects.filter(pk__in=ids).update(headline="乡村振兴")
    assert not word_ids("乡村振兴", "head") & set(ids)
    reindex_articles(ids)
    assert set(ids) <= word_ids("乡村振兴", "head")
    before = word_ids("环卫"), word_ids("环卫", "head"), word_ids("环卫劳动者")
    assert rebuild(workers=1) == Article.objects.count()
    assert (word_ids("环卫"), word_ids("环卫", "head"), word_ids("环卫劳动者")) == before
    assert all(words_rows(pk) == 1 for pk in Article.objects.values_list("pk", flat=True))


def test_the_migration_gives_entries_already_there_their_words(corpus):  # noqa: F811
    """0026 fills the word index for an archive indexed before it existed, as a rebuild would."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    migration = importlib.import_module("archive.migrations.0026_search_words")
    before = word_ids("环卫"), word_ids("环卫", "head"), word_ids("环卫劳动者")
    with connection.cursor() as cursor:  # as the archive stood before 0026: entries without words
        if connection.vendor == "postgresql":
            cursor.execute("UPDATE archive_searchentry SET words = NULL")
        else:
            cursor.execute("DELETE FROM archive_search_words")
    assert not word_ids("环卫")
    migration.create_words(apps, SimpleNamespace(connection=connection))
    assert (word_ids("环卫"), word_ids("环卫", "head"), word_ids("环卫劳动者")) == before
    assert before[0] and all(words_rows(pk) == 1 for pk in Article.objects.values_list("pk", flat=True))


# Ranking


def make_article(pub, day: int, headline: str, text: str) -> Article:
    issue = Issue.objects.create(publication=pub, date=dt.date(2026, 1, day))
    page = issue.pages.create(number=1)
    return Article.objects.create(
        issue=issue, page=page, order=1, headline=headline, body=[{"kind": "paragraph", "text": text}]
    )


def test_whole_words_in_the_headline_group_rank_first_then_substrings_then_body_words():
    pub = Publication.objects.create(name="某某报", slug="moumou")
    rows = [
        (1, "园区建设", "无关"),  # a word of the headline group
        (2, "新园区", "无关"),  # the same, newer
        (5, "公园区域", "无关"),  # inside other words of the headline group
        (3, "无关", "工业园区发展"),  # a word inside a word of the body (search mode)
        (9, "无关", "公园区域"),  # inside other words of the body only
    ]
    made = {make_article(pub, *row).headline + row[2]: row for row in rows}
    assert len(made) == 5
    publish(Issue.objects.values_list("pk", flat=True))
    order = [(a.headline, a.plain_text) for a in ranked(Article.objects.published(), parse_query("园区"))]
    assert order == [
        ("新园区", "无关"),
        ("园区建设", "无关"),
        ("公园区域", "无关"),
        ("无关", "工业园区发展"),
        ("无关", "公园区域"),
    ]
    scores = dict(
        with_head_score(Article.objects.published(), parse_query("园区")).values_list(
            "headline", "head_score"
        )
    )
    assert scores["园区建设"] == IN_HEAD + WORD_IN_HEAD + WORD_ANYWHERE
    assert scores["公园区域"] == IN_HEAD


def test_a_term_of_several_words_ranks_as_a_word_only_as_the_same_words_in_a_row():
    pub = Publication.objects.create(name="某某报", slug="moumou")
    article = make_article(pub, 1, "保障劳动者权益", "无关")
    publish([article.issue_id])
    assert term_words("劳动者权益") == ["劳动者", "权益"]
    assert len(term_words("动者权益")) >= 2 and term_words("动者权益")[0] != "劳动者"

    def score(text):
        return with_head_score(Article.objects.published(), parse_query(text)).get().head_score

    assert score("劳动者权益") == IN_HEAD + WORD_IN_HEAD + WORD_ANYWHERE
    assert score("动者权益") == IN_HEAD  # found, but across the words as the text is cut


# The same ranking on both databases: both equal one reference computed here from the segmentation


def is_word(words, term: str) -> bool:
    wanted = term_words(term)
    if len(wanted) == 1:
        return wanted[0] in words.precise or any(wanted[0] in sub for sub in words.inside)
    n = len(wanted)
    return n > 1 and any(list(words.precise[i : i + n]) == wanted for i in range(len(words.precise) - n + 1))


def reference_scores(query) -> dict[int, int]:
    scores = {}
    matching = set(filter_matching(Article.objects.published(), query).values_list("pk", flat=True))
    for entry in SearchEntry.objects.filter(article_id__in=matching):
        head, body = segment(entry.head), segment(entry.body)
        score = 0
        for clause in query.clauses:
            in_head = any(t in entry.head for t in clause)
            score += IN_HEAD * in_head + WORD_IN_HEAD * (in_head and any(is_word(head, t) for t in clause))
        every = all(any(is_word(head, t) or is_word(body, t) for t in clause) for clause in query.clauses)
        scores[entry.article_id] = score + WORD_ANYWHERE * every
    return scores


def query_set(seed: int = 3) -> list[str]:
    """Words, phrases of two or three words, substrings across words, two clauses and OR, from the corpus."""
    rng = random.Random(seed)
    entries = list(SearchEntry.objects.order_by("pk"))
    queries = ["园区", "服务", "政协", "环卫劳动者", "单瑞", "自治区政协主席", "新就业群体"]
    while len(queries) < 60:
        entry = rng.choice(entries)
        text = rng.choice([entry.head, entry.body]) or entry.body
        precise = segment(text).precise
        if len(precise) < 4:
            continue
        i = rng.randrange(len(precise) - 3)
        kind = len(queries) % 4
        if kind == 0:
            queries.append("".join(precise[i : i + rng.choice((2, 3))]))
        elif kind == 1:
            joined = "".join(precise[i : i + 3])
            start = rng.randrange(len(joined) - 2)
            queries.append(joined[start : start + 3])
        elif kind == 2:
            queries.append(f"{precise[i]} {precise[i + 2]}")
        else:
            queries.append(f"{precise[i]} 或 {precise[i + 3]}")
    return queries


def test_ranking_equals_the_reference_on_this_database(corpus):  # noqa: F811
    load_archive_words()
    seen_scores: set[int] = set()
    for text in query_set():
        query = parse_query(text)
        expected = reference_scores(query)
        got = dict(
            with_head_score(filter_matching(Article.objects.published(), query), query).values_list(
                "pk", "head_score"
            )
        )
        assert got == expected, text
        seen_scores |= set(got.values())
        ranked_ids = list(ranked(Article.objects.published(), query).values_list("pk", "head_score"))
        assert [s for _, s in ranked_ids] == sorted((s for _, s in ranked_ids), reverse=True)
    # every tier occurs: headline word, headline substring, body word, substring only
    assert {s // WORD_ANYWHERE % WORD_IN_HEAD for s in seen_scores} >= {0, 1}
    assert {s // WORD_IN_HEAD % (IN_HEAD // WORD_IN_HEAD) for s in seen_scores} >= {0, 1}
    assert any(s >= IN_HEAD + WORD_IN_HEAD for s in seen_scores) and 0 in seen_scores
    assert any(IN_HEAD <= s < IN_HEAD + WORD_IN_HEAD for s in seen_scores)
