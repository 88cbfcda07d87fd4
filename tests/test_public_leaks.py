"""Nothing unpublished reaches a reader by any public URL; imported text is data, never markup.

The URL list is checked against the URL map, so a new public URL fails here until it is leak-tested.
"""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.urls import get_resolver, reverse

from archive.models import Article, ContinuationLink, Issue, Page, Status
from tests.public_archive import join

pytestmark = pytest.mark.django_db

HIDDEN_TEXT = (
    "审核中稿件",
    "未发布期次稿件",
    "已撤回稿件",
    "某某晚报",
    "隐身人",
    "审核中正文",
    "未发布正文",
    "撤回正文",
    "隐藏标签",
)


def public_urls(archive):
    """Every public URL name with the arguments of published records (all must answer 200)."""
    pub, issue, p1 = archive["pub"], archive["issue"], archive["p1"]
    day = {"slug": pub.slug, "date": issue.date}
    return {
        "home": {},
        "robots": {},
        "sitemap-index": {},
        "sitemap-section": [{"section": s} for s in ("issues", "pages", "articles")],
        "publication": {"slug": pub.slug},
        "publication-year": {"slug": pub.slug, "year": 2026},
        "issue": day,
        "page": [{**day, "page": p.label} for p in (p1, archive["p2"])],
        "article": [{"pk": archive[k].pk} for k in ("first", "second", "dispatch")],
        "article-text": [{"pk": archive[k].pk} for k in ("first", "second", "dispatch")],
        "contributor": [{"pk": archive[k].pk} for k in ("reporter", "xinhua")],
        "feed-publication": {"slug": pub.slug},
        "feed-contributor": [{"pk": archive[k].pk} for k in ("reporter", "xinhua")],
        "api-root": {},
        "api-publications": {},
        "api-issues": {},
        "api-pages": {},
        "api-articles": {},
        "api-article": [{"pk": archive[k].pk} for k in ("first", "second", "dispatch")],
        "api-contributors": {},
        "api-contributor": [{"pk": archive[k].pk} for k in ("reporter", "xinhua")],
        "feed-corrections": {},
        "tag": {"slug": archive["subject"].slug},
        "entity": [{"kind": t.kind, "slug": t.slug} for t in (archive["person"], archive["place"])],
        "feed-tag": {"slug": archive["subject"].slug},
        "feed-entity": [{"kind": t.kind, "slug": t.slug} for t in (archive["person"], archive["place"])],
    }


def hidden_urls(archive):
    """The same URL names with the arguments of unpublished records (all must be 404)."""
    draft, wanbao, withdrawn = archive["draft_issue"], archive["unpublished_pub"], archive["withdrawn_issue"]
    hidden = [archive[k].pk for k in ("draft_article", "in_review", "withdrawn_article")]
    return {
        "publication": [{"slug": wanbao.slug}],
        "publication-year": [{"slug": wanbao.slug, "year": 2026}],
        "issue": [
            {"slug": "moumou", "date": draft.date},
            {"slug": wanbao.slug, "date": draft.date},
            {"slug": "moumou", "date": withdrawn.date},
        ],
        "page": [{"slug": "moumou", "date": d.date, "page": "01"} for d in (draft, withdrawn)],
        "article": [{"pk": pk} for pk in hidden],
        "article-text": [{"pk": pk} for pk in hidden],
        "contributor": [{"pk": archive["hidden_person"].pk}],
        "feed-publication": [{"slug": wanbao.slug}],
        "feed-contributor": [{"pk": archive["hidden_person"].pk}],
        "api-article": [{"pk": pk} for pk in hidden],
        "api-contributor": [{"pk": archive["hidden_person"].pk}],
        "tag": [{"slug": archive["hidden_tag"].slug}, {"slug": "nosuch"}],
        "entity": [
            {"kind": "person", "slug": "nosuch"},
            {"kind": "subject", "slug": archive["subject"].slug},
        ],
        "feed-tag": [{"slug": archive["hidden_tag"].slug}],
        "feed-entity": [
            {"kind": "place", "slug": "nosuch"},
            {"kind": "subject", "slug": archive["subject"].slug},
        ],
    }


def expand(table):
    for name, kwargs in table.items():
        for each in kwargs if isinstance(kwargs, list) else [kwargs]:
            yield name, reverse(f"archive:{name}", kwargs=each)


# URL names that other parts of the project add and leak-test themselves (search).
OTHERS = ("search", "api-search")


def archive_url_names():
    """Every named public URL of the archive app (previews are tested for staff below)."""
    return {
        key.split(":", 1)[1]
        for key in _names(get_resolver())
        if key.startswith("archive:")
        and not key.startswith("archive:preview-")
        and not key.split(":", 1)[1].startswith(OTHERS)
    }


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _names(pattern, prefix + ns)
        elif pattern.name:
            yield prefix + pattern.name


def test_every_public_url_is_in_the_leak_test(archive):
    assert archive_url_names() == set(public_urls(archive))


def test_no_public_url_shows_unpublished_material(client, archive):
    hidden_ids = {archive[k].pk for k in ("draft_article", "in_review", "withdrawn_article")}
    for name, url in expand(public_urls(archive)):
        query = "?page_size=100" if name.startswith("api-") and name.endswith("s") else ""
        response = client.get(url + query)
        assert response.status_code == 200, url
        text = response.content.decode()
        for hidden in HIDDEN_TEXT:
            assert hidden not in text, (url, hidden)
        for pk in hidden_ids:
            assert f"/article/{pk}/" not in text, (url, pk)
        assert "/moumou/2026-04-28/" not in text and "/moumou/2026-04-29/" not in text, url


def test_every_unpublished_record_is_404_everywhere(client, archive):
    for _name, url in expand(hidden_urls(archive)):
        assert client.get(url).status_code == 404, url


def test_an_unpublished_continuation_part_is_not_shown_linked_or_cited(client, archive):
    """A published piece whose jump line is linked to a part in an issue still under review."""
    Page.objects.filter(pk=archive["draft_page"].pk).update(number=3)
    in_review = Article.objects.select_related("page").get(pk=archive["in_review"].pk)
    join(archive["dispatch"], in_review, ContinuationLink.Status.CONFIRMED)
    dispatch = archive["dispatch"]
    for url in (
        dispatch.get_absolute_url(),
        reverse("archive:article-text", kwargs={"pk": dispatch.pk}),
        reverse("archive:api-article", kwargs={"pk": dispatch.pk}),
        archive["p2"].get_absolute_url(),
        archive["issue"].get_absolute_url(),
        reverse("archive:api-articles"),
    ):
        text = client.get(url).content.decode()
        assert "审核中正文" not in text and "审核中稿件" not in text, url
        assert f"/article/{archive['in_review'].pk}/" not in text, url
        assert "(03)" not in text and ",03)" not in text, url


HOSTILE_PAGE = """# 要闻

### <script>alert('kicker')</script>

## 测试</script><script>alert(1)</script>"><img src=x onerror=alert(2)>

本报讯(记者 单 瑞)正文里的<script>alert(3)</script>和"><img src=x onerror=alert(4)>都只是文字。

第二段&lt;b&gt;也是文字&amp;。
"""


@pytest.fixture
def hostile(tmp_path):
    """A hostile page brought in through the real importer, then published."""
    page = tmp_path / "01.txt"
    page.write_text(HOSTILE_PAGE, encoding="utf-8")
    call_command(
        "import_pages",
        "--publication",
        "evil",
        "--create-publication",
        "某某报<script>",
        "--date",
        "2026-05-01",
        str(page),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    issue = Issue.objects.get(publication__slug="evil")
    Issue.objects.filter(pk=issue.pk).update(status=Status.PUBLISHED)
    article = Article.objects.get(issue=issue)
    assert "<script>" in article.headline  # the importer keeps what was printed
    return article


def test_imported_markup_is_text_on_every_public_url(client, hostile):
    page = hostile.page
    contributor = hostile.bylines.first().contributor
    urls = [
        "/",
        hostile.issue.publication.get_absolute_url(),
        hostile.issue.get_absolute_url(),
        page.get_absolute_url(),
        hostile.get_absolute_url(),
        contributor.get_absolute_url(),
        reverse("archive:feed-publication", kwargs={"slug": "evil"}),
        reverse("archive:feed-contributor", kwargs={"pk": contributor.pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "<script>alert" not in text, url
        assert "<img src=x" not in text, url
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(4)&gt;" in html
    assert "第二段&amp;lt;b&amp;gt;" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "</script" not in ld.lower() and "<" not in ld
    assert json.loads(ld)["headline"] == hostile.headline  # escaped for HTML, intact as data


def test_imported_markup_stays_data_in_the_api_and_text(client, hostile):
    data = client.get(reverse("archive:api-article", kwargs={"pk": hostile.pk})).json()
    assert data["headline"] == hostile.headline
    assert "<script>alert(3)</script>" in data["parts"][0]["body"][0]["text"]
    response = client.get(reverse("archive:api-articles"), {"publication": "evil"})
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    text = client.get(reverse("archive:article-text", kwargs={"pk": hostile.pk}))
    assert text["Content-Type"] == "text/plain; charset=utf-8"


@pytest.fixture
def staff(django_user_model):
    user = User.objects.create_user("editor1", password="pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_issue", content_type__app_label="archive")
    )
    return user


def preview_urls(archive):
    draft = archive["draft_issue"]
    return [
        reverse("archive:preview-issue", kwargs={"slug": "moumou", "date": draft.date}),
        reverse("archive:preview-page", kwargs={"slug": "moumou", "date": draft.date, "page": "01"}),
        reverse("archive:preview-article", kwargs={"pk": archive["draft_article"].pk}),
    ]


def test_staff_preview_unpublished_pages_marked_and_never_cached(client, archive, staff):
    client.force_login(staff)
    for url in preview_urls(archive):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "preview-banner" in html and "预览" in html
        assert "未发布期次稿件" in html
        assert 'name="robots" content="noindex' in html
        cache = response["Cache-Control"]
        assert "private" in cache and "no-store" in cache and "public" not in cache
    html = client.get(preview_urls(archive)[0]).content.decode()
    assert preview_urls(archive)[1] in html and preview_urls(archive)[2] in html  # links stay in preview
    # the public URLs of the same records are still 404, even for staff
    assert client.get(archive["draft_issue"].get_absolute_url()).status_code == 404
    assert client.get(archive["draft_article"].get_absolute_url()).status_code == 404


def test_readers_and_staff_without_permission_get_404_for_previews(client, archive, django_user_model):
    for url in preview_urls(archive):
        assert client.get(url).status_code == 404
    clerk = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    reader = django_user_model.objects.create_user("reader", password="pw")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_issue", content_type__app_label="archive")
    )
    for user in (clerk, reader):
        client.force_login(user)
        for url in preview_urls(archive):
            assert client.get(url).status_code == 404, (user, url)
