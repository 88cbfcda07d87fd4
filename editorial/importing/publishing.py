"""The one place the importer publishes: through the newsroom's workflow and its publish gate.

``import_archive --publish`` publishes an issue only when the gate (``editorial.workflow``) has
nothing to say: every marker linked for sure and every flag reviewed. A freshly imported issue is
first sent to review (publishing starts from 审核中), in the same transaction, so a refused issue
is left exactly as imported. Returns the reasons an issue was not published (empty when it was).
"""

from __future__ import annotations

from django.db import transaction

from archive.models import Issue, Status

from .. import workflow


def publish_if_ready(issue: Issue, user=None) -> list[str]:
    """Publish the issue when it passes the gate; return the reasons in Chinese when it does not."""
    if issue.is_published:
        return []
    problems = workflow.publication_problems(issue)
    if problems:
        return problems
    try:
        with transaction.atomic():
            if issue.status == Status.IMPORTED:
                workflow.send_to_review(issue, user)
            workflow.publish(issue, user)
    except workflow.TransitionRefused as exc:
        return list(exc.reasons)
    return []
