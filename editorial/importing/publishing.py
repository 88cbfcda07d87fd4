"""The one place the importer publishes, so the newsroom's publish gate can be swapped in.

desk-publish is rewriting ``editorial.workflow`` around ``publish(issue, user, override_reason=None)``
with the full gate (unmatched or proposed markers, unreviewed flags). Until it lands this wrapper
applies the part of the gate the importer can see (markers) and moves the issue with
``set_issues_status``. Returns the reasons an issue was not published (empty when it was).
"""

from __future__ import annotations

from archive.models import ContinuationMarker, Issue, Status

from .. import workflow

OPEN_LINKS = (ContinuationMarker.LinkStatus.NONE, ContinuationMarker.LinkStatus.PROPOSED)


def gate_reasons(issue: Issue) -> list[str]:
    """Why the issue may not be published yet, in Chinese; empty when it may."""
    open_markers = ContinuationMarker.objects.filter(article__issue=issue, link_status__in=OPEN_LINKS).count()
    return [f"{open_markers} 个转版标记未匹配或待确认"] if open_markers else []


def publish_if_ready(issue: Issue, user=None) -> list[str]:
    """Publish the issue when it passes the gate; return the reasons when it does not."""
    publish = getattr(workflow, "publish", None)
    if publish is not None:  # desk-publish's gate, when merged
        try:
            publish(issue, user)
        except Exception as exc:  # its refusal carries the reasons
            return [str(exc)]
        return []
    reasons = gate_reasons(issue)
    if not reasons:
        workflow.set_issues_status([issue.pk], Status.PUBLISHED, user)
    return reasons
