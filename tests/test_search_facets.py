"""Facet counts are exact, and the gram index asked for all clauses at once answers as a substring scan."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.http import QueryDict

from archive.models import Article, Byline, Contributor, Issue, Publication, Status, Tag
from archive.parsing.pagelabel import PageLabel
from archive.search.engine import filter_matching
from archive.search.facets import article_tag_model
from archive.search.query import parse_query
from archive.search.service import run_search
from tests.test_search_engine import corpus, engine_ids, published_articles, scan  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread():
    """Articles over two papers, two years and three page labels; one reporter credited in two roles."""
    papers = [
        Publication.objects.create(name="某某报", slug="moumou"),
        Publication.objects.create(name="某某晚报", slug="wanbao"),
    ]
    reporter = Contributor.objects.create(name="王小明")
    other = Contributor.objects.create(name="李大华")
    tag = Tag.objects.create(name="园区", kind=Tag.Kind.SUBJECT)
    n = 0
    for paper in papers:
        for day in (dt.date(2024, 12, 31), dt.date(2025, 1, 2)):
            issue = Issue.objects.create(publication=paper, date=day, status=Status.PUBLISHED)
            for prefix, number in (("", 1), ("", 2), ("A", 3)):
                page = issue.pages.create(prefix=prefix, number=number)
                for order in (1, 2):
                    n += 1
                    text = "工业园区建设" if n % 3 else "无关的消息"
                    article = Article.objects.create(
                        issue=issue,
                        page=page,
                        order=order,
                        headline=f"第{n}篇",
                        body=[{"kind": "paragraph", "text": text}],
                    )
                    Byline.objects.create(article=article, contributor=reporter, role="记者")
                    if n % 2:
                        Byline.objects.create(article=article, contributor=reporter, role="摄影")
                        Byline.objects.create(article=article, contributor=other, role="通讯员")
                    if n % 4 == 0:
                        article_tag_model().objects.create(article=article, tag=tag)
    hidden = Issue.objects.create(publication=papers[0], date=dt.date(2025, 2, 1))
    Article.objects.create(
        issue=hidden,
        page=hidden.pages.create(number=1),
        order=1,
        headline="未发布",
        body=[{"kind": "paragraph", "text": "工业园区"}],
    )
    return papers


def expected_facets(ids) -> dict:
    articles = Article.objects.filter(pk__in=ids).select_related("issue__publication", "page")
    papers = Counter(a.issue.publication.slug for a in articles)
    years = Counter(a.issue.date.year for a in articles)
    pages = Counter(PageLabel(a.page.prefix, a.page.number) for a in articles)
    people = Counter(
        name
        for a in articles
        for name in {b.contributor.name for b in a.bylines.select_related("contributor")}
    )
    tags = Counter(
        t.tag.slug for t in article_tag_model().objects.filter(article__in=ids).select_related("tag")
    )
    return {
        "publication": dict(papers),
        "year": dict(years),
        "page": {str(p): n for p, n in pages.items()},
        "contributor": dict(people),
        "tag": dict(tags),
    }


@pytest.mark.parametrize(
    "params",
    [
        {"q": "园区"},
        {"q": "工业 建设"},
        {"q": "园区", "page": "A3"},
        {"q": "园区", "year": "2025"},
        {"q": "王小明"},
    ],
)
def test_every_facet_count_is_the_count_over_the_matching_articles(spread, params):
    outcome = run_search(QueryDict("", mutable=True) | params)
    ids = set(filter_matching(outcome.filterset.qs, parse_query(params["q"])).values_list("pk", flat=True))
    assert outcome.count == len(ids) > 0
    got = {
        name: {
            (f["label"] if name == "contributor" else f["value"]): f["count"] for f in outcome.facets[name]
        }
        for name in ("publication", "year", "page", "contributor", "tag")
    }
    assert got == expected_facets(ids)
    people = [(-f["count"], f["label"]) for f in outcome.facets["contributor"]]
    assert people == sorted(people) and len(people) == 2  # most credited first, then by name
    assert [f["value"] for f in outcome.facets["year"]] == sorted(got["year"], reverse=True)
    assert sum(got["publication"].values()) == sum(got["year"].values()) == outcome.count


def test_clauses_asked_together_equal_the_scan_with_names_ors_and_exclusions(corpus):  # noqa: F811
    published = published_articles()
    queries = {
        "单瑞 环卫": scan(published, "单瑞") & scan(published, "环卫"),
        "政协 或 单瑞 服务": (scan(published, "政协") | scan(published, "单瑞")) & scan(published, "服务"),
        "自治区政协 或 园 服务业": (scan(published, "自治区政协") | scan(published, "园"))
        & scan(published, "服务业"),
        "服务 -单瑞": scan(published, "服务") - scan(published, "单瑞"),
        "新就业群体 服务": scan(published, "新就业群体") & scan(published, "服务"),
    }
    for text, expected in queries.items():
        assert engine_ids(text) == expected, text
    assert any(queries.values())
