"""The search page, the API and the admin search: results, filters with facet counts, messages, no leaks."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Issue, Publication, SearchEntry, Status
from archive.search.admin import SearchEngineAdminMixin
from archive.search.facets import article_tag_model
from archive.search.highlight import highlight, snippet
from archive.search.query import QueryError, parse_query
from editorial.admin.articles import ArticleAdmin
from editorial.importing import import_issue
from editorial.textio import decode_page_bytes
from tests.test_search_engine import publish as publish_issues

pytestmark = pytest.mark.django_db

SAMPLE_ISSUE = Path(__file__).resolve().parent.parent / "samples" / "moumou" / "2026-04-27"
HIDDEN_TEXT = "只在未发布期次里的独有句子"


def import_sample(pub, date, publish=True):
    files = [
        (int(p.stem), decode_page_bytes(p.read_bytes(), p.name)) for p in sorted(SAMPLE_ISSUE.glob("*.txt"))
    ]
    import_issue(pub, date, files)
    issue = Issue.objects.get(publication=pub, date=date)
    if publish:
        publish_issues([issue.pk])
    return issue


@pytest.fixture
def demo(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    pub = Publication.objects.create(name="某某报", slug="moumou")
    import_sample(pub, dt.date(2026, 4, 27))
    hidden = import_sample(pub, dt.date(2026, 4, 28), publish=False)
    article = hidden.articles.first()
    article.body = [*article.body, {"kind": "paragraph", "text": HIDDEN_TEXT}]
    article.save()
    return pub


def test_served_finds_the_service_industry_with_marks_on_the_printed_text(client, demo):
    page = client.get("/search/", {"q": "服务"}).content.decode()
    assert "<mark>服务</mark>业" in page
    assert "找到 <strong>6</strong> 篇文章" in page


def test_the_reporters_name_finds_his_piece(client, demo):
    data = client.get("/api/v1/search/", {"q": "单瑞"}).json()
    assert data["count"] == 1
    assert data["results"][0]["headline"] == "致敬环卫劳动者 保障权益送温暖"
    assert data["results"][0]["bylines"] == ["单瑞"]


def test_a_page_filter_narrows_to_the_count_its_facet_promised(client, demo):
    everything = client.get("/api/v1/search/", {"q": "政协"}).json()
    promised = {f["value"]: f["count"] for f in everything["facets"]["page"]}
    assert set(promised) >= {"01", "02"} and sum(promised.values()) == everything["count"]
    narrowed = client.get("/api/v1/search/", {"q": "政协", "page": "02"}).json()
    assert narrowed["count"] == promised["02"] < everything["count"]
    assert {r["page"] for r in narrowed["results"]} == {"02"}
    assert narrowed["facets"]["page"] == [{"value": "02", "label": "02版", "count": promised["02"]}]
    html = client.get("/search/", {"q": "政协", "page": "02版"}).content.decode()
    assert f"找到 <strong>{promised['02']}</strong> 篇文章" in html


def test_other_filters_and_the_api_shape(client, demo):
    data = client.get(
        "/api/v1/search/", {"q": "政协", "date_from": "2026-04-27", "date_to": "2026-04-27"}
    ).json()
    assert data["count"] > 0
    assert set(data) >= {"count", "results", "facets"}
    assert set(data["results"][0]) >= {"id", "url", "headline", "snippet", "date", "page"}
    assert set(data["facets"]) == {"publication", "year", "page", "tag", "contributor"}
    assert data["facets"]["year"] == [{"value": 2026, "label": "2026年", "count": data["count"]}]
    assert client.get("/api/v1/search/", {"q": "政协", "date_from": "2026-04-28"}).json()["count"] == 0
    assert client.get("/api/v1/search/", {"q": "政协", "publication": "other"}).json()["count"] == 0
    reporter = data["facets"]["contributor"][0]
    by_contributor = client.get("/api/v1/search/", {"q": "政协", "contributor": reporter["value"]}).json()
    assert by_contributor["count"] == reporter["count"]


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "请输入要查找的字词"),
        ("，。！？", "标点符号不参与检索"),
        ("长" * 201, "检索词太长了"),
        ("-政协", "排除"),
    ],
)
def test_bad_queries_get_a_chinese_message_never_an_error_page(client, demo, q, message):
    page = client.get("/search/", {"q": q})
    assert page.status_code == 200 and message in page.content.decode()
    api = client.get("/api/v1/search/", {"q": q})
    assert api.status_code == 400 and message in api.json()["error"]


def test_bad_filter_values_get_a_message(client, demo):
    api = client.get("/api/v1/search/", {"q": "政协", "date_from": "昨天"})
    assert api.status_code == 400 and "起始日期" in api.json()["error"]


def test_unpublished_text_never_leaks(client, demo):
    assert SearchEntry.objects.filter(body__contains=HIDDEN_TEXT).exists()  # indexed, yet never shown
    assert client.get("/api/v1/search/", {"q": HIDDEN_TEXT}).json()["count"] == 0
    assert HIDDEN_TEXT not in client.get("/search/", {"q": HIDDEN_TEXT}).content.decode().split("</form>")[1]
    ids = {r["id"] for r in client.get("/api/v1/search/", {"q": "政协"}).json()["results"]}
    assert not Article.objects.filter(pk__in=ids, issue__status=Status.IMPORTED).exists()


def test_query_count_does_not_grow_with_the_archive(client, demo):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/search/", {"q": "政协"}).status_code == 200
        return len(ctx.captured_queries)

    queries()  # the first search of a process reads the segmenter's dictionary (archive.vocabulary)
    before = queries()
    import_sample(demo, dt.date(2026, 5, 1))
    import_sample(demo, dt.date(2026, 5, 2))
    assert queries() == before


def test_pages_of_results(client, demo):
    for day in range(3, 8):
        import_sample(demo, dt.date(2026, 5, day))
    first = client.get("/api/v1/search/", {"q": "的", "sort": "date"}).json()
    assert first["num_pages"] >= 2 and len(first["results"]) == 20
    second = client.get("/api/v1/search/", {"q": "的", "sort": "date", "p": 2}).json()
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    assert first["results"][0]["date"] >= second["results"][0]["date"]


def test_parse_query_syntax():
    q = parse_query('服务业 "自治区 政协" -开放 环卫 或 书香')
    assert q.clauses == (("服务业",), ("自治区 政协",), ("环卫", "书香"))
    assert q.excluded == ("开放",)
    assert parse_query("或").clauses == (("或",),)
    with pytest.raises(QueryError):
        parse_query("   ")


def test_highlight_and_snippet_mark_the_printed_characters():
    assert highlight("改革、开放", ["改革 开放"]) == "<mark>改革、开放</mark>"
    assert highlight("ＧＤＰ增长", ["gdp"]) == "<mark>ＧＤＰ</mark>增长"
    assert highlight("<b>政协</b>", ["政协"]) == "&lt;b&gt;<mark>政协</mark>&lt;/b&gt;"
    long_text = "甲" * 300 + "服务业" + "乙" * 300
    cut = snippet(long_text, ["服务"])
    assert cut.startswith("…") and cut.endswith("…") and "<mark>服务</mark>业" in cut and len(cut) < 160


def test_admin_changelist_search_uses_the_engine(demo):
    assert issubclass(ArticleAdmin, SearchEngineAdminMixin)  # the article changelist searches with the engine
    model_admin = ArticleAdmin(Article, admin.site)
    request = RequestFactory().get("/admin/archive/article/", {"q": "单瑞"})
    request.session, request._messages = {}, None
    request._messages = FallbackStorage(request)
    found, duplicates = model_admin.get_search_results(request, Article.objects.all(), "单瑞")
    assert not duplicates
    assert {a.headline for a in found} == {"致敬环卫劳动者 保障权益送温暖"}
    assert found.count() == 2  # the unpublished copy too: staff search everything
    nothing, _ = model_admin.get_search_results(request, Article.objects.all(), "。。")
    assert not nothing.exists()
    assert "标点符号不参与检索" in next(str(m) for m in request._messages)


def test_rebuild_search_index_command(demo):
    out = StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=StringIO())
    assert f"检索索引已重建：{Article.objects.count()} 篇文章" in out.getvalue()


@pytest.mark.skipif(
    article_tag_model() is None, reason="ArticleTag comes with the tags branch; runs once merged"
)
def test_a_tag_filter_narrows_to_its_facet_count(client, demo):
    from archive.models import Tag

    tag = Tag.objects.create(name="环卫", kind=Tag.Kind.SUBJECT)
    tagged = list(Article.objects.published().filter(headline__contains="环卫")[:1])
    assert tagged
    article_tag_model().objects.create(article=tagged[0], tag=tag)
    everything = client.get("/api/v1/search/", {"q": "政协"}).json()
    facet = {f["value"]: f["count"] for f in everything["facets"]["tag"]}
    assert facet == {tag.slug: 1}
    narrowed = client.get("/api/v1/search/", {"q": "政协", "tag": tag.slug}).json()
    assert narrowed["count"] == 1 and narrowed["results"][0]["id"] == tagged[0].pk


@pytest.mark.parametrize("sort", ["relevance", "date", "date_asc"])
def test_the_page_shown_is_the_ranked_order(client, demo, sort):
    """The one-statement page (facets path) and the ORM ranking (admin path) agree on order."""
    from archive.search.engine import ranked

    for day in range(3, 5):
        import_sample(demo, dt.date(2026, 5, day))
    expected = list(
        ranked(Article.objects.published(), parse_query("政协"), sort).values_list("pk", flat=True)
    )
    for p in (1, 2):
        data = client.get("/api/v1/search/", {"q": "政协", "sort": sort, "p": p}).json()
        assert [r["id"] for r in data["results"]] == expected[(p - 1) * 20 : p * 20]
