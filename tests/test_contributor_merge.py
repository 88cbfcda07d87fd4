"""Contributors: merge keeps every byline, old URLs redirect, renames are on record, role words are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from archive.models import Article, Byline, Contributor, ContributorAlias, Issue, Page, Publication, Status
from archive.text.names import is_role_word, role_word_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    """单瑞 twice (单瑞 and a typo 单端), crediting overlapping articles; two agency records of 新华社."""
    pub = Publication.objects.create(name="某某报", slug="moumou")
    issue = Issue.objects.create(
        publication=pub, date=dt.date(2026, 4, 27), status=Status.PUBLISHED, published_at=timezone.now()
    )
    page = Page.objects.create(issue=issue, number=1)
    articles = [
        Article.objects.create(issue=issue, page=page, order=i, headline=f"稿{i}") for i in range(1, 5)
    ]
    keep = Contributor.objects.create(name="单瑞")
    dup = Contributor.objects.create(name="单端")
    Byline.objects.create(article=articles[0], contributor=keep, role="记者")
    Byline.objects.create(article=articles[0], contributor=dup, role="记者", order=2)  # same article and role
    Byline.objects.create(article=articles[1], contributor=dup, role="记者")
    Byline.objects.create(article=articles[2], contributor=dup, role="通讯员")
    Byline.objects.create(article=articles[0], contributor=dup, role="通讯员", order=3)  # other role: kept
    xinhua = Contributor.objects.create(name="新华社", kind=Contributor.Kind.AGENCY)
    xinhua_dup = Contributor.objects.create(name="新华通讯社", kind=Contributor.Kind.AGENCY)
    articles[3].agency = xinhua_dup
    articles[3].save()
    return keep, dup, xinhua, xinhua_dup, articles


def changelist():
    return reverse("admin:archive_contributor_changelist")


def test_merge_action_asks_which_to_keep(admin_client, people):
    keep, dup, *_ = people
    page = admin_client.post(
        changelist(), {"action": "merge_contributors", "_selected_action": [keep.pk, dup.pk]}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'name="keep"' in text and "单端" in text


def test_merge_keeps_every_byline_and_collapses_duplicates(admin_client, client, people):
    keep, dup, _, _, _articles = people
    response = admin_client.post(
        changelist(),
        {
            "action": "merge_contributors",
            "_selected_action": [keep.pk, dup.pk],
            "post": "yes",
            "keep": keep.pk,
        },
    )
    assert response.status_code == 302
    assert not Contributor.objects.filter(pk=dup.pk).exists()
    credited = sorted(Byline.objects.values_list("article__headline", "contributor__name", "role"))
    assert credited == [
        ("稿1", "单瑞", "记者"),
        ("稿1", "单瑞", "通讯员"),
        ("稿2", "单瑞", "记者"),
        ("稿3", "单瑞", "通讯员"),
    ]
    old = client.get(reverse("archive:contributor", kwargs={"pk": dup.pk}))
    assert old.status_code == 301 and old["Location"] == keep.get_absolute_url()
    assert keep.history.count() == 1 and Contributor.history.filter(id=dup.pk, history_type="-").exists()


def test_merge_moves_agency_articles_and_chains_aliases(client, people):
    _keep, _dup, xinhua, xinhua_dup, articles = people
    old_id = xinhua_dup.pk
    assert xinhua.merge([xinhua_dup]) == 1
    articles[3].refresh_from_db()
    assert articles[3].agency == xinhua
    third = Contributor.objects.create(name="新华社总社", kind=Contributor.Kind.AGENCY)
    third.merge([xinhua])
    assert ContributorAlias.objects.get(old_id=old_id).contributor == third  # an old alias follows
    response = client.get(reverse("archive:contributor", kwargs={"pk": old_id}))
    assert response["Location"] == third.get_absolute_url()


def test_a_person_and_an_agency_are_not_merged(people):
    keep, _, xinhua, _, _ = people
    with pytest.raises(ValidationError, match="不能合并"):
        keep.merge([xinhua])
    assert Contributor.objects.filter(pk=xinhua.pk).exists()


def test_merge_needs_change_permission(client, people):
    keep, dup, *_ = people
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_contributor"))
    client.force_login(viewer)
    client.post(
        changelist(),
        {
            "action": "merge_contributors",
            "_selected_action": [keep.pk, dup.pk],
            "post": "yes",
            "keep": keep.pk,
        },
    )
    assert Contributor.objects.filter(pk=dup.pk).exists()
    assert "merge_contributors" not in client.get(changelist()).content.decode()


def test_change_page_lists_every_byline_paginated(admin_client, people):
    _, dup, *_ = people
    url = reverse("admin:archive_contributor_change", args=[dup.pk])
    page = admin_client.get(url)
    assert page.context["byline_page"].paginator.count == 4
    assert "全部署名（共 4 条" in page.content.decode()
    assert admin_client.get(url + "?p=2").context["byline_page"].number == 1  # past the end: last page


def test_rename_is_on_record(people):
    keep, *_ = people
    keep.name = "单 瑞改"
    keep.name = "单瑞改"
    keep.save()
    assert [h.name for h in keep.history.order_by("history_date")] == ["单瑞", "单瑞改"]


@pytest.mark.parametrize("word", ["记者", "本报", "记 者", "通讯员"])
def test_role_words_are_not_contributors(word):
    assert role_word_problem(word) and is_role_word(word)
    with pytest.raises(ValidationError, match="不是人名或机构名"):
        Contributor(name=word).full_clean()


def test_the_database_refuses_a_role_word_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        Contributor.objects.create(name="记者")


def test_names_are_fine():
    assert role_word_problem("单瑞") is None and role_word_problem("新华社") is None
    assert role_word_problem("  ") == "名字不能为空。"


def test_the_importer_never_credits_a_role_word():
    from editorial.importing.contributors import ContributorRegistry, agency_key, person_key

    assert agency_key("本 报") is None
    assert person_key("记者") is None
    registry = ContributorRegistry()
    registry.resolve([agency_key("本 报"), person_key("记者"), person_key("单 瑞")])
    assert Contributor.objects.get(pk=registry.id(person_key("单 瑞"))).name == "单瑞"
    assert list(Contributor.objects.values_list("name", flat=True)) == ["单瑞"]


def test_change_page_shows_what_was_merged_in(admin_client, people):
    keep, dup, *_ = people
    keep.merge([dup])
    page = admin_client.get(reverse("admin:archive_contributor_change", args=[keep.pk])).content.decode()
    assert "合并记录" in page and "单端" in page
