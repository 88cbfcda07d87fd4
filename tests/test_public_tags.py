"""Subject tags and people/places/organisations for readers: on the article, their own pages and feeds."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.models import Article, Issue, Page, Status, Tag
from archive.views.tags import PER_PAGE

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_article_shows_its_tags_and_entities_linked_once_each(client, archive):
    html = client.get(archive["second"].get_absolute_url()).content.decode()  # tags sit on both parts
    subject, person = archive["subject"], archive["person"]
    assert f'<a rel="tag" href="{subject.get_absolute_url()}">环卫</a>' in html
    assert f'人物：</span><a href="{person.get_absolute_url()}">陈雍</a>' in html
    assert html.count(person.get_absolute_url()) == 1
    assert "银川市" not in html and "隐藏标签" not in html
    html = client.get(archive["dispatch"].get_absolute_url()).content.decode()
    assert f'地点：</span><a href="{archive["place"].get_absolute_url()}">银川市</a>' in html


def test_tags_cost_no_query_per_tag(client, archive, django_assert_num_queries):
    for n in range(8):
        tag = Tag.objects.create(name=f"标签{n}", kind=Tag.Kind.SUBJECT if n % 2 else Tag.Kind.ORGANISATION)
        archive["first"].tagged.create(tag=tag)
    with django_assert_num_queries(8):
        html = client.get(archive["first"].get_absolute_url()).content.decode()
    assert "标签7" in html and "机构：" in html


def test_tag_page_lists_published_articles_newest_first_paginated(client, archive, django_assert_num_queries):
    subject = archive["subject"]
    for day in range(1, PER_PAGE + 2):
        issue = Issue.objects.create(
            publication=archive["pub"],
            date=dt.date(2025, 1, 1) + dt.timedelta(days=day),
            status=Status.PUBLISHED,
            published_at=timezone.now(),
        )
        page = Page.objects.create(issue=issue, number=1)
        Article.objects.create(issue=issue, page=page, order=1, headline=f"旧稿{day:03d}").tagged.create(
            tag=subject
        )
    archive["draft_article"].tagged.create(tag=subject)
    url = subject.get_absolute_url()
    with django_assert_num_queries(3):  # the tag, the count, one page
        html = client.get(url).content.decode()
    assert f"共 {PER_PAGE + 2} 篇已发布的文章" in html
    assert html.index("致敬环卫劳动者") < html.index(f"旧稿{PER_PAGE + 1:03d}")
    assert "旧稿001" not in html and "未发布期次稿件" not in html
    assert reverse("archive:feed-tag", kwargs={"slug": subject.slug}) in html
    with django_assert_num_queries(3):
        html = client.get(url + "?page=2").content.decode()
    assert "旧稿001" in html and "第2页，共2页" in html
    assert client.get(url + "?page=3").status_code == 404


def test_entity_page_and_kinds(client, archive):
    person = archive["person"]
    html = client.get(person.get_absolute_url()).content.decode()
    assert "陈雍" in html and "人物" in html and "致敬环卫劳动者" in html
    assert client.get(f"/entity/nosuchkind/{person.slug}/").status_code == 404
    assert client.get(f"/entity/person/{archive['subject'].slug}/").status_code == 404


def test_tag_feeds_list_published_articles(client, archive):
    response = client.get(reverse("archive:feed-tag", kwargs={"slug": archive["subject"].slug}))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["致敬环卫劳动者"]
    place = archive["place"]
    response = client.get(reverse("archive:feed-entity", kwargs={"kind": place.kind, "slug": place.slug}))
    feed = ET.fromstring(response.content)
    assert [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")] == ["新华社电讯"]
    hidden = reverse("archive:feed-tag", kwargs={"slug": archive["hidden_tag"].slug})
    assert client.get(hidden).status_code == 404


def test_renamed_or_merged_tags_redirect_page_and_feed(client, archive):
    subject = archive["subject"]
    old = subject.slug
    subject.slug = "huanwei"
    subject.save()
    response = client.get(reverse("archive:tag", kwargs={"slug": old}))
    assert response.status_code == 301 and response["Location"] == subject.get_absolute_url()
    response = client.get(reverse("archive:feed-tag", kwargs={"slug": old}))
    assert response.status_code == 301
    assert response["Location"] == reverse("archive:feed-tag", kwargs={"slug": "huanwei"})
    # An old slug of a tag readers cannot see stays a 404.
    hidden = archive["hidden_tag"]
    hidden_old = hidden.slug
    hidden.slug = "yincang"
    hidden.save()
    assert client.get(reverse("archive:tag", kwargs={"slug": hidden_old})).status_code == 404
    assert client.get(reverse("archive:feed-tag", kwargs={"slug": hidden_old})).status_code == 404
