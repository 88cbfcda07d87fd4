"""The newsroom's workflow steps that change what readers see: 送审, 发布 (through the gate), 撤回, 退回审核.

Visibility lives on the issue alone, so every step is a handful of set-based statements whatever the
size of the issues: lock and read their statuses, check the gate, one UPDATE of the issues, one INSERT
of the events. Nothing is written per article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue, Status
from archive.parsing.pagelabel import PageLabel
from editorial.models import PublicationEvent

Action = PublicationEvent.Action
UNLINKED, PROPOSED = "unlinked", ContinuationLink.Status.PROPOSED


def open_markers(issue_ids: list[int]):
    """The issues' markers the gate stops at, each annotated ``link_state``.

    ``unlinked``: no auto, proposed or confirmed link holds the marker. ``proposed``: the jump line
    of a link still waiting for an editor; a link is one row with two sides, so it is named once,
    at its jump line, and its back line is not counted again.
    """
    links = ContinuationLink.objects.filter(Q(jump=OuterRef("pk")) | Q(back=OuterRef("pk")))
    proposed_here = ContinuationLink.objects.filter(jump=OuterRef("pk"), status=PROPOSED)
    state = Case(
        When(~Exists(links.active()), then=Value(UNLINKED)),
        When(Exists(proposed_here), then=Value(PROPOSED)),
        default=Value(""),
        output_field=CharField(),
    )
    return (
        ContinuationMarker.objects.filter(article__issue_id__in=issue_ids)
        .annotate(link_state=state)
        .exclude(link_state="")
    )


EXAMPLES = 5  # problems named one by one per issue; the rest are counted


@dataclass(frozen=True)
class Step:
    """One arrow of the state diagram: where it may start, where it ends, who may take it."""

    action: str
    sources: tuple[str, ...]
    target: str
    permission: str
    gated: bool = False

    @property
    def label(self) -> str:
        return Action(self.action).label


STEPS = {
    Action.SEND_TO_REVIEW: Step(
        Action.SEND_TO_REVIEW, (Status.IMPORTED,), Status.REVIEW, "archive.send_issue_to_review"
    ),
    Action.PUBLISH: Step(
        Action.PUBLISH,
        (Status.REVIEW, Status.WITHDRAWN),
        Status.PUBLISHED,
        "archive.publish_issue",
        gated=True,
    ),
    Action.WITHDRAW: Step(Action.WITHDRAW, (Status.PUBLISHED,), Status.WITHDRAWN, "archive.withdraw_issue"),
    Action.RETURN_TO_REVIEW: Step(
        Action.RETURN_TO_REVIEW, (Status.PUBLISHED, Status.WITHDRAWN), Status.REVIEW, "archive.withdraw_issue"
    ),
}
OVERRIDE_PERMISSION = "archive.override_publication_gate"


class TransitionRefused(Exception):
    """A workflow step that was not taken, with the reasons in Chinese for the editor."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__("；".join(self.reasons))


@dataclass
class Outcome:
    """What a step did to a set of issues: which moved (with their events) and which were refused, and why."""

    step: Step
    events: list[PublicationEvent] = field(default_factory=list)
    refused: dict[int, list[str]] = field(default_factory=dict)

    @property
    def done(self) -> list[int]:
        return [event.issue_id for event in self.events]


# The gate


def marker_place(page_prefix: str, page_number: int, headline: str) -> str:
    return f"{PageLabel(page_prefix, page_number).display}《{headline or '（无标题）'}》"


def gate_problems(issue_ids: Iterable[int]) -> dict[int, list[str]]:
    """Why each issue may not be published yet, in Chinese; issues with nothing to say are absent.

    A fixed number of queries whatever the number of issues and articles: counts per issue, and the
    first few examples per issue through a window function.
    """
    ids = list(issue_ids)
    markers = open_markers(ids)
    flagged = Article.objects.filter(issue_id__in=ids).with_unreviewed_flags()
    counts: dict[tuple[int, str], int] = {}
    for row in (
        markers.order_by()
        .values("article__issue_id", "link_state")
        .annotate(n=Count("pk"))
        .values_list("article__issue_id", "link_state", "n")
    ):
        counts[(row[0], row[1])] = row[2]
    for issue_id, n in (
        flagged.order_by().values("issue_id").annotate(n=Count("pk")).values_list("issue_id", "n")
    ):
        counts[(issue_id, "flags")] = n
    if not counts:
        return {}

    examples: dict[tuple[int, str], list[str]] = {}
    page_order = [F("article__page__prefix"), F("article__page__number"), F("article__order"), F("order")]
    marker_rows = (
        markers.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("article__issue_id"), F("link_state")], order_by=page_order
            )
        )
        .filter(rank__lte=EXAMPLES)
        .values_list(
            "article__issue_id",
            "link_state",
            "article__page__prefix",
            "article__page__number",
            "article__headline",
            "text",
        )
    )
    for issue_id, link_state, prefix, number, headline, text in marker_rows:
        examples.setdefault((issue_id, link_state), []).append(
            f"{marker_place(prefix, number, headline)}{text}"
        )
    article_rows = (
        flagged.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("issue_id")],
                order_by=[F("page__prefix"), F("page__number"), F("order")],
            )
        )
        .filter(rank__lte=EXAMPLES)
        .values_list("issue_id", "page__prefix", "page__number", "headline")
    )
    for issue_id, prefix, number, headline in article_rows:
        examples.setdefault((issue_id, "flags"), []).append(marker_place(prefix, number, headline))

    sentences = {
        UNLINKED: "有 {n} 个转版标记尚未关联",
        PROPOSED: "有 {n} 个转版关联待确认",
        "flags": "有 {n} 篇文章的待核查标记尚未处理",
    }
    problems: dict[int, list[str]] = {}
    for (issue_id, kind), n in sorted(
        counts.items(), key=lambda item: (item[0][0], list(sentences).index(item[0][1]))
    ):
        named = examples.get((issue_id, kind), [])
        more = f" 等 {n} 处" if n > len(named) else ""
        problems.setdefault(issue_id, []).append(f"{sentences[kind].format(n=n)}：{'、'.join(named)}{more}")
    return problems


def publication_problems(issue: Issue) -> list[str]:
    """Why this issue may not be published yet; an empty list means the gate is open."""
    return gate_problems([issue.pk]).get(issue.pk, [])


# Taking a step


def may(user, step: Step) -> bool:
    """None stands for the command line, which runs with the operator's authority."""
    return user is None or user.has_perm(step.permission)


def may_override(user) -> bool:
    return user is None or user.has_perm(OVERRIDE_PERMISSION)


def take_step(
    issue_ids: Iterable[int], action: str, user=None, override_reason: str | None = None
) -> Outcome:
    """Move the issues one step along the workflow, each through the gate when the step has one.

    Issues that may not move are left as they are and listed in ``refused`` with reasons; the others
    move in one UPDATE with one event each. A fixed number of queries whatever the issues' size.
    """
    step = STEPS[Action(action)]
    reason = (override_reason or "").strip()
    outcome = Outcome(step)
    if not may(user, step):
        raise TransitionRefused([f"你没有{step.label}期次的权限。"])
    if reason and not may_override(user):
        raise TransitionRefused(["只有值班主任可以越过发布检查。"])
    now = timezone.now()
    with transaction.atomic():
        current = dict(
            Issue.objects.select_for_update()
            .filter(pk__in=list(issue_ids))
            .order_by("pk")
            .values_list("pk", "status")
        )
        movable = []
        for pk, status in current.items():
            if status in step.sources:
                movable.append(pk)
            else:
                allowed = "、".join(f"“{Status(s).label}”" for s in step.sources)
                outcome.refused[pk] = [
                    f"当前状态是“{Status(status).label}”，只有{allowed}的期次可以{step.label}。"
                ]
        problems = gate_problems(movable) if step.gated else {}
        if problems and not reason:
            for pk, found in problems.items():
                outcome.refused[pk] = found
            movable = [pk for pk in movable if pk not in problems]
        if movable:
            Issue.objects.filter(pk__in=movable).update(**changes(step, now))
            outcome.events = PublicationEvent.objects.bulk_create(
                PublicationEvent(
                    issue_id=pk,
                    action=step.action,
                    from_status=current[pk],
                    to_status=step.target,
                    user=user,
                    at=now,
                    override_reason=reason if problems.get(pk) else "",
                    problems=problems.get(pk, []),
                )
                for pk in movable
            )
    return outcome


def changes(step: Step, now) -> dict:
    """The columns one step writes: the status, the version (so a form loaded before it is stale), times."""
    values = {"status": step.target, "version": F("version") + 1, "updated_at": now}
    if step.target == Status.PUBLISHED:
        values["published_at"] = Coalesce(F("published_at"), Value(now))  # the first publication stays
        values["last_published_at"] = now
    return values


def take_one(issue: Issue, action: str, user=None, override_reason: str | None = None) -> PublicationEvent:
    outcome = take_step([issue.pk], action, user, override_reason)
    if issue.pk in outcome.refused:
        raise TransitionRefused(outcome.refused[issue.pk])
    issue.refresh_from_db(fields=["status", "published_at", "last_published_at", "version", "updated_at"])
    return outcome.events[0]


def send_to_review(issue: Issue, user=None) -> PublicationEvent:
    return take_one(issue, Action.SEND_TO_REVIEW, user)


def publish(issue: Issue, user=None, override_reason: str | None = None) -> PublicationEvent:
    """Publish through the gate; with problems only a 值班主任 (or the command line) with a reason gets past."""
    return take_one(issue, Action.PUBLISH, user, override_reason)


def withdraw(issue: Issue, user=None) -> PublicationEvent:
    return take_one(issue, Action.WITHDRAW, user)


def return_to_review(issue: Issue, user=None) -> PublicationEvent:
    return take_one(issue, Action.RETURN_TO_REVIEW, user)
