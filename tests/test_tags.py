"""Tags: suggestions from the sample page, one-click accept, bulk tagging, renames and merges that keep URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from archive.models import Article, ArticleTag, Issue, Page, Publication, Status, Tag, TagAlias
from archive.parsing import page_key_from_filename
from archive.text import segmenting
from archive.text.suggesting import keyword_terms, plausible_person
from editorial import suggestions
from editorial.importing import import_issue
from editorial.models import TermFrequency, TermSample
from editorial.textio import read_page_file
from tests.test_import import DATE, SAMPLE_ISSUE

pytestmark = pytest.mark.django_db

# What suggest() really returned for 致敬环卫劳动者 保障权益送温暖 on the sample page (01版), with
# document frequencies counted over the three sample pages: (kind, word) in the order shown.
SANITATION_KEYWORDS_TOP = [("subject", "环卫"), ("subject", "环卫工人"), ("subject", "困难")]
SANITATION_PEOPLE = [("person", "陈雍"), ("person", "许宁")]
SANITATION_PLACES = [
    ("place", "宁夏"),
    ("place", "银川市"),
    ("place", "中国"),
    ("place", "兴庆区"),
    ("place", "惠及"),
    ("place", "贺兰县"),
]
SANITATION_ORGANISATIONS = [
    ("organisation", "浦发银行"),
    ("organisation", "自治区政协"),
    ("organisation", "党和政府"),
    ("organisation", "党委政府"),
    ("organisation", "民政厅"),
]


@pytest.fixture
def sample_issue():
    """The three bundled sample pages, imported and published, with document frequencies counted."""
    if not SAMPLE_ISSUE.is_dir():
        pytest.skip(f"{SAMPLE_ISSUE} not present")
    publication = Publication.objects.create(name="某某报", slug="moumou")
    files = [(page_key_from_filename(p.name), read_page_file(p)) for p in sorted(SAMPLE_ISSUE.glob("*.txt"))]
    import_issue(publication, DATE, files)
    issue = Issue.objects.get()
    Issue.objects.filter(pk=issue.pk).update(status=Status.PUBLISHED)  # the workflow is tested elsewhere
    assert suggestions.rebuild_frequencies() == Article.objects.count()
    return issue


@pytest.fixture
def sanitation(sample_issue):
    return Article.objects.get(headline="致敬环卫劳动者 保障权益送温暖")


def kinds(found, kind):
    return [(s.kind, s.name) for s in found if s.kind == kind]


def test_suggestions_for_the_sanitation_article(sanitation):
    found = suggestions.suggest(sanitation)
    assert kinds(found, "subject")[:3] == SANITATION_KEYWORDS_TOP
    assert kinds(found, "person") == SANITATION_PEOPLE
    assert kinds(found, "place") == SANITATION_PLACES
    assert kinds(found, "organisation") == SANITATION_ORGANISATIONS
    # 环卫 occurs 13 times (alone and inside 环卫工人) and in no other article of the sample.
    top = found[0]
    assert (top.name, top.count) == ("环卫", 13)
    assert TermFrequency.objects.get(term="环卫").documents == 1
    assert TermSample.objects.get().articles == Article.objects.count()


def test_ordinary_words_jieba_tags_as_names_are_not_people():
    assert plausible_person("蔺雍")  # found by jieba's name model, not in its dictionary
    assert not plausible_person("关怀")  # in jieba's dictionary, tagged nr, not a person here
    assert plausible_person("关怀", known={"关怀"})
    assert plausible_person("玛丽亚·席尔瓦")


def test_compound_words_count_for_the_words_inside():
    counts = keyword_terms(segmenting.tag("环卫工人和环卫设施"))
    assert counts["环卫工人"] == 1 and counts["环卫"] >= 2


def test_tags_already_on_the_article_are_not_suggested_again(sanitation):
    suggestions.accept(sanitation, "person", "陈雍")
    assert ("person", "陈雍") not in [(s.kind, s.name) for s in suggestions.suggest(sanitation)]
    assert ("陈雍", "nr") in segmenting.tag("陈雍说")


def test_archive_words_teach_the_segmenter_contributors_and_tags(sample_issue):
    Tag.objects.create(kind="organisation", name="某某区民政局")
    suggestions.load_archive_words(force=True)
    assert "某某区民政局" in segmenting.cut("某某区民政局发布通知")
    assert "李莹" in segmenting.cut("记者李莹报道")


# The article change page: suggestions and one-click accept


def change_url(article):
    return reverse("admin:archive_article_change", args=[article.pk])


def accept_url(article):
    return reverse("admin:archive_article_accept_tag", args=[article.pk])


def test_change_page_shows_suggestions_as_one_click_buttons(admin_client, sanitation):
    page = admin_client.get(change_url(sanitation)).content.decode()
    assert f'formaction="{accept_url(sanitation)}"' in page
    assert 'value="person:陈雍"' in page and 'value="subject:环卫"' in page
    # The first submit button of the form (what Enter presses) still saves the article.
    assert page.index('name="_save"') < page.index("formaction=")


def test_accepting_a_suggestion_tags_the_article(admin_client, sanitation):
    response = admin_client.post(accept_url(sanitation), {"accept": "person:陈雍"})
    assert response.status_code == 302 and response["Location"] == change_url(sanitation)
    tag = Tag.objects.get(name="陈雍")
    assert tag.kind == Tag.Kind.PERSON and tag.get_absolute_url() == "/entity/person/%E9%99%88%E9%9B%8D/"
    assert list(sanitation.tagged.values_list("tag__name", flat=True)) == ["陈雍"]
    admin_client.post(accept_url(sanitation), {"accept": "person:陈雍"})
    assert ArticleTag.objects.count() == 1
    assert 'value="person:陈雍"' not in admin_client.get(change_url(sanitation)).content.decode()


def test_accept_needs_post_and_permission(client, admin_client, sanitation):
    assert admin_client.get(accept_url(sanitation)).status_code == 405
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.post(accept_url(sanitation), {"accept": "subject:环卫"}).status_code == 403
    assert not ArticleTag.objects.exists()
    client.logout()
    assert client.post(accept_url(sanitation), {"accept": "subject:环卫"}).status_code == 302  # to login
    assert not ArticleTag.objects.exists()


def test_accept_is_csrf_protected(sanitation):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.create_superuser("boss", password="x"))
    assert strict.post(accept_url(sanitation), {"accept": "subject:环卫"}).status_code == 403
    assert not ArticleTag.objects.exists()


def test_bulk_tagging_from_the_changelist(admin_client, sample_issue):
    existing = Tag.objects.create(name="民生")
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:3])
    ArticleTag.objects.create(article_id=ids[0], tag=existing)
    url = reverse("admin:archive_article_changelist")
    form = admin_client.post(url, {"action": "tag_articles", "_selected_action": ids})
    assert form.status_code == 200 and "给所选文章加标签" in form.content.decode()
    done = admin_client.post(
        url,
        {
            "action": "tag_articles",
            "_selected_action": ids,
            "post": "yes",
            "tags": [existing.pk],
            "new_tags": "环卫、 政协",
        },
    )
    assert done.status_code == 302
    for pk in ids:
        assert sorted(ArticleTag.objects.filter(article_id=pk).values_list("tag__name", flat=True)) == [
            "政协",
            "民生",
            "环卫",
        ]


def test_bulk_tagging_needs_a_tag(admin_client, sample_issue):
    ids = list(Article.objects.values_list("pk", flat=True)[:2])
    url = reverse("admin:archive_article_changelist")
    response = admin_client.post(url, {"action": "tag_articles", "_selected_action": ids, "post": "yes"})
    assert "请至少选择或填写一个标签" in response.content.decode()
    assert not ArticleTag.objects.exists()


# Public tag pages, renames and merges


@pytest.fixture
def tagged(sample_issue):
    """环卫 on two published articles; 陈雍 on one; a tag only on an unpublished issue's article."""
    sanitation = Tag.objects.create(name="环卫")
    person = Tag.objects.create(kind="person", name="陈雍")
    articles = list(Article.objects.order_by("pk")[:2])
    for article in articles:
        ArticleTag.objects.create(article=article, tag=sanitation)
    ArticleTag.objects.create(article=articles[0], tag=person)
    hidden_issue = Issue.objects.create(publication=sample_issue.publication, date=dt.date(2026, 4, 28))
    page = Page.objects.create(issue=hidden_issue, number=1)
    hidden = Article.objects.create(issue=hidden_issue, page=page, order=1, headline="未发布的稿子")
    ArticleTag.objects.create(article=hidden, tag=Tag.objects.create(name="秘密"))
    ArticleTag.objects.create(article=hidden, tag=sanitation)
    return sanitation, person


def test_tag_page_lists_published_articles_with_count(client, tagged):
    sanitation, person = tagged
    page = client.get(sanitation.get_absolute_url()).content.decode()
    assert "共 2 篇已发布的文章" in page and "未发布的稿子" not in page
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get(reverse("archive:tag", kwargs={"slug": "秘密"})).status_code == 404
    assert (
        client.get(reverse("archive:entity", kwargs={"kind": "subject", "slug": "环卫"})).status_code == 404
    )
    assert (
        client.get(reverse("archive:tag", kwargs={"slug": "陈雍"})).status_code == 404
    )  # a person, not a subject


def test_tag_page_queries_do_not_grow_with_articles(client, tagged, django_assert_max_num_queries):
    sanitation, _ = tagged
    with django_assert_max_num_queries(4):
        assert client.get(sanitation.get_absolute_url()).status_code == 200
    for article in Article.objects.published():
        ArticleTag.objects.get_or_create(article=article, tag=sanitation)
    with django_assert_max_num_queries(4):
        response = client.get(sanitation.get_absolute_url())
    assert response.context["page_obj"].paginator.count == Article.objects.published().count()


def test_renaming_a_slug_keeps_the_old_url(client, tagged):
    sanitation, _ = tagged
    old = sanitation.get_absolute_url()
    sanitation.name, sanitation.slug = "环境卫生", "环境卫生"
    sanitation.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == sanitation.get_absolute_url()
    assert client.get(sanitation.get_absolute_url()).status_code == 200


def test_merging_tags_moves_articles_and_redirects(client, admin_client, tagged):
    sanitation, _ = tagged
    other = Tag.objects.create(name="环卫工作")
    article = Article.objects.published().order_by("pk").first()
    ArticleTag.objects.create(article=article, tag=other)  # on an article that already has 环卫
    third = Article.objects.published().order_by("pk")[3]
    ArticleTag.objects.create(article=third, tag=other)
    url = reverse("admin:archive_tag_changelist")
    admin_client.post(
        url,
        {
            "action": "merge_tags",
            "_selected_action": [sanitation.pk, other.pk],
            "post": "yes",
            "keep": sanitation.pk,
        },
    )
    assert not Tag.objects.filter(pk=other.pk).exists()
    assert (
        ArticleTag.objects.filter(tag=sanitation).count() == 4
    )  # 2 + the hidden one + third; duplicate collapsed
    assert TagAlias.objects.get(slug="环卫工作").tag == sanitation
    response = client.get(reverse("archive:tag", kwargs={"slug": "环卫工作"}))
    assert response.status_code == 301 and response["Location"] == sanitation.get_absolute_url()


def test_tags_of_different_kinds_are_not_merged(tagged):
    sanitation, person = tagged
    with pytest.raises(ValueError, match="类别不同"):
        sanitation.merge([person])
    assert Tag.objects.filter(pk=person.pk).exists()


def test_new_contributors_and_tags_reach_the_segmenter_when_saved(sample_issue):
    from archive.models import Contributor
    from archive.vocabulary import load_archive_words

    load_archive_words()
    Contributor.objects.create(name="蔺雍和")
    Tag.objects.create(kind="place", name="某某湾新区")
    assert "蔺雍和" in segmenting.cut("蔺雍和在某某湾新区调研")
    assert ("某某湾新区", "ns") in segmenting.tag("蔺雍和在某某湾新区调研")


def test_tag_slugs_never_collide(sample_issue):
    first = Tag.objects.create(name="环卫 工作")
    second = Tag.objects.create(name="环卫-工作")
    assert (first.slug, second.slug) == ("环卫-工作", "环卫-工作-2")
    first.slug = "环卫"
    first.save()  # 环卫-工作 is now an alias of first: a new tag must not take it over
    third = Tag.objects.create(name="环卫（工作）")
    assert third.slug == "环卫工作" and TagAlias.objects.get(slug="环卫-工作").tag == first


def test_an_overlong_accept_is_refused_with_a_message(admin_client, sanitation):
    response = admin_client.post(accept_url(sanitation), {"accept": "subject:" + "长" * 61}, follow=True)
    assert "未添加：标签名须为 1 到 60 个字" in response.content.decode()
    response = admin_client.post(accept_url(sanitation), {"accept": "nonsense"}, follow=True)
    assert "未添加" in response.content.decode()
    assert not ArticleTag.objects.exists()
