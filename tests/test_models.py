"""Model rules: named constraints, QuerySet vocabulary, URLs and edit detection."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from archive.models import (
    Article,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Issue,
    Page,
    Publication,
    Status,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def issue():
    pub = Publication.objects.create(name="某某报", slug="moumou")
    return Issue.objects.create(publication=pub, date=dt.date(2026, 4, 27), number=1234)


@pytest.fixture
def page(issue):
    return Page.objects.create(issue=issue, number=1, name="要闻")


def make_article(page, order=1, **kwargs):
    kwargs.setdefault("headline", f"标题{order}")
    return Article.objects.create(issue=page.issue, page=page, order=order, **kwargs)


def violates(constraint_name, func):
    """Assert the database refuses func() because of the named constraint."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        func()
    message = str(excinfo.value)
    # PostgreSQL names every constraint; SQLite names CHECK constraints but lists columns for UNIQUE.
    assert constraint_name in message or (
        connection.vendor == "sqlite" and message.startswith("UNIQUE constraint failed")
    ), message


def test_one_issue_per_publication_and_date(issue):
    violates(
        "issue_one_per_publication_date",
        lambda: Issue.objects.create(publication=issue.publication, date=issue.date),
    )


def test_one_page_per_issue_number_but_sections_may_repeat_numbers(issue, page):
    violates("page_one_per_issue_number", lambda: Page.objects.create(issue=issue, number=1))
    lettered = Page.objects.create(issue=issue, prefix="A", number=1)
    assert lettered.label == "A1" and lettered.key == "A1"
    assert page.label == "01" and page.key == 1


def two_markers(page):
    """A jump on one article and a back line on another, not yet linked."""
    a, b = make_article(page, 1), make_article(page, 2)
    jump = ContinuationMarker.objects.create(article=a, kind="jump", text="(下转01版)", page_number=1)
    back = ContinuationMarker.objects.create(article=b, kind="back", text="(上接01版)", page_number=1)
    return jump, back


def test_a_marker_cannot_be_linked_to_itself(page):
    jump, _ = two_markers(page)
    violates("link_jump_is_not_back", lambda: ContinuationLink.objects.create(jump=jump, back=jump))


def test_one_active_link_per_jump_and_per_back_but_rejections_may_pile_up(page):
    jump, back = two_markers(page)
    other_back = ContinuationMarker.objects.create(
        article=back.article, kind="back", text="(上接01版)", order=2
    )
    other_jump = ContinuationMarker.objects.create(
        article=jump.article, kind="jump", text="(下转01版)", order=2
    )
    ContinuationLink.objects.create(jump=jump, back=back, status="auto")
    violates("link_one_active_per_jump", lambda: ContinuationLink.objects.create(jump=jump, back=other_back))
    violates("link_one_active_per_back", lambda: ContinuationLink.objects.create(jump=other_jump, back=back))
    violates(
        "link_one_row_per_pair",
        lambda: ContinuationLink.objects.create(jump=jump, back=back, status="rejected"),
    )
    ContinuationLink.objects.create(jump=jump, back=other_back, status="rejected")
    ContinuationLink.objects.create(jump=other_jump, back=back, status="rejected")
    assert ContinuationLink.objects.active().count() == 1


def test_byline_unique_per_article_contributor_role(page):
    art = make_article(page)
    person = Contributor.objects.create(name="单瑞")
    Byline.objects.create(article=art, contributor=person, role="记者")
    Byline.objects.create(article=art, contributor=person, role="摄影", order=2)
    violates(
        "byline_unique_article_contributor_role",
        lambda: Byline.objects.create(article=art, contributor=person, role="记者", order=3),
    )


def test_contributor_unique_per_kind(page):
    Contributor.objects.create(name="新华社", kind="agency")
    violates("contributor_unique_kind_name", lambda: Contributor.objects.create(name="新华社", kind="agency"))


def test_published_querysets_hide_everything_unpublished(issue, page):
    art = make_article(page)
    assert not Article.objects.published().exists()  # the issue itself is not published
    assert not Issue.objects.published().exists()
    Issue.objects.filter(pk=issue.pk).update(status=Status.PUBLISHED)
    assert list(Article.objects.published()) == [art]
    assert list(Page.objects.published()) == [page]
    for hidden in (Status.WITHDRAWN, Status.REVIEW, Status.IMPORTED):
        Issue.objects.filter(pk=issue.pk).update(status=hidden)
        assert not Article.objects.published().exists()
        assert not Page.objects.published().exists()


def test_contributors_published_only_through_published_articles(issue, page):
    art = make_article(page)
    person = Contributor.objects.create(name="李莹")
    Byline.objects.create(article=art, contributor=person)
    assert not Contributor.objects.published().exists()
    Issue.objects.filter(pk=issue.pk).update(status=Status.PUBLISHED)
    assert list(Contributor.objects.published()) == [person]


def test_absolute_urls(issue, page):
    art = make_article(page)
    person = Contributor.objects.create(name="单瑞")
    assert issue.publication.get_absolute_url() == "/moumou/"
    assert issue.get_absolute_url() == "/moumou/2026-04-27/"
    assert page.get_absolute_url() == "/moumou/2026-04-27/01/"
    assert art.get_absolute_url() == f"/article/{art.pk}/"
    assert person.get_absolute_url() == f"/contributor/{person.pk}/"


def test_is_edited_compares_with_the_imported_snapshot(page):
    art = make_article(page, body=[{"kind": "paragraph", "text": "原文。"}])
    assert not art.is_edited  # nothing recorded at import: nothing to compare
    art.imported_snapshot = art.snapshot()
    art.save()
    assert not art.is_edited
    art.body = [{"kind": "paragraph", "text": "改正后的原文。"}]
    assert art.is_edited
    assert art.paragraphs == ["改正后的原文。"]


def test_article_history_keeps_every_version(page):
    art = make_article(page)
    art.headline = "改过的标题"
    art.save()
    assert [h.headline for h in art.history.order_by("history_id")] == ["标题1", "改过的标题"]


def test_production_settings_require_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["BAOKU_ENV"] = "production"
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "SECRET_KEY must be set" in proc.stderr


def test_deleting_a_linked_article_removes_the_link_and_frees_the_other_marker(page):
    jump, back = two_markers(page)
    ContinuationLink.objects.create(jump=jump, back=back, status="auto")
    back.article.delete()
    assert not ContinuationLink.objects.exists()
    assert list(ContinuationMarker.objects.unlinked()) == [jump]
