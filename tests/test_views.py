"""The public archive: published data renders in a fixed number of queries, and nothing unpublished leaks."""

import datetime as dt

import pytest
from django.urls import reverse

from archive.models import Article, Byline, ContinuationLink, Contributor, Issue, Page, Status
from tests.public_archive import body, join

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("home", 2),
        ("publication", 3),
        ("issue", 8),
        ("page1", 7),
        ("page2", 7),
        ("first", 8),
        ("second", 8),
        ("dispatch", 8),
        ("reporter", 3),
        ("xinhua", 3),
    ],
)
def test_public_pages_render_in_fixed_queries(client, archive, django_assert_num_queries, name, queries):
    urls = {
        "home": reverse("archive:home"),
        "publication": archive["pub"].get_absolute_url(),
        "issue": archive["issue"].get_absolute_url(),
        "page1": archive["p1"].get_absolute_url(),
        "page2": archive["p2"].get_absolute_url(),
        "first": archive["first"].get_absolute_url(),
        "second": archive["second"].get_absolute_url(),
        "dispatch": archive["dispatch"].get_absolute_url(),
        "reporter": archive["reporter"].get_absolute_url(),
        "xinhua": archive["xinhua"].get_absolute_url(),
    }
    with django_assert_num_queries(queries):
        response = client.get(urls[name])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-CN"' in html
    for hidden in ("审核中稿件", "未发布期次稿件", "某某晚报"):
        assert hidden not in html


def test_urls_match_model_urls(archive):
    assert archive["issue"].get_absolute_url() == "/moumou/2026-04-27/"
    assert archive["p2"].get_absolute_url() == "/moumou/2026-04-27/02/"


def test_query_counts_do_not_grow_with_articles(client, archive, django_assert_num_queries):
    issue, p1 = archive["issue"], archive["p1"]
    for number in range(3, 9):  # more pages, each with a story, and more issues and years of the paper
        page = Page.objects.create(issue=issue, number=number, name=f"第{number}版")
        Article.objects.create(
            issue=issue,
            page=page,
            order=1,
            headline=f"版{number}头条",
            body=body("正文。"),
        )
        Issue.objects.create(
            publication=archive["pub"], date=dt.date(2020 + number, 1, 1), status=Status.PUBLISHED
        )
    for order in range(2, 8):
        article = Article.objects.create(
            issue=issue,
            page=p1,
            order=order,
            headline=f"简讯{order}",
            body=body("正文。"),
        )
        Byline.objects.create(article=article, contributor=archive["reporter"], role="通讯员")
        join(article, archive["dispatch"], back_order=order)
    for url, queries in (
        (p1.get_absolute_url(), 7),
        (issue.get_absolute_url(), 8),
        (archive["first"].get_absolute_url(), 8),
        (archive["reporter"].get_absolute_url(), 3),
        (archive["pub"].get_absolute_url(), 3),
        ("/", 2),
    ):
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_home_lists_published_issues(client, archive):
    html = client.get(reverse("archive:home")).content.decode()
    assert archive["issue"].get_absolute_url() in html
    assert archive["draft_issue"].get_absolute_url() not in html


def test_issue_lists_pages_and_headlines_in_print_order(client, archive):
    html = client.get(archive["issue"].get_absolute_url()).content.decode()
    assert 'aria-label="版面导航"' in html
    assert html.index('id="toc-01"') < html.index("致敬环卫劳动者") < html.index('id="toc-02"')
    assert html.index('id="toc-02"') < html.index("新华社电讯")
    assert "委员履职" in html
    assert "（下转02版）" in html and "（上接01版）" in html


def test_page_shows_credits_bylines_bodies_and_linked_markers(client, archive):
    html = client.get(archive["p1"].get_absolute_url()).content.decode()
    assert "责任编辑：王五" in html
    assert "要闻" in html
    assert archive["reporter"].get_absolute_url() in html
    assert "第一部分正文。" in html  # first lines only; the whole text is on the article page
    assert "第一部分续。" not in html
    second = archive["second"]
    assert f'href="{archive["p2"].get_absolute_url()}#article-{second.pk}">(下转02版)</a>' in html

    html = client.get(archive["p2"].get_absolute_url()).content.decode()
    assert f'href="{archive["p1"].get_absolute_url()}#article-{archive["first"].pk}">(上接01版)</a>' in html
    assert "新华社" in html and "北京4月26日电" in html


def test_continued_piece_shows_both_parts_from_either_end(client, archive):
    p1_url, p2_url = archive["p1"].get_absolute_url(), archive["p2"].get_absolute_url()
    for key in ("first", "second"):
        html = client.get(archive[key].get_absolute_url()).content.decode()
        assert html.count("第一部分正文。") == 1
        assert html.count("第二部分正文。") == 1
        assert html.index("第一部分正文。") < html.index("第二部分正文。")
        assert "（下转02版）" in html and "（上接01版）" in html
        assert p1_url in html and p2_url in html
        assert "——记某某环卫所" in html
        assert "单瑞. 致敬环卫劳动者 记某某环卫所[N]. 某某报, 2026-04-27(01,02)." in html


def test_rejecting_the_link_separates_both_sides_for_readers(client, archive):
    ContinuationLink.objects.get().reject(None)
    for key, shown, hidden in (
        ("first", "第一部分正文。", "第二部分正文。"),
        ("second", "第二部分正文。", "第一部分正文。"),
    ):
        html = client.get(archive[key].get_absolute_url()).content.decode()
        assert shown in html and hidden not in html
    html = client.get(archive["p1"].get_absolute_url()).content.decode()
    assert "(下转02版)" in html and f"#article-{archive['second'].pk}" not in html


def test_continuation_is_cycle_safe(client, archive, django_assert_num_queries):
    join(archive["second"], archive["first"], order=2, back_order=2)
    for key in ("first", "second"):
        with django_assert_num_queries(8):
            html = client.get(archive[key].get_absolute_url()).content.decode()
        assert html.count("第一部分正文。") == 1
        assert html.count("第二部分正文。") == 1


def test_unsure_or_unpublished_links_are_not_followed(client, archive):
    dispatch, in_review = archive["dispatch"], archive["in_review"]
    join(dispatch, in_review, ContinuationLink.Status.CONFIRMED)
    join(dispatch, archive["first"], ContinuationLink.Status.PROPOSED, order=2, back_order=2)
    html = client.get(dispatch.get_absolute_url()).content.decode()
    assert "审核中正文" not in html and "第一部分正文" not in html
    html = client.get(archive["p2"].get_absolute_url()).content.decode()
    assert "(下转01版)" in html and in_review.get_absolute_url() not in html  # printed, not linked
    assert f"#article-{in_review.pk}" not in html


def test_page_label_is_canonicalised(client, archive):
    response = client.get("/moumou/2026-04-27/1/")
    assert response.status_code == 301
    assert response["Location"] == archive["p1"].get_absolute_url()


@pytest.mark.parametrize(
    "url",
    [
        "/moumou/2026-04-28/",  # unpublished issue
        "/moumou/2026-04-28/01/",  # page of an unpublished issue
        "/wanbao/",  # publication with nothing published
        "/wanbao/2026-04-27/",
        "/nosuch/",
        "/moumou/2026-04-26/",
        "/moumou/2026-04-29/",  # withdrawn
        "/moumou/2026-04-29/01/",
        "/moumou/2026-13-01/",
        "/moumou/2026-4-27/",
        "/moumou/20260427/",
        "/moumou/yesterday/",
        "/moumou/2026-04-27/03/",
        "/moumou/2026-04-27/00/",
        "/moumou/2026-04-27/front/",
        "/moumou/2026-04-27/A1/",
    ],
)
def test_missing_or_unpublished_is_404(client, archive, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("key", ["in_review", "draft_article"])
def test_unpublished_articles_are_404(client, archive, key):
    assert client.get(archive[key].get_absolute_url()).status_code == 404


def test_contributor_with_only_unpublished_articles_is_404(client, archive):
    assert client.get(archive["hidden_person"].get_absolute_url()).status_code == 404
    lonely = Contributor.objects.create(name="无稿者")
    assert client.get(lonely.get_absolute_url()).status_code == 404


def test_contributor_lists_only_published_articles(client, archive):
    Byline.objects.create(article=archive["in_review"], contributor=archive["reporter"], role="通讯员")
    html = client.get(archive["reporter"].get_absolute_url()).content.decode()
    assert "致敬环卫劳动者" in html
    assert "审核中稿件" not in html
    html = client.get(archive["xinhua"].get_absolute_url()).content.decode()
    assert "新华社电讯" in html
