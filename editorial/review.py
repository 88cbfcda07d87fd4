"""What an issue's review page shows: every marker with its link state, every repair, every flag, counts.

Everything is read in a fixed number of queries per issue; the page itself only renders this.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue

from . import repairs as repair_rules
from .labels import repair_label
from .linking import IssueLinks, Kind, points_at_each_other, score_pair
from .models import ArticleFlag

Status = ContinuationLink.Status


@dataclass
class CandidateRow:
    """A possible partner for a marker, with its score and whether something else holds it."""

    marker: ContinuationMarker
    score: float
    taken: bool
    page_mismatch: bool = False  # the markers do not name each other's page: linking needs a reason


@dataclass
class MarkerRow:
    """One printed marker and where it stands."""

    marker: ContinuationMarker
    link: ContinuationLink | None
    partner: ContinuationMarker | None
    candidates: list[CandidateRow] = field(default_factory=list)
    rejected: list[ContinuationMarker] = field(default_factory=list)
    why: str = ""

    @property
    def state(self) -> str:
        return self.link.status if self.link else "unmatched"

    @property
    def state_label(self) -> str:
        return self.link.get_status_display() if self.link else "未关联"


@dataclass
class RepairRow:
    article: Article
    index: int
    repair: dict

    @property
    def kind_label(self) -> str:
        return repair_label(self.repair.get("kind", ""))

    @property
    def state(self) -> str:
        return repair_rules.state_of(self.repair)

    @property
    def state_label(self) -> str:
        return repair_rules.STATE_LABELS[self.state]


@dataclass
class IssueReview:
    issue: Issue
    markers: list[MarkerRow]
    repairs: list[RepairRow]
    flags: list[ArticleFlag]
    partners: list[ContinuationMarker]

    @property
    def counts(self) -> dict[str, int]:
        states = Counter(row.state for row in self.markers)
        repairs = Counter(row.state for row in self.repairs)
        unresolved = sum(1 for f in self.flags if not f.is_resolved)
        return {
            "markers": len(self.markers),
            "linked": states[Status.AUTO] + states[Status.CONFIRMED],
            "proposed": states[Status.PROPOSED],
            "unmatched": states["unmatched"],
            "repairs": len(self.repairs),
            "repairs_pending": repairs[repair_rules.PENDING],
            "flags": len(self.flags),
            "flags_unresolved": unresolved,
        }


def review_issue(issue: Issue) -> IssueReview:
    """Read everything the review page shows for one issue."""
    state = IssueLinks.load(issue)
    rows = marker_rows(state, state.links, page_labels(issue))
    articles = (
        Article.objects.filter(issue=issue)
        .exclude(repairs=[])
        .select_related("page")
        .only("pk", "order", "headline", "repairs", "page__prefix", "page__number")
        .order_by("page__prefix", "page__number", "order")
    )
    repairs = [RepairRow(a, i, r) for a in articles for i, r in enumerate(a.repairs)]
    flags = list(
        ArticleFlag.objects.in_issue(issue)
        .select_related("article__page", "resolved_by")
        .only(
            "pk",
            "kind",
            "text",
            "position",
            "resolved_at",
            "resolved_by__username",
            "article__headline",
            "article__order",
            "article__page__prefix",
            "article__page__number",
        )
        .order_by("article__page__prefix", "article__page__number", "article__order", "position")
    )
    return IssueReview(issue, rows, repairs, flags, state.markers)


def page_labels(issue: Issue) -> set[tuple[str, int]]:
    return set(issue.pages.values_list("prefix", "number"))


def marker_rows(
    state: IssueLinks, links: list[ContinuationLink], pages: set[tuple[str, int]]
) -> list[MarkerRow]:
    """Each marker with its active link, its other candidates and, when unmatched, why."""
    by_pk = {m.pk: m for m in state.markers}
    active = {}
    rejected: dict[int, list[int]] = {}
    for link in links:
        if link.status == Status.REJECTED:
            rejected.setdefault(link.jump_id, []).append(link.back_id)
            rejected.setdefault(link.back_id, []).append(link.jump_id)
        else:
            active[link.jump_id] = active[link.back_id] = link
    jumps = [m for m in state.markers if m.kind == Kind.JUMP]
    backs = [m for m in state.markers if m.kind == Kind.BACK]
    rejected_pairs = state.rejected
    rows = []
    for marker in state.markers:
        link = active.get(marker.pk)
        partner = (
            None if link is None else by_pk.get(link.back_id if link.jump_id == marker.pk else link.jump_id)
        )
        others = backs if marker.kind == Kind.JUMP else jumps
        candidates = []
        for other in others:
            jump, back = (marker, other) if marker.kind == Kind.JUMP else (other, marker)
            if (jump.pk, back.pk) in rejected_pairs or not points_at_each_other(jump, back):
                continue
            if partner is not None and other.pk == partner.pk:
                continue
            candidates.append(CandidateRow(other, round(score_pair(jump, back).score, 3), other.pk in active))
        if not candidates and partner is None:
            candidates = near_candidates(marker, others, rejected_pairs, active)
        candidates.sort(key=lambda c: -c.score)
        row = MarkerRow(marker, link, partner, candidates, [by_pk[pk] for pk in rejected.get(marker.pk, [])])
        if link is None:
            row.why = why_unmatched(marker, others, candidates, row.rejected, pages)
        rows.append(row)
    return rows


def near_candidates(marker, others, rejected_pairs, active) -> list[CandidateRow]:
    """Partners on the page the marker names whose headline fits, though their own marker names another page.

    A made-up or misprinted page (a 04版 piece "上接01版" whose first part says "下转02版") has no
    page-consistent partner; the editor still sees the likely first part and may link it with a reason.
    """
    label = marker.page_label
    if label is None:
        return []
    rows = []
    for other in others:
        if other.article.page.page_label != label or other.article_id == marker.article_id:
            continue
        jump, back = (marker, other) if marker.kind == Kind.JUMP else (other, marker)
        if (jump.pk, back.pk) in rejected_pairs:
            continue
        candidate = score_pair(jump, back)
        if candidate.strong:
            rows.append(
                CandidateRow(other, round(candidate.score, 3), other.pk in active, page_mismatch=True)
            )
    return rows


def why_unmatched(marker, others, candidates, rejected, pages) -> str:
    """Say in Chinese why the linker found no partner, so the editor knows what to do."""
    label = marker.page_label
    if label is None:
        return "标记没有写版次，请从候选中手工关联。"
    if (label.prefix, label.number) not in pages:
        return f"本期还没有{label.display}，导入该版后会自动关联。"
    here = marker.article.page.page_label.display
    on_target = [o for o in others if o.article.page.page_label == label]
    opposite = "上接" if marker.kind == Kind.JUMP else "下转"
    if not on_target:
        return f"{label.display}没有“{opposite}”标记。"
    near = [c for c in candidates if c.page_mismatch]
    candidates = [c for c in candidates if not c.page_mismatch]
    if candidates and all(c.taken for c in candidates):
        return "候选已与其他标记关联，如有错请先解除那一对。"
    if not candidates and rejected:
        return "唯一的候选已被编辑否决。"
    if not candidates:
        mismatch = f"{label.display}的“{opposite}”标记写的不是{here}"
        if near and all(c.taken for c in near):
            return f"{mismatch}；标题相近的候选已与其他版关联，如确属同一篇，请先解除那一对。"
        if near:
            return f"{mismatch}；下列标题相近的候选如确属同一篇，请填写说明后关联。"
        return f"{mismatch}，如确属同一篇，请填写说明后手工关联。"
    return "有候选但尚未关联：可在此手工关联，或运行 link_continuations 重新自动关联。"
