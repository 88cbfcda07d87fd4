"""Migrating a database from before the issue-only visibility keeps every row and every editor's decision."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from archive.models import Article, Issue, Status

BEFORE = [("archive", "0001_initial"), ("editorial", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_article_status_moves_onto_issues_without_losing_anything():
    old = migrate(BEFORE)
    Publication = old.get_model("archive", "Publication")
    OldIssue, Page, OldArticle = (old.get_model("archive", name) for name in ("Issue", "Page", "Article"))
    pub = Publication.objects.create(name="某某报", slug="moumou")
    published_at = timezone.now() - dt.timedelta(days=3)

    def issue_with(day, issue_status, *article_statuses):
        issue = OldIssue.objects.create(
            publication=pub,
            date=dt.date(2026, 4, day),
            status=issue_status,
            published_at=published_at if issue_status == "published" else None,
        )
        page = Page.objects.create(issue=issue, number=1)
        for order, status in enumerate(article_statuses, start=1):
            flags = [{"kind": "doubled_char", "text": "不不"}] if order == 1 else []
            OldArticle.objects.create(issue=issue, page=page, order=order, status=status, flags=flags)
        return issue.pk

    agreed = issue_with(1, "published", "published", "published")
    taken_offline = issue_with(2, "published", "published", "review")
    reimported = issue_with(3, "published", "published", "imported")
    draft = issue_with(4, "review", "review", "published")

    latest = [(app, node[1]) for app, node in _leaves()]
    migrate(latest)

    assert Article.objects.count() == 8 and Issue.objects.count() == 4
    issues = {i.pk: i for i in Issue.objects.all()}
    assert issues[agreed].status == Status.PUBLISHED
    assert issues[agreed].last_published_at == issues[agreed].published_at == published_at
    # An article an editor took back to review keeps being hidden: its issue is withdrawn, not exposed.
    assert issues[taken_offline].status == Status.WITHDRAWN
    assert issues[taken_offline].published_at == published_at
    # An article left 已导入 by a re-import into a published issue goes public with it, flagged.
    assert issues[reimported].status == Status.PUBLISHED
    assert issues[draft].status == Status.REVIEW

    def flags(issue_pk, order):
        return Article.objects.get(issue_id=issue_pk, order=order).flags

    assert [f["kind"] for f in flags(taken_offline, 2)] == ["status_before_migration"]
    assert "审核中" in flags(taken_offline, 2)[0]["text"]
    assert "已导入" in flags(reimported, 2)[0]["text"]
    assert flags(agreed, 1) == [{"kind": "doubled_char", "text": "不不"}]  # earlier flags kept
    assert flags(agreed, 2) == flags(draft, 2) == []
    assert Group.objects.filter(name__in=["编辑", "校对", "值班主任", "只读"]).count() == 4


def _leaves():
    executor = MigrationExecutor(connection)
    return [
        (node[0], node) for node in executor.loader.graph.leaf_nodes() if node[0] in {"archive", "editorial"}
    ]
