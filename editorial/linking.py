"""Match jump lines (下转) to back lines (上接) across an issue, so a continued piece reads as one.

The page numbers only say where to look; several pieces can jump to the same page, so the
headline decides. Pure scoring helpers come first; ``link_issue`` is the one function that writes.
Editors' decisions (confirmed, rejected) are never changed here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from archive.models import Article, ContinuationMarker, Issue, Page
from archive.models.markers import continuation_chain  # noqa: F401  (re-exported for callers)
from archive.parsing import ends_closed

Status = ContinuationMarker.LinkStatus
Kind = ContinuationMarker.Kind

STRONG_FIT = 0.5  # headline similarity that counts as the same piece
MIN_SUBSTRING = 3  # shortest shortened headline trusted as a substring match
OPEN_ENDING_BONUS = 0.1  # first part stops mid-sentence and the second part has text


# Pure scoring


def normalise_title(text: str | None) -> str:
    """Fold full/half width and drop punctuation and spaces, so only the words are compared."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def bigrams(text: str) -> set[str]:
    """Character pairs, the usual unit for comparing short Chinese strings."""
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def dice(a: str, b: str) -> float:
    """Dice coefficient of two strings' bigrams: 1.0 for the same words, 0.0 for nothing shared."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


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
    """All page-consistent pairs not rejected by an editor, best first, in a stable order."""
    found = [
        score_pair(j, b)
        for j in jumps
        for b in backs
        if points_at_each_other(j, b) and (j.article_id, b.article_id) not in rejected
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


def link_issue(issue: Issue) -> list[ContinuationMarker]:
    """Link every unlinked jump in the issue to its best back line and return the markers left unmatched."""
    markers = list(
        ContinuationMarker.objects.filter(article__issue=issue).select_related(
            "article__page", "linked_article"
        )
    )
    free = [m for m in markers if m.link_status == Status.NONE and m.page_number is not None]
    jumps = [m for m in free if m.kind == Kind.JUMP]
    backs = [m for m in free if m.kind == Kind.BACK]
    for cand, status in assign(candidates(jumps, backs, rejected_pairs(markers))):
        link_pair(cand.jump, cand.back, status)
    unmatched = [m for m in markers if m.link_status == Status.NONE]
    unmatched.sort(key=lambda m: (m.article.page.prefix, m.article.page.number, m.article.order, m.order))
    return unmatched


def rejected_pairs(markers: list[ContinuationMarker]) -> set[tuple[int, int]]:
    """(first part, continuation) article pairs an editor rejected, from either side's marker."""
    pairs = set()
    for m in markers:
        if m.link_status == Status.REJECTED and m.linked_article_id:
            pair = (m.article_id, m.linked_article_id)
            pairs.add(pair if m.kind == Kind.JUMP else pair[::-1])
    return pairs


def link_pair(jump: ContinuationMarker, back: ContinuationMarker, status: str) -> None:
    """Point the jump and the back line at each other's article with the same status."""
    jump.linked_article_id, jump.link_status = back.article_id, status
    back.linked_article_id, back.link_status = jump.article_id, status
    jump.save(update_fields=["linked_article", "link_status"])
    back.save(update_fields=["linked_article", "link_status"])


# Surviving a re-import of one page


@dataclass(frozen=True)
class KeptLink:
    """A link from another page into an article about to be replaced, to restore onto its successor."""

    marker: ContinuationMarker
    order: int
    headline: str
    status: str


def detach_incoming(page: Page) -> list[KeptLink]:
    """Unlink every marker pointing into the page's articles, so deleting them cannot break the link constraint."""
    incoming = ContinuationMarker.objects.filter(linked_article__page=page).select_related(
        "article__page", "linked_article"
    )
    kept = [
        KeptLink(m, m.linked_article.order, m.linked_article.headline, m.link_status)
        for m in incoming
        if m.article.page_id != page.pk
    ]
    incoming.update(linked_article=None, link_status=Status.NONE)
    return kept


def reattach_incoming(page: Page, kept: list[KeptLink]) -> None:
    """Restore links (and editors' confirmations or rejections) onto the re-imported article with the same place and headline."""
    successors = {(a.order, a.headline): a for a in page.articles.all()}
    for link in kept:
        article = successors.get((link.order, link.headline))
        if article is None:
            continue
        marker = link.marker
        opposite = Kind.BACK if marker.kind == Kind.JUMP else Kind.JUMP
        partner = article.markers.filter(
            kind=opposite,
            link_status=Status.NONE,
            page_prefix=marker.article.page.prefix,
            page_number=marker.article.page.number,
        ).first()
        if partner is None:
            continue
        jump, back = (marker, partner) if marker.kind == Kind.JUMP else (partner, marker)
        link_pair(jump, back, link.status)
