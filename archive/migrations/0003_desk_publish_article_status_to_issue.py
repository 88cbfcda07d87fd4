"""Move visibility onto the issue alone before Article.status is dropped, losing nothing editors decided.

Until now an article had its own status beside its issue's, and readers saw it only when both said
"published". From the next migration on, an article is public exactly when its issue is. Where the two
rows disagreed on a published issue:

- an article an editor had put back to 审核中 was taken offline on purpose: its issue is withdrawn
  (已撤回, first publication time kept) so nothing hidden becomes public, and the article is flagged;
- an article still 已导入 (typically added by a re-import into a published issue) becomes public with
  its issue, and is flagged so an editor checks it.

The flag (kind ``status_before_migration``) names the old status; the review queue lists it.
"""

from django.db import migrations
from django.db.models import F

PUBLISHED, REVIEW, WITHDRAWN = "published", "review", "withdrawn"
LABELS = {"imported": "已导入", "review": "审核中", "published": "已发布"}


def move_visibility_to_issues(apps, schema_editor):
    Issue = apps.get_model("archive", "Issue")
    Article = apps.get_model("archive", "Article")
    Issue.objects.filter(status=PUBLISHED, last_published_at__isnull=True).update(
        last_published_at=F("published_at")
    )
    hidden = Article.objects.filter(issue__status=PUBLISHED).exclude(status=PUBLISHED)
    withdraw = set(hidden.filter(status=REVIEW).values_list("issue_id", flat=True))
    for article in hidden.only("pk", "status", "flags").iterator(chunk_size=2000):
        label = LABELS.get(article.status, article.status)
        note = {
            "kind": "status_before_migration",
            "text": f"状态合并前本文为“{label}”而期次已发布；请核对本文是否应公开。",
        }
        Article.objects.filter(pk=article.pk).update(flags=[*(article.flags or []), note])
    if withdraw:
        Issue.objects.filter(pk__in=withdraw).update(status=WITHDRAWN)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_desk_publish_issue_workflow")]

    operations = [migrations.RunPython(move_visibility_to_issues, migrations.RunPython.noop)]
