"""The read-only JSON API: endpoints, filters, bounded pages, continuation links, published only."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from archive.api.views import MAX_PAGE_SIZE
from archive.models import Article, Byline, Correction, Issue, Page, Status
from tests.public_archive import join

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_root_lists_the_endpoints(client, archive):
    data = get(client, "/api/v1/")
    for name in ("publications", "issues", "pages", "articles", "contributors"):
        assert data[name] == f"http://testserver/api/v1/{name}/"
        get(client, data[name].replace("http://testserver", ""))


def test_publications_issues_and_pages_are_published_only(client, archive):
    data = get(client, "/api/v1/publications/")
    assert [p["slug"] for p in data["results"]] == ["moumou"]
    assert data["results"][0]["url"] == "http://testserver/moumou/"
    data = get(client, "/api/v1/issues/")
    assert [(i["publication"], i["date"]) for i in data["results"]] == [("moumou", "2026-04-27")]
    assert data["results"][0]["url"] == f"http://testserver{archive['issue'].get_absolute_url()}"
    data = get(client, "/api/v1/pages/", publication="moumou", date="2026-04-27")
    assert [(p["page"], p["name"]) for p in data["results"]] == [("01", "要闻"), ("02", "综合")]
    assert data["results"][0]["credits"] == [{"role": "责任编辑", "name": "王五"}]
    assert get(client, "/api/v1/pages/", page="02")["results"][0]["url"].endswith("/moumou/2026-04-27/02/")


def test_articles_carry_bylines_agency_and_continuation_links(client, archive):
    data = get(client, "/api/v1/articles/", page="01")
    [first] = data["results"]
    assert first["id"] == archive["first"].pk
    assert first["url"] == f"http://testserver/article/{archive['first'].pk}/"
    assert first["bylines"][0]["name"] == "单瑞" and first["bylines"][0]["role"] == "记者"
    assert first["continuations"] == [
        {
            "kind": "jump",
            "text": "(下转02版)",
            "page": "02",
            "article": archive["second"].pk,
            "url": f"http://testserver/article/{archive['second'].pk}/",
        }
    ]
    data = get(client, "/api/v1/articles/", agency=archive["xinhua"].pk)
    assert [a["headline"] for a in data["results"]] == ["新华社电讯"]
    assert data["results"][0]["agency"]["name"] == "新华社"


def test_article_detail_has_every_part_and_the_citation(client, archive):
    data = get(client, f"/api/v1/articles/{archive['second'].pk}/")
    assert data["id"] == archive["second"].pk
    assert [p["id"] for p in data["parts"]] == [archive["first"].pk, archive["second"].pk]
    assert data["parts"][1]["body"] == [{"kind": "paragraph", "text": "第二部分正文。"}]
    assert data["pages"] == ["01", "02"]
    assert data["citation"].endswith("2026-04-27(01,02).")


@pytest.mark.parametrize(
    ("params", "headlines"),
    [
        ({"publication": "moumou"}, {"致敬环卫劳动者", "新华社电讯"}),
        ({"publication": "wanbao"}, set()),
        ({"date_from": "2026-04-27", "date_to": "2026-04-27"}, {"致敬环卫劳动者", "新华社电讯"}),
        ({"date_from": "2026-04-28"}, set()),
        ({"page": "2"}, {"致敬环卫劳动者", "新华社电讯"}),
        ({"section": "无此栏目"}, set()),
    ],
)
def test_article_filters(client, archive, params, headlines):
    data = get(client, "/api/v1/articles/", **params)
    assert {a["headline"] for a in data["results"]} == headlines


def test_contributor_filter_and_endpoint(client, archive):
    reporter = archive["reporter"]
    data = get(client, "/api/v1/articles/", contributor=reporter.pk)
    assert [a["id"] for a in data["results"]] == [archive["first"].pk]
    data = get(client, "/api/v1/contributors/")
    assert {c["name"] for c in data["results"]} == {"单瑞", "新华社"}
    assert get(client, "/api/v1/contributors/", kind="agency")["results"][0]["name"] == "新华社"
    detail = get(client, f"/api/v1/contributors/{reporter.pk}/")
    assert detail["url"] == f"http://testserver{reporter.get_absolute_url()}"
    get(client, f"/api/v1/contributors/{archive['hidden_person'].pk}/", status=404)


@pytest.mark.parametrize(
    "params",
    [
        {"page": "zz"},
        {"date_from": "2026-13-01"},
        {"contributor": "x"},
        {"entity": "subject/环卫"},
        {"entity": "person"},
        {"page_size": str(MAX_PAGE_SIZE + 1)},
        {"page_size": "0"},
        {"page_number": "-1"},
    ],
)
def test_bad_parameters_are_a_400_in_chinese(client, archive, params):
    data = get(client, "/api/v1/articles/", status=400, **params)
    assert data["detail"] == "参数有误。"
    assert data["errors"]


def test_pages_are_bounded_and_linked_without_counting(client, archive, django_assert_num_queries):
    issue, p1 = archive["issue"], archive["p1"]
    for order in range(2, 6):
        article = Article.objects.create(issue=issue, page=p1, order=order, headline=f"简讯{order}")
        Byline.objects.create(article=article, contributor=archive["reporter"], role="通讯员")
        join(article, archive["dispatch"], back_order=order)
    # articles, bylines, tags, markers and their links: whatever the page size
    with django_assert_num_queries(5):
        data = get(client, "/api/v1/articles/", page_size="2")
    assert len(data["results"]) == 2 and data["previous"] is None
    assert "page_number=2" in data["next"]
    seen = []
    url = "/api/v1/articles/?page_size=2"
    while url:
        data = get(client, url)
        seen += [a["id"] for a in data["results"]]
        url = data["next"] and data["next"].replace("http://testserver", "")
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("key", ["in_review", "draft_article"])
def test_unpublished_articles_do_not_exist_in_the_api(client, archive, key):
    get(client, f"/api/v1/articles/{archive[key].pk}/", status=404)
    ids = [a["id"] for a in get(client, "/api/v1/articles/", page_size="100")["results"]]
    assert archive[key].pk not in ids


def test_issue_published_later_appears(client, archive):
    issue = Issue.objects.create(
        publication=archive["pub"],
        date=dt.date(2026, 5, 1),
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    Page.objects.create(issue=issue, number=1)
    dates = [i["date"] for i in get(client, reverse("archive:api-issues"))["results"]]
    assert dates == ["2026-05-01", "2026-04-27"]


def test_articles_carry_tags_and_filter_by_tag_or_entity(client, archive):
    data = get(client, "/api/v1/articles/", page="01")
    assert [(t["kind"], t["name"]) for t in data["results"][0]["tags"]] == [
        ("person", "陈雍"),
        ("subject", "环卫"),
    ]
    assert data["results"][0]["tags"][1]["url"] == f"http://testserver{archive['subject'].get_absolute_url()}"
    data = get(client, "/api/v1/articles/", tag=archive["subject"].slug)
    assert [a["id"] for a in data["results"]] == [archive["first"].pk]
    data = get(client, "/api/v1/articles/", entity=f"person/{archive['person'].slug}")
    assert sorted(a["id"] for a in data["results"]) == sorted([archive["first"].pk, archive["second"].pk])
    assert get(client, "/api/v1/articles/", tag=archive["hidden_tag"].slug)["results"] == []


def test_one_article_carries_its_public_corrections(client, archive):
    editor = User.objects.create_user("chief", password="pw")
    Correction.objects.create(
        article=archive["second"],
        note="有误，特此更正。",
        printed_text="第二部分",
        corrected_text="第2部分",
        status="approved",
        approved_by=editor,
        approved_at=timezone.now(),
    )
    Correction.objects.create(article=archive["first"], note="待批准", printed_text="甲", corrected_text="乙")
    data = get(client, f"/api/v1/articles/{archive['first'].pk}/")
    assert [(c["article"], c["note"], c["printed_text"]) for c in data["corrections"]] == [
        (archive["second"].pk, "有误，特此更正。", "第二部分")
    ]


def test_one_article_is_read_in_fixed_queries(client, archive, django_assert_num_queries):
    # The story (six), the requested part's jump lines, and their links when it has any.
    for key, queries in (("first", 8), ("second", 8), ("dispatch", 7)):
        with django_assert_num_queries(queries):
            data = get(client, f"/api/v1/articles/{archive[key].pk}/")
        assert data["id"] == archive[key].pk
    data = get(client, f"/api/v1/articles/{archive['second'].pk}/")
    assert [p["id"] for p in data["parts"]] == [archive["first"].pk, archive["second"].pk]
    assert data["continuations"][0]["article"] == archive["first"].pk
    assert [t["name"] for t in data["tags"]] == ["陈雍"]
