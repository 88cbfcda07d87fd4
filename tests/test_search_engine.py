"""Search misses nothing: on a corpus of real and golden pages, results equal a plain substring scan."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from django.db import connection

from archive.models import Article, Byline, Issue, Publication, SearchEntry, Status
from archive.search.documents import printed_body, printed_head
from archive.search.engine import filter_matching, ranked
from archive.search.index import rebuild, reindex_articles
from archive.search.query import parse_query
from archive.text.folding import fold
from editorial.importing import import_issue
from editorial.textio import decode_page_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ISSUE = ROOT / "samples" / "moumou" / "2026-04-27"
GOLDEN = ROOT / "tests" / "golden"


def publish(issue_ids) -> None:
    """Publish issues as readers see it: visibility lives on the issue (the workflow has its own tests)."""
    Issue.objects.filter(pk__in=list(issue_ids)).update(status=Status.PUBLISHED)


def page_files(paths):
    return [
        (int(p.stem) if p.stem.isdigit() else 1, decode_page_bytes(p.read_bytes(), p.name)) for p in paths
    ]


@pytest.fixture
def corpus():
    """The sample issue and every golden input as a one-page issue, published; one more issue unpublished."""
    pub = Publication.objects.create(name="某某报", slug="moumou")
    import_issue(pub, dt.date(2026, 4, 27), page_files(sorted(SAMPLE_ISSUE.glob("*.txt"))))
    day = dt.date(2025, 1, 1)
    for n, case in enumerate(sorted(GOLDEN.iterdir())):
        import_issue(pub, day + dt.timedelta(days=n), page_files([case / "input.txt"]))
    publish(Issue.objects.values_list("pk", flat=True))
    hidden = import_issue(pub, dt.date(2027, 1, 1), page_files([SAMPLE_ISSUE / "01.txt"]))
    assert hidden is not None
    return pub


def document(article: Article) -> list[str]:
    """What a reader expects to be searched, as printed: headline group, body, credited names."""
    names = [b.contributor.name for b in article.bylines.all()]
    if article.agency:
        names.append(article.agency.name)
    head = printed_head(article.section, article.kicker, article.headline, article.subtitle)
    return [head, printed_body(article.body), *names]


def scan(published: list[Article], term: str) -> set[int]:
    """The plain substring scan the engine must equal."""
    return {a.pk for a in published if any(term in part for part in document(a))}


def engine_ids(text: str) -> set[int]:
    return set(filter_matching(Article.objects.published(), parse_query(text)).values_list("pk", flat=True))


def cjk_substrings(published: list[Article], count: int, seed: int = 9) -> list[str]:
    """Random substrings of 1-4 CJK characters, across jieba's word boundaries as they fall."""
    rng = random.Random(seed)
    texts = [part for a in published for part in document(a)[:2] if part]
    found: list[str] = []
    while len(found) < count:
        text = rng.choice(texts)
        length = rng.choice((1, 2, 2, 2, 3, 3, 4))
        start = rng.randrange(max(1, len(text) - length))
        sub = text[start : start + length]
        if len(sub) == length and all("\u4e00" <= ch <= "\u9fff" for ch in sub) and sub not in found:
            found.append(sub)
    return found


def published_articles():
    return list(Article.objects.published().select_related("agency").prefetch_related("bylines__contributor"))


def test_single_terms_equal_a_substring_scan(corpus):
    published = published_articles()
    assert len(published) > 50
    queries = [*cjk_substrings(published, 150), "服务", "单瑞", "政协", "李莹", "园区", "新就业群体", "环卫"]
    missed = {q: (scan(published, q), engine_ids(q)) for q in queries}
    wrong = {q: (len(a), len(b)) for q, (a, b) in missed.items() if a != b}
    assert wrong == {}
    assert sum(bool(a) for a, _ in missed.values()) >= 150  # the checks above really compare hits


def test_and_or_and_exclusion_equal_set_logic_over_the_scan(corpus):
    published = published_articles()
    words = [w for w in cjk_substrings(published, 70, seed=5) if w != "或"][:60]
    for a, b in zip(words[::2], words[1::2], strict=False):
        sa, sb = scan(published, a), scan(published, b)
        assert engine_ids(f"{a} {b}") == sa & sb
        assert engine_ids(f"{a} 或 {b}") == sa | sb
        assert engine_ids(f"{a} OR {b}") == sa | sb
        assert engine_ids(f"{a} -{b}") == sa - sb


def test_served_inside_service_industry_and_a_spaced_byline_name(corpus):
    hits = list(ranked(Article.objects.published(), parse_query("服务")))
    assert any("服务业" in a.headline for a in hits)
    reporter = list(ranked(Article.objects.published(), parse_query("单瑞")))
    assert {a.headline for a in reporter} == {"致敬环卫劳动者 保障权益送温暖"}  # sample and golden copy
    assert all(a.bylines.filter(contributor__name="单瑞").exists() for a in reporter)


def test_a_word_split_by_a_column_break_is_found_after_the_repair(corpus):
    """The golden case prints 设 | 施 in two columns; the import joins them, and 设施 is found there."""
    repaired = [
        a for a in published_articles() if any(r.get("after", "").startswith("施") for r in a.repairs)
    ]
    assert repaired
    assert {a.pk for a in repaired} <= engine_ids("设施")
    assert {a.pk for a in repaired} <= engine_ids("配套设施")


def test_unpublished_issues_are_never_found(corpus):
    hidden = Issue.objects.get(date=dt.date(2027, 1, 1))
    ids = engine_ids("服务")
    assert ids and not Article.objects.filter(pk__in=ids, issue=hidden).exists()
    assert Article.objects.filter(issue=hidden).exists()


def test_phrases_and_width_folding():
    pub = Publication.objects.create(name="某某报", slug="moumou")
    issue = Issue.objects.create(publication=pub, date=dt.date(2026, 1, 1))
    page = issue.pages.create(number=1)
    article = Article.objects.create(
        issue=issue,
        page=page,
        order=1,
        headline="ＧＤＰ增长５．２％",
        body=[{"kind": "paragraph", "text": "改革、开放是“第一动力”。"}],
    )
    publish([issue.pk])
    assert engine_ids("gdp") == {article.pk}
    assert engine_ids("5.2") == {article.pk}
    assert engine_ids('"改革 开放"') == {article.pk}
    assert engine_ids("“改革，开放”") == {article.pk}
    assert engine_ids('"开放 改革"') == set()
    assert fold("ＧＤＰ　增长") == "gdp 增长"


def test_headline_matches_rank_above_body_matches_then_recency():
    pub = Publication.objects.create(name="某某报", slug="moumou")
    rows = []
    for n, (day, headline, text) in enumerate(
        [(1, "园区建设", "无关"), (3, "无关", "园区"), (2, "新园区", "无关"), (4, "另一篇", "工业园区")]
    ):
        issue = Issue.objects.create(publication=pub, date=dt.date(2026, 1, day))
        page = issue.pages.create(number=1)
        rows.append(
            Article.objects.create(
                issue=issue,
                page=page,
                order=1,
                headline=headline,
                body=[{"kind": "paragraph", "text": text}],
            ).headline
        )
        assert n == len(rows) - 1
    publish(Issue.objects.values_list("pk", flat=True))
    relevance = [a.headline for a in ranked(Article.objects.published(), parse_query("园区"))]
    assert relevance == ["新园区", "园区建设", "另一篇", "无关"]
    by_date = [a.headline for a in ranked(Article.objects.published(), parse_query("园区"), "date")]
    assert by_date == ["另一篇", "无关", "新园区", "园区建设"]


def test_saves_and_deletes_keep_the_index_current(corpus):
    article = Article.objects.published().get(
        headline="致敬环卫劳动者 保障权益送温暖", issue__date=dt.date(2026, 4, 27)
    )
    assert article.pk not in engine_ids("蓝天保卫战")
    article.body = [*article.body, {"kind": "paragraph", "text": "打赢蓝天保卫战。"}]
    article._change_reason = "更正"
    article.save()
    assert article.pk in engine_ids("蓝天保卫战")
    article.body = article.body[:-1]
    article.save()
    assert article.pk not in engine_ids("蓝天保卫战")
    before, pk = engine_ids("环卫"), article.pk
    assert pk in before
    article.delete()
    assert engine_ids("环卫") == before - {pk}
    assert not SearchEntry.objects.filter(article_id=pk).exists()


def test_bulk_writes_are_indexed_by_reindex_articles(corpus):
    """A bulk writer's one call: update rows without signals, then reindex them in the same transaction."""
    ids = list(Article.objects.published().filter(body__isnull=False).values_list("pk", flat=True)[:5])
    Article.objects.filter(pk__in=ids).update(headline="批量写入的新标题甲乙")
    assert engine_ids("新标题甲乙") == set()
    assert reindex_articles(ids) == len(ids)
    assert engine_ids("新标题甲乙") == set(ids)


def test_rebuild_gives_the_same_answers(corpus):
    queries = ["服务", "政协", "单瑞", "的", "自治区政协主席"]
    before = {q: engine_ids(q) for q in queries}
    assert rebuild() == Article.objects.count()
    assert {q: engine_ids(q) for q in queries} == before
    assert SearchEntry.objects.count() == Article.objects.count()


def test_the_gram_index_is_what_answers(corpus):
    """The equality above is not a table scan in disguise: the index has the grams of the text."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM archive_searchentry "
                "WHERE baoku_search_grams(head || ' ' || body) @@ '服务'::tsquery"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM archive_search_grams WHERE archive_search_grams MATCH '\"服务\"'"
            )
        indexed = cursor.fetchone()[0]
    assert (
        indexed
        == SearchEntry.objects.filter(body__contains="服务").count()
        + SearchEntry.objects.filter(head__contains="服务").exclude(body__contains="服务").count()
    )
    assert indexed > 0


def test_bylines_added_after_the_article_are_found_without_a_reindex(corpus):
    article = Article.objects.published().get(
        headline="致敬环卫劳动者 保障权益送温暖", issue__date=dt.date(2026, 4, 27)
    )
    from archive.models import Contributor

    person = Contributor.objects.create(name="欧阳晓")
    Byline.objects.create(article=article, contributor=person, role="通讯员", order=9)
    assert engine_ids("欧阳晓") == {article.pk}


def test_saves_of_fields_search_does_not_read_leave_the_index_alone():
    pub = Publication.objects.create(name="某某报", slug="moumou")
    issue = Issue.objects.create(publication=pub, date=dt.date(2026, 1, 1))
    page = issue.pages.create(number=1)
    article = Article.objects.create(issue=issue, page=page, order=1, headline="旧标题", body=[])
    publish([issue.pk])
    Article.objects.filter(pk=article.pk).update(body=[{"kind": "paragraph", "text": "新正文"}])
    article.save(update_fields=["order"])
    assert engine_ids("新正文") == set()
    article.save(update_fields=["headline"])
    assert engine_ids("新正文") == {article.pk}
