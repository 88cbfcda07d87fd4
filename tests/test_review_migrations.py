"""Migrating an existing archive keeps its continuation links (as one row each) and its flags (as rows)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Just before review's migrations: markers still hold their links, articles their flags as a list.
BEFORE = [("archive", "0007_history_marker_page_validators"), ("editorial", "0002_desk_publish_roles")]
AFTER = [("archive", "0010_review_drop_marker_links"), ("editorial", "0004_review_flags_from_articles")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_links_and_flags_survive_the_migration():
    old = migrate(BEFORE)
    try:
        Publication, Issue, Page = (old.get_model("archive", m) for m in ("Publication", "Issue", "Page"))
        Article, Marker = old.get_model("archive", "Article"), old.get_model("archive", "ContinuationMarker")
        issue = Issue.objects.create(
            publication=Publication.objects.create(name="某某报", slug="m"), date="2026-04-27"
        )
        p1, p2 = Page.objects.create(issue=issue, number=1), Page.objects.create(issue=issue, number=2)
        first = Article.objects.create(
            issue=issue, page=p1, order=1, headline="甲", flags=[{"kind": "doubled_char", "text": "不不"}]
        )
        second = Article.objects.create(issue=issue, page=p2, order=1, headline="甲")
        lonely = Article.objects.create(issue=issue, page=p2, order=2, headline="乙")
        Marker.objects.create(
            article=first,
            kind="jump",
            text="(下转02版)",
            page_number=2,
            linked_article=second,
            link_status="confirmed",
        )
        Marker.objects.create(
            article=second,
            kind="back",
            text="(上接01版)",
            page_number=1,
            linked_article=first,
            link_status="confirmed",
        )
        # A half-link left by the old two-row design: its partner never pointed back.
        Marker.objects.create(
            article=lonely,
            kind="back",
            text="(上接01版)",
            page_number=1,
            linked_article=first,
            link_status="auto",
        )

        new = migrate(AFTER)
        Link, Flag = new.get_model("archive", "ContinuationLink"), new.get_model("editorial", "ArticleFlag")
        links = list(Link.objects.values_list("jump__article__headline", "back__article_id", "status"))
        assert links == [("甲", second.pk, "confirmed")]
        assert list(Flag.objects.values_list("article_id", "kind", "text", "resolved_at")) == [
            (first.pk, "doubled_char", "不不", None)
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
