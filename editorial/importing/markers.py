"""Every write the importer makes to continuation markers, in one module.

The review helper may turn a jump/back pair into one link record; the importer's handling of
markers (creating them, updating them in place on a re-import so their links survive, linking
an issue with one bulk update) lives here so it can follow in one place.
"""

from __future__ import annotations

from archive.models import Article, ContinuationMarker, Issue
from archive.parsing import ParsedArticle, split_page_key

from .. import linking

LinkStatus = ContinuationMarker.LinkStatus
EDITOR_DECISIONS = (LinkStatus.CONFIRMED, LinkStatus.REJECTED)


def new_markers(article_id: int, parsed: ParsedArticle) -> list[ContinuationMarker]:
    """Unsaved rows for every jump and back line as printed, unlinked until linking runs."""
    rows = []
    for order, marker in enumerate(parsed.markers, start=1):
        prefix, number = split_page_key(marker.page) if marker.page is not None else ("", None)
        rows.append(
            ContinuationMarker(
                article_id=article_id,
                kind=marker.kind,
                text=marker.text,
                page_prefix=prefix,
                page_number=number,
                order=order,
            )
        )
    return rows


def _target(marker) -> tuple[str, str, int | None]:
    return marker.kind, marker.page_prefix, marker.page_number


def pair_markers(
    stored: list[ContinuationMarker], fresh: list[ContinuationMarker]
) -> tuple[
    list[tuple[ContinuationMarker, ContinuationMarker]], list[ContinuationMarker], list[ContinuationMarker]
]:
    """Pair stored markers with the new parse's by kind and page named, in order.

    Returns (pairs, stored markers that disappear, new markers to create).
    """
    pairs, gone = [], []
    remaining = list(fresh)
    for old in sorted(stored, key=lambda m: m.order):
        match = next((m for m in remaining if _target(m) == _target(old)), None)
        if match is None:
            gone.append(old)
        else:
            remaining.remove(match)
            pairs.append((old, match))
    return pairs, gone, remaining


def lost_decisions(stored: list[ContinuationMarker], parsed: ParsedArticle) -> list[ContinuationMarker]:
    """Stored markers carrying an editor's link decision that the new parse would drop."""
    _, gone, _ = pair_markers(stored, new_markers(0, parsed))
    return [m for m in gone if m.link_status in EDITOR_DECISIONS]


def sync_markers(article: Article, stored: list[ContinuationMarker], parsed: ParsedArticle) -> None:
    """Update an article's markers in place from the new parse; links of kept markers survive."""
    pairs, gone, fresh = pair_markers(stored, new_markers(article.pk, parsed))
    if gone:
        unlink(gone)
        ContinuationMarker.objects.filter(pk__in=[m.pk for m in gone]).delete()
    changed = []
    for old, new in pairs:
        if (old.text, old.order) != (new.text, new.order):
            old.text, old.order = new.text, new.order
            changed.append(old)
    if changed:
        ContinuationMarker.objects.bulk_update(changed, ["text", "order"])
    if fresh:
        ContinuationMarker.objects.bulk_create(fresh)


def unlink(markers: list[ContinuationMarker]) -> None:
    """Clear the links of markers about to go and of their partners on the other side."""
    ids = [m.pk for m in markers]
    articles = {m.article_id for m in markers}
    partners = ContinuationMarker.objects.filter(linked_article__in=articles, article__in=linked_ids(markers))
    partners.update(linked_article=None, link_status=LinkStatus.NONE)
    ContinuationMarker.objects.filter(pk__in=ids).update(linked_article=None, link_status=LinkStatus.NONE)


def linked_ids(markers: list[ContinuationMarker]) -> set[int]:
    return {m.linked_article_id for m in markers if m.linked_article_id}


def unlink_articles(article_ids: list[int]) -> None:
    """Clear every link into or out of articles about to be deleted."""
    ContinuationMarker.objects.filter(linked_article__in=article_ids).update(
        linked_article=None, link_status=LinkStatus.NONE
    )


def link_issue(issue: Issue) -> list[ContinuationMarker]:
    """Link every free jump in the issue to its best back line; return the markers left unmatched."""
    return link_issues([issue.pk])[issue.pk]


def link_issues(issue_ids: list[int]) -> dict[int, list[ContinuationMarker]]:
    """Link the free jumps of several issues with one select and one bulk update; unmatched by issue.

    Scoring is editorial.linking's (pure); only the writing is batched here. Editors' decisions
    (confirmed, rejected) are never changed.
    """
    by_issue: dict[int, list[ContinuationMarker]] = {pk: [] for pk in issue_ids}
    rows = (
        ContinuationMarker.objects.filter(article__issue__in=issue_ids)
        .select_related("article__page")
        .defer("article__imported_text", "article__imported_snapshot", "article__page__source_text")
    )
    for marker in rows:
        by_issue[marker.article.issue_id].append(marker)
    changed = []
    for markers in by_issue.values():
        changed.extend(assign_links(markers))
    if changed:
        ContinuationMarker.objects.bulk_update(changed, ["linked_article", "link_status"], batch_size=1000)
    unmatched = {}
    for pk, markers in by_issue.items():
        left = [m for m in markers if m.link_status == LinkStatus.NONE]
        left.sort(key=lambda m: (m.article.page.prefix, m.article.page.number, m.article.order, m.order))
        unmatched[pk] = left
    return unmatched


def assign_links(markers: list[ContinuationMarker]) -> list[ContinuationMarker]:
    """Pair one issue's free jumps and back lines in memory; return the markers that changed."""
    free = [m for m in markers if m.link_status == LinkStatus.NONE and m.page_number is not None]
    jumps = [m for m in free if m.kind == ContinuationMarker.Kind.JUMP]
    backs = [m for m in free if m.kind == ContinuationMarker.Kind.BACK]
    changed = []
    if jumps and backs:
        for cand, status in linking.assign(linking.candidates(jumps, backs, linking.rejected_pairs(markers))):
            jump, back = cand.jump, cand.back
            jump.linked_article_id, jump.link_status = back.article_id, status
            back.linked_article_id, back.link_status = jump.article_id, status
            changed.extend((jump, back))
    return changed
