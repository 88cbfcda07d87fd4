"""The newsroom's workflow steps that change what readers see."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from archive.models import Article, Issue, Status


def set_issues_status(issue_ids, status: str, user=None) -> int:
    """Move issues and all their articles to one status together, so readers never see half an issue."""
    now = timezone.now()
    with transaction.atomic():
        issues = Issue.objects.filter(pk__in=list(issue_ids))
        issues.exclude(status=status).update(status=status, updated_at=now)
        if status == Status.PUBLISHED:
            # Publishing an already published issue again keeps its publication time.
            issues.filter(published_at__isnull=True).update(published_at=now)
        else:
            issues.exclude(published_at=None).update(published_at=None)
        # Articles go through simple_history so the status change is on record with who did it.
        articles = list(Article.objects.filter(issue__in=issues).exclude(status=status))
        for article in articles:
            article.status = status
            article.updated_at = now
        if articles:
            bulk_update_with_history(
                articles,
                Article,
                ["status", "updated_at"],
                default_user=user,
                default_change_reason=f"期次状态改为{Status(status).label}",
            )
    return issues.count()
