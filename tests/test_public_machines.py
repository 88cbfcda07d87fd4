"""Feeds, sitemap, robots.txt and JSON-LD: machines see exactly what readers see."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from archive.models import Correction

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_publication_feed_lists_published_issues(client, archive):
    url = reverse("archive:feed-publication", kwargs={"slug": "moumou"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b'xml:lang="zh-CN"' in response.content
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["某某报 2026年4月27日 总第1234期"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(archive["issue"].get_absolute_url())
    assert "01版 要闻" in entries[0].find(f"{ATOM}summary").text
    assert client.get(reverse("archive:feed-publication", kwargs={"slug": "wanbao"})).status_code == 404


def test_contributor_feed_lists_published_articles_only(client, archive):
    response = client.get(reverse("archive:feed-contributor", kwargs={"pk": archive["reporter"].pk}))
    feed = ET.fromstring(response.content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["致敬环卫劳动者"]
    hidden = reverse("archive:feed-contributor", kwargs={"pk": archive["hidden_person"].pk})
    assert client.get(hidden).status_code == 404


def test_pages_link_their_feeds(client, archive):
    for url in (archive["pub"].get_absolute_url(), archive["issue"].get_absolute_url(), "/"):
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/atom+xml"' in html
        assert reverse("archive:feed-publication", kwargs={"slug": "moumou"}) in html
    html = client.get(archive["reporter"].get_absolute_url()).content.decode()
    assert reverse("archive:feed-contributor", kwargs={"pk": archive["reporter"].pk}) in html
    html = client.get("/").content.decode()
    assert f'type="application/atom+xml" title="更正" href="{reverse("archive:feed-corrections")}"' in html


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")], root


def test_sitemap_index_and_sections_hold_published_urls_with_lastmod(client, archive):
    sections, root = sitemap_locations(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert {s.rsplit("/", 1)[1] for s in sections} == {
        "sitemap-issues.xml",
        "sitemap-pages.xml",
        "sitemap-articles.xml",
    }
    found = []
    for section in sections:
        locations, root = sitemap_locations(client, section.replace("http://testserver", ""))
        assert all(url.find(f"{SITEMAP}lastmod") is not None for url in root.findall(f"{SITEMAP}url"))
        found += [loc.replace("http://testserver", "") for loc in locations]
    expected = {
        archive["issue"].get_absolute_url(),
        archive["p1"].get_absolute_url(),
        archive["p2"].get_absolute_url(),
        archive["first"].get_absolute_url(),
        archive["second"].get_absolute_url(),
        archive["dispatch"].get_absolute_url(),
    }
    assert set(found) == expected


def test_robots_txt_points_at_the_sitemap(client, archive):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /preview/" in text


def json_ld(client, url):
    html = client.get(url).content.decode()
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_article_carries_news_article_json_ld(client, archive):
    data = json_ld(client, archive["second"].get_absolute_url())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "致敬环卫劳动者"
    assert data["alternativeHeadline"] == "委员履职 记某某环卫所"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "单瑞",
            "url": f"http://testserver{archive['reporter'].get_absolute_url()}",
        }
    ]
    assert data["datePublished"] == "2026-04-27"
    assert data["printEdition"] == "总第1234期"
    assert data["printPage"] == "01,02"
    assert data["printSection"] == "要闻"
    assert data["url"] == f"http://testserver{archive['first'].get_absolute_url()}"
    part_of = data["isPartOf"]
    assert part_of["@type"] == "PublicationIssue"
    assert part_of["url"] == f"http://testserver{archive['issue'].get_absolute_url()}"
    assert part_of["isPartOf"]["name"] == "某某报"
    dispatch = json_ld(client, archive["dispatch"].get_absolute_url())
    assert dispatch["author"] == [
        {
            "@type": "Organization",
            "name": "新华社",
            "url": f"http://testserver{archive['xinhua'].get_absolute_url()}",
        }
    ]


def test_sitemap_index_does_not_walk_the_archive(client, archive, django_assert_num_queries):
    # per section: one COUNT for the number of files and one MAX(lastmod); never a row per item
    with django_assert_num_queries(6):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    with django_assert_num_queries(2):  # COUNT + one page of rows
        client.get("/sitemap-articles.xml")


def test_corrections_feed_lists_approved_errata_of_published_articles(client, archive):
    now = timezone.now()
    fields = {"status": "approved", "approved_at": now, "approved_by": None}
    editor = User.objects.create_user("chief", password="pw")
    fields["approved_by"] = editor
    Correction.objects.create(
        article=archive["dispatch"],
        note="电讯日期有误，特此更正。",
        printed_text="26日",
        corrected_text="25日",
        **fields,
    )
    Correction.objects.create(
        article=archive["draft_article"],
        note="未发布稿件的更正",
        printed_text="甲",
        corrected_text="乙",
        **fields,
    )
    Correction.objects.create(
        article=archive["first"], note="待批准的更正", printed_text="丙", corrected_text="丁"
    )
    response = client.get(reverse("archive:feed-corrections"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["更正：新华社电讯"]
    assert "原刊：26日" in entries[0].find(f"{ATOM}summary").text
    Correction.objects.create(
        article=archive["withdrawn_article"],
        note="已撤回期次稿件的更正",
        printed_text="戊",
        corrected_text="己",
        **fields,
    )
    entries = ET.fromstring(client.get(reverse("archive:feed-corrections")).content).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["更正：新华社电讯"]


def test_article_json_ld_carries_its_corrections(client, archive):
    editor = User.objects.create_user("chief", password="pw")
    approved = timezone.now()
    correction = Correction.objects.create(
        article=archive["second"],
        note="第二部分有误，特此更正。",
        printed_text="第二部分",
        corrected_text="第2部分",
        status="approved",
        approved_by=editor,
        approved_at=approved,
    )
    Correction.objects.create(
        article=archive["first"], note="待批准的更正", printed_text="丙", corrected_text="丁"
    )
    data = json_ld(client, archive["first"].get_absolute_url())
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "第二部分有误，特此更正。 原刊：第二部分 更正为：第2部分",
            "datePublished": timezone.localdate(approved).isoformat(),
            "url": f"http://testserver{archive['first'].get_absolute_url()}#correction-{correction.pk}",
        }
    ]
    assert "correction" not in json_ld(client, archive["dispatch"].get_absolute_url())
