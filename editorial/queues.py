"""The newsroom's work queues across issues, shown on the admin index: one table row per queue.

A queue is data: its title, how to count its items per issue (a correlated subquery on Issue)
and where its full list is. Another part of the newsroom adds a queue by appending one Queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from archive.models import ContinuationLink, ContinuationMarker, Correction, Issue

from .models import ArticleFlag

ISSUES_SHOWN = 20


def per_issue_count(queryset, issue_path: str):
    """COUNT of a queryset's rows belonging to the outer issue, as a subquery that never fans out."""
    rows = (
        queryset.filter(**{issue_path: OuterRef("pk")})
        .order_by()
        .values(issue_path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class Queue:
    """One kind of pending work: its rows per issue and the admin list that works through it."""

    key: str
    title: str
    items: Callable[[], object]  # queryset of the pending items, archive-wide
    issue_path: str  # lookup from an item to its issue id
    list_url: Callable[[], str]

    def total(self) -> int:
        return self.items().count()

    def per_issue(self):
        return per_issue_count(self.items(), self.issue_path)


QUEUES: list[Queue] = [
    Queue(
        "unlinked",
        "待关联的转版标记",
        lambda: ContinuationMarker.objects.unlinked(),
        "article__issue",
        lambda: reverse("admin:archive_continuationmarker_changelist") + "?linked=no",
    ),
    Queue(
        "proposed",
        "待确认的转版关联",
        lambda: ContinuationLink.objects.filter(status=ContinuationLink.Status.PROPOSED),
        "jump__article__issue",
        lambda: reverse("admin:archive_continuationlink_changelist") + "?status__exact=proposed",
    ),
    Queue(
        "flags",
        "待核查项",
        lambda: ArticleFlag.objects.unresolved(),
        "article__issue",
        lambda: reverse("admin:editorial_articleflag_changelist") + "?resolved=no",
    ),
    Queue(
        "errata",
        "待批准的更正",
        lambda: Correction.objects.pending(),
        "article__issue",
        lambda: (
            reverse("admin:archive_correction_changelist") + f"?correction_status={Correction.Status.PENDING}"
        ),
    ),
]


def queue_table(limit: int = ISSUES_SHOWN) -> dict:
    """Totals per queue and the newest issues with any pending work, with their count in each queue."""
    queues = list(QUEUES)
    annotations = {f"q_{q.key}": q.per_issue() for q in queues}
    pending = Q()
    for q in queues:
        pending |= Exists(q.items().filter(**{q.issue_path: OuterRef("pk")}))
    issues = list(
        Issue.objects.filter(pending)
        .select_related("publication")
        .annotate(**annotations)
        .order_by("-date", "pk")[:limit]
    )
    for issue in issues:
        issue.queue_counts = [getattr(issue, f"q_{q.key}") for q in queues]
    return {
        "queues": [{"title": q.title, "total": q.total(), "url": q.list_url()} for q in queues],
        "issues": issues,
    }
