"""Match jump lines (下转) to back lines (上接) across an issue, so a continued piece reads as one.

The page numbers only say where to look; several pieces can jump to the same page, so the
headline decides. Pure scoring helpers come first; ``link_issue`` is the one function that writes.
Editors' decisions (confirmed, rejected) are never changed here; a link is one ContinuationLink row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue
from archive.models.markers import continuation_chain  # noqa: F401  (re-exported for callers)
from archive.parsing import ends_closed
from archive.text.similarity import dice, normalise_title

Status = ContinuationLink.Status
Kind = ContinuationMarker.Kind

STRONG_FIT = 0.5  # headline similarity that counts as the same piece
MIN_SUBSTRING = 3  # shortest shortened headline trusted as a substring match
OPEN_ENDING_BONUS = 0.1  # first part stops mid-sentence and the second part has text


# Pure scoring


def first_part_titles(article: Article) -> list[str]:
    """The title lines of the first part that a repeated headline may echo."""
    parts = [
        article.headline,
        article.kicker,
        article.subtitle,
        article.kicker + article.headline,
        article.headline + article.subtitle,
    ]
    return unique_nonempty(normalise_title(p) for p in parts)


def second_part_titles(article: Article) -> list[str]:
    """The title lines of the continuation; a section label above it says nothing about the piece."""
    return unique_nonempty(
        normalise_title(p) for p in (article.headline, article.headline + article.subtitle)
    )


def unique_nonempty(items) -> list[str]:
    """Keep the first of each non-empty string, in order."""
    return list(dict.fromkeys(i for i in items if i))


def headline_fit(first: Article, second: Article) -> tuple[float, bool]:
    """Score how well the continuation's headline fits the first part's; True when one contains the other."""
    a_parts, b_parts = first_part_titles(first), second_part_titles(second)
    if not a_parts or not b_parts:
        return 0.0, False
    contained = any(is_contained(a, b) for a in a_parts for b in b_parts)
    return max(dice(a, b) for a in a_parts for b in b_parts), contained


def is_contained(a: str, b: str) -> bool:
    """Say whether the shorter title, long enough to mean something, sits inside the longer one."""
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_SUBSTRING and short in long


def ends_open(article: Article) -> bool:
    """Say whether the last paragraph stops mid-sentence (markers are already out of the text)."""
    paragraphs = article.paragraphs
    return bool(paragraphs) and not ends_closed(paragraphs[-1].rstrip())


def has_text(article: Article) -> bool:
    """Say whether the continuation has a paragraph for the first part's sentence to run into."""
    return any(article.paragraphs)


@dataclass
class Candidate:
    """A jump and a back line whose page numbers point at each other, with how well the pieces fit."""

    jump: ContinuationMarker
    back: ContinuationMarker
    fit: float
    contained: bool
    score: float

    @property
    def strong(self) -> bool:
        return self.contained or self.fit >= STRONG_FIT


def score_pair(jump: ContinuationMarker, back: ContinuationMarker) -> Candidate:
    """Score a jump/back pair by headline fit, with a small bonus for a sentence running across pages."""
    first, second = jump.article, back.article
    fit, contained = headline_fit(first, second)
    score = (1.0 if contained else fit) + (OPEN_ENDING_BONUS if ends_open(first) and has_text(second) else 0)
    return Candidate(jump, back, fit, contained, score)


def page_of(article: Article) -> tuple[str, int]:
    """The article's page as (prefix, number), to compare with what a marker names."""
    return article.page.prefix, article.page.number


def names(marker: ContinuationMarker) -> tuple[str, int | None]:
    """The page a marker names as (prefix, number)."""
    return marker.page_prefix, marker.page_number


def points_at_each_other(jump: ContinuationMarker, back: ContinuationMarker) -> bool:
    """Say whether the back line sits on the page the jump names and names the jump's page."""
    return (
        jump.article_id != back.article_id
        and names(jump) == page_of(back.article)
        and names(back) == page_of(jump.article)
    )


def candidates(
    jumps: list[ContinuationMarker], backs: list[ContinuationMarker], rejected: set[tuple[int, int]]
) -> list[Candidate]:
    """All page-consistent (jump, back) marker pairs not rejected by an editor, best first, in a stable order."""
    found = [
        score_pair(j, b)
        for j in jumps
        for b in backs
        if points_at_each_other(j, b) and (j.pk, b.pk) not in rejected
    ]
    found.sort(key=lambda c: (-c.score, c.jump.article_id, c.jump.order, c.back.article_id, c.back.order))
    return found


def assign(found: list[Candidate]) -> list[tuple[Candidate, str]]:
    """Pair markers one-to-one, best first; auto only when the match is strong and no rival is."""
    used: set[int] = set()
    chosen = []
    for cand in found:
        if cand.jump.pk in used or cand.back.pk in used:
            continue
        rivals = [
            c
            for c in found
            if c is not cand
            and (c.jump.pk == cand.jump.pk or c.back.pk == cand.back.pk)
            and c.jump.pk not in used
            and c.back.pk not in used
        ]
        unique = not any(r.strong for r in rivals)
        chosen.append((cand, Status.AUTO if cand.strong and unique else Status.PROPOSED))
        used.update((cand.jump.pk, cand.back.pk))
    return chosen


# Writing


@dataclass
class IssueLinks:
    """An issue's markers and link rows, read once, for the linker and the review page."""

    markers: list[ContinuationMarker]
    links: list[ContinuationLink]

    @classmethod
    def load(cls, issue: Issue) -> IssueLinks:
        markers = list(
            ContinuationMarker.objects.filter(article__issue=issue)
            .select_related("article__page")
            .order_by("article__page__prefix", "article__page__number", "article__order", "order")
        )
        links = list(ContinuationLink.objects.in_issue(issue).select_related("decided_by"))
        return cls(markers, links)

    @property
    def busy(self) -> set[int]:
        """Markers held by an active link."""
        return {
            pk for link in self.links if link.status != Status.REJECTED for pk in (link.jump_id, link.back_id)
        }

    @property
    def rejected(self) -> set[tuple[int, int]]:
        """(jump, back) marker pairs an editor rejected."""
        return {(link.jump_id, link.back_id) for link in self.links if link.status == Status.REJECTED}

    def free(self, kind: str) -> list[ContinuationMarker]:
        """Markers of one kind that name a page and have no active link."""
        busy = self.busy
        return [m for m in self.markers if m.kind == kind and m.page_number is not None and m.pk not in busy]

    def unmatched(self) -> list[ContinuationMarker]:
        busy = self.busy
        return [m for m in self.markers if m.pk not in busy]


def link_issue(issue: Issue) -> list[ContinuationMarker]:
    """Link every free jump in the issue to its best free back line and return the markers left unmatched."""
    return link_issues([issue.pk])[issue.pk]


def link_issues(issue_ids: list[int]) -> dict[int, list[ContinuationMarker]]:
    """Link the free jumps of several issues: one select of markers, one of links, one bulk insert.

    The bulk import links a batch of new issues at once; editors' decisions (confirmed, rejected)
    are never changed, and rejected pairs are never proposed again. Returns the unmatched by issue.
    """
    markers: dict[int, list[ContinuationMarker]] = {pk: [] for pk in issue_ids}
    links: dict[int, list[ContinuationLink]] = {pk: [] for pk in issue_ids}
    with transaction.atomic(savepoint=False):  # inside an import: no savepoint round trips
        rows = (
            ContinuationMarker.objects.filter(article__issue__in=issue_ids)
            .select_related("article__page")
            .defer(
                "article__stored_imported_text", "article__imported_snapshot", "article__page__source_text"
            )
            .order_by("article__page__prefix", "article__page__number", "article__order", "order")
        )
        for marker in rows:
            markers[marker.article.issue_id].append(marker)
        issue_of = {m.pk: pk for pk, found in markers.items() for m in found}
        if issue_of:
            for link in ContinuationLink.objects.filter(jump__article__issue__in=issue_ids).select_related(
                "decided_by"
            ):
                links[issue_of[link.jump_id]].append(link)
        new_rows = []
        for pk in issue_ids:
            state = IssueLinks(markers[pk], links[pk])
            chosen = assign(candidates(state.free(Kind.JUMP), state.free(Kind.BACK), state.rejected))
            made = [
                ContinuationLink(jump=c.jump, back=c.back, status=status, score=round(c.score, 3))
                for c, status in chosen
            ]
            links[pk].extend(made)
            new_rows.extend(made)
        ContinuationLink.objects.bulk_create(new_rows, batch_size=1000)
    return {pk: IssueLinks(markers[pk], links[pk]).unmatched() for pk in issue_ids}
