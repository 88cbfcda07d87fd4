"""Calendar, navigation, downloads, caching, pagination and URL rules of the public pages."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.http import http_date

from archive.models import Article, Byline, Contributor, Correction, Issue, Page, Publication, Status
from archive.models.publications import RESERVED_SLUGS
from archive.views.contributors import PER_PAGE

pytestmark = pytest.mark.django_db


def published_issue(pub, date, **kwargs):
    return Issue.objects.create(
        publication=pub, date=date, status=Status.PUBLISHED, published_at=timezone.now(), **kwargs
    )


def test_calendar_marks_issue_days_and_lists_years(client, archive):
    pub = archive["pub"]
    published_issue(pub, dt.date(2024, 2, 29))
    html = client.get(pub.get_absolute_url()).content.decode()
    assert "2026年4月" in html
    assert archive["issue"].get_absolute_url() in html
    assert "/moumou/2026-04-28/" not in html  # unpublished issue is not a calendar day
    for year in (2024, 2025, 2026):
        assert reverse("archive:publication-year", kwargs={"slug": "moumou", "year": year}) in html
    html = client.get("/moumou/2024/").content.decode()
    assert "/moumou/2024-02-29/" in html and "2024年2月" in html
    assert client.get("/moumou/2023/").status_code == 404
    assert client.get("/moumou/2027/").status_code == 404


def test_issue_links_previous_and_next_published_issue(client, archive):
    pub = archive["pub"]
    earlier = published_issue(pub, dt.date(2026, 4, 20))
    later = published_issue(pub, dt.date(2026, 5, 2))
    html = client.get(archive["issue"].get_absolute_url()).content.decode()
    assert f'rel="prev" href="{earlier.get_absolute_url()}"' in html
    assert f'rel="next" href="{later.get_absolute_url()}"' in html
    assert archive["draft_issue"].get_absolute_url() not in html


def test_page_links_previous_and_next_page(client, archive):
    html = client.get(archive["p1"].get_absolute_url()).content.decode()
    assert f'rel="next" href="{archive["p2"].get_absolute_url()}"' in html
    assert 'rel="prev"' not in html
    html = client.get(archive["p2"].get_absolute_url()).content.decode()
    assert f'rel="prev" href="{archive["p1"].get_absolute_url()}"' in html


def test_article_links_previous_and_next_story_skipping_continuations(client, archive):
    html = client.get(archive["first"].get_absolute_url()).content.decode()
    # the next story after the continued piece is the dispatch, not the piece's own second part
    assert f'rel="next" href="{archive["dispatch"].get_absolute_url()}"' in html
    assert 'rel="prev"' not in html
    html = client.get(archive["dispatch"].get_absolute_url()).content.decode()
    assert f'rel="prev" href="{archive["first"].get_absolute_url()}"' in html
    assert archive["in_review"].get_absolute_url() not in html


def test_continued_article_jump_lines_link_both_ways_within_the_page(client, archive):
    first, second = archive["first"], archive["second"]
    html = client.get(first.get_absolute_url()).content.decode()
    assert f'<a href="#part-{second.pk}">（下转02版）</a>' in html
    assert f'<a href="#part-{first.pk}">（上接01版）</a>' in html
    assert f'id="part-{first.pk}"' in html and f'id="part-{second.pk}"' in html


def test_article_downloads_as_plain_text_with_every_part_and_citation(client, archive):
    response = client.get(reverse("archive:article-text", kwargs={"pk": archive["second"].pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.index("第一部分正文。") < text.index("（下转02版）") < text.index("第二部分正文。")
    assert "引用：单瑞. 致敬环卫劳动者 记某某环卫所[N]. 某某报, 2026-04-27(01,02)." in text
    assert f"/article/{archive['first'].pk}/" in text
    for key in ("in_review", "draft_article"):
        url = reverse("archive:article-text", kwargs={"pk": archive[key].pk})
        assert client.get(url).status_code == 404


def test_public_pages_answer_conditional_get(client, archive):
    for url in (
        archive["issue"].get_absolute_url(),
        archive["p1"].get_absolute_url(),
        archive["first"].get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
        assert response["Last-Modified"] and response["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


def test_editing_an_article_changes_the_issue_validators(client, archive):
    url = archive["p2"].get_absolute_url()
    before = client.get(url)
    Article.objects.filter(pk=archive["dispatch"].pk).update(
        updated_at=timezone.now() + dt.timedelta(minutes=5)
    )
    after = client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    old = http_date((timezone.now() - dt.timedelta(days=1)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def test_contributor_page_is_paginated_newest_first_with_count(client, archive, django_assert_num_queries):
    pub, reporter = archive["pub"], archive["reporter"]
    for day in range(1, PER_PAGE + 3):
        issue = published_issue(pub, dt.date(2025, 1, 1) + dt.timedelta(days=day))
        page = Page.objects.create(issue=issue, number=1)
        article = Article.objects.create(issue=issue, page=page, order=1, headline=f"旧稿{day:03d}")
        Byline.objects.create(article=article, contributor=reporter)
    url = reporter.get_absolute_url()
    with django_assert_num_queries(3):
        html = client.get(url).content.decode()
    total = PER_PAGE + 3  # the new ones plus the two parts of the continued piece
    assert f"共{total}篇" in html
    assert html.index("致敬环卫劳动者") < html.index(f"旧稿{PER_PAGE + 2:03d}")  # newest first
    assert "旧稿001" not in html
    with django_assert_num_queries(3):
        html = client.get(url + "?page=2").content.decode()
    assert "旧稿001" in html and "第2页，共2页" in html
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=x").status_code == 404


def test_reserved_words_cannot_be_a_publication_slug():
    for word in ("search", "api", "feeds", "admin", "static", "contributor", "article", "tag", "preview"):
        publication = Publication(name=f"报{word}", slug=word)
        with pytest.raises(ValidationError) as error:
            publication.full_clean()
        assert "网站保留的路径" in str(error.value)
    Publication(name="正常报", slug="zhengchang").full_clean()


def test_every_fixed_first_path_segment_is_reserved():
    segments = set()
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", [pattern]):
            first = (
                str(pattern.pattern) + str(inner.pattern)
                if hasattr(pattern, "url_patterns")
                else str(inner.pattern)
            )
            head = first.split("/", 1)[0]
            if head and "<" not in head and not head.startswith("sitemap-"):
                segments.add(head)
    assert segments, "no fixed segments found"
    assert segments <= RESERVED_SLUGS, segments - RESERVED_SLUGS


def test_article_shows_approved_errata_of_every_part_in_page_and_download(client, archive):
    editor = User.objects.create_user("chief", password="pw")
    Correction.objects.create(
        article=archive["second"],
        note="第二部分有误，特此更正。",
        printed_text="第二部分",
        corrected_text="第2部分",
        status="approved",
        approved_by=editor,
        approved_at=timezone.now(),
    )
    Correction.objects.create(
        article=archive["first"], note="待批准的更正", printed_text="丙", corrected_text="丁"
    )
    html = client.get(archive["first"].get_absolute_url()).content.decode()
    assert (
        "第二部分有误，特此更正。" in html and "<del>第二部分</del>" in html and "<ins>第2部分</ins>" in html
    )
    assert "待批准的更正" not in html
    text = client.get(reverse("archive:article-text", kwargs={"pk": archive["first"].pk})).content.decode()
    assert "第二部分有误，特此更正。" in text and "原刊：第二部分　更正为：第2部分" in text
    assert "待批准的更正" not in text


def test_a_merged_contributor_s_old_urls_redirect_to_the_record_kept(client, archive):
    reporter = archive["reporter"]
    typo = Contributor.objects.create(name="单端")
    Byline.objects.create(article=archive["dispatch"], contributor=typo, role="记者")
    old = typo.pk
    reporter.merge([typo])
    for name in ("contributor", "feed-contributor", "api-contributor"):
        response = client.get(reverse(f"archive:{name}", kwargs={"pk": old}))
        assert response.status_code == 301, name
        assert response["Location"] == reverse(f"archive:{name}", kwargs={"pk": reporter.pk})
    assert "新华社电讯" in client.get(reporter.get_absolute_url()).content.decode()


def test_a_merge_into_someone_unpublished_reveals_nothing(client, archive):
    hidden, typo = archive["hidden_person"], Contributor.objects.create(name="隐身人乙")
    Byline.objects.create(article=archive["draft_article"], contributor=typo, role="记者", order=2)
    old = typo.pk
    hidden.merge([typo])
    for name in ("contributor", "feed-contributor", "api-contributor"):
        assert client.get(reverse(f"archive:{name}", kwargs={"pk": old})).status_code == 404, name


def test_a_new_tag_or_an_approved_erratum_changes_the_article_validators(client, archive):
    url = archive["dispatch"].get_absolute_url()
    before = client.get(url)
    later = timezone.now() + dt.timedelta(minutes=5)
    row = archive["dispatch"].tagged.create(tag=archive["subject"])
    type(row).objects.filter(pk=row.pk).update(created_at=later)
    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"], HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "环卫" in after.content.decode()
    editor = User.objects.create_user("chief", password="pw")
    Correction.objects.create(
        article=archive["dispatch"],
        note="电讯日期有误，特此更正。",
        printed_text="26日",
        corrected_text="25日",
        status="approved",
        approved_by=editor,
        approved_at=later + dt.timedelta(minutes=5),
    )
    again = client.get(url, HTTP_IF_NONE_MATCH=after["ETag"])
    assert again.status_code == 200 and "特此更正" in again.content.decode()
