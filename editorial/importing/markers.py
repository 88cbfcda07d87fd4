"""Every write the importer makes to continuation markers and their link rows, in one module.

Markers are created in bulk and updated in place on a re-import, so the ``ContinuationLink`` rows
that point at them (and the editors' decisions they carry) survive. A marker the new file no longer
prints is deleted, and its link rows go with it (cascade). Linking a batch of issues reads their
markers and links once and inserts the new link rows with one ``bulk_create``; the scoring is
``editorial.linking``'s.
"""

from __future__ import annotations

from django.db.models import Q

from archive.models import Article, ContinuationLink, ContinuationMarker, Issue
from archive.parsing import PageLabel, ParsedArticle

from .. import linking

LinkStatus = ContinuationLink.Status
EDITOR_DECISIONS = ContinuationLink.DECIDED
BATCH = 1000


def new_markers(article_id: int, parsed: ParsedArticle) -> list[ContinuationMarker]:
    """Unsaved rows for every jump and back line as printed, unlinked until linking runs."""
    rows = []
    for order, marker in enumerate(parsed.markers, start=1):
        label = PageLabel.parse(marker.page)  # the parser gives a PageLabel; hand-built ones may say 3
        prefix, number = (label.prefix, label.number) if label is not None else ("", None)
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


def decided(markers: list[ContinuationMarker]) -> set[int]:
    """Ids of the markers that carry an editor's decision (a confirmed or rejected link), in one query."""
    ids = [m.pk for m in markers]
    if not ids:
        return set()
    rows = ContinuationLink.objects.filter(status__in=EDITOR_DECISIONS).filter(
        Q(jump_id__in=ids) | Q(back_id__in=ids)
    )
    found = set()
    for jump_id, back_id in rows.values_list("jump_id", "back_id"):
        found.update((jump_id, back_id))
    return found & set(ids)


def lost_decisions(
    stored: list[ContinuationMarker], parsed: ParsedArticle, decided_ids: set[int]
) -> list[ContinuationMarker]:
    """Stored markers carrying an editor's link decision that the new parse would drop."""
    _, gone, _ = pair_markers(stored, new_markers(0, parsed))
    return [m for m in gone if m.pk in decided_ids]


def sync_markers(article: Article, stored: list[ContinuationMarker], parsed: ParsedArticle) -> None:
    """Update an article's markers in place from the new parse; links of kept markers survive."""
    pairs, gone, fresh = pair_markers(stored, new_markers(article.pk, parsed))
    if gone:  # their link rows go with them, freeing the partners for the linker
        ContinuationMarker.objects.filter(pk__in=[m.pk for m in gone]).delete()
    changed = []
    for old, new in pairs:
        if (old.text, old.order) != (new.text, new.order):
            old.text, old.order = new.text, new.order
            changed.append(old)
    if changed:
        park(changed)
        ContinuationMarker.objects.bulk_update(changed, ["text", "order"])
    if fresh:
        ContinuationMarker.objects.bulk_create(fresh)


def park(markers: list[ContinuationMarker]) -> None:
    """Move renumbered markers out of the way first, so swapping two orders never trips the unique order."""
    top = 32767
    ContinuationMarker.objects.bulk_update(
        [ContinuationMarker(pk=m.pk, order=top - k) for k, m in enumerate(markers)], ["order"]
    )


def link_issue(issue: Issue) -> list[ContinuationMarker]:
    """Link every free jump in the issue to its best back line; return the markers left unmatched."""
    return link_issues([issue.pk])[issue.pk]


def link_issues(issue_ids: list[int]) -> dict[int, list[ContinuationMarker]]:
    """Link the free jumps of several issues: one select of markers, one of links, one bulk insert.

    Scoring is editorial.linking's (pure); only the writing is batched here. Editors' decisions
    (confirmed, rejected) are never changed, and rejected pairs are never proposed again.
    """
    markers: dict[int, list[ContinuationMarker]] = {pk: [] for pk in issue_ids}
    rows = (
        ContinuationMarker.objects.filter(article__issue__in=issue_ids)
        .select_related("article__page")
        .defer("article__imported_text", "article__imported_snapshot", "article__page__source_text")
        .order_by("article__page__prefix", "article__page__number", "article__order", "order")
    )
    for marker in rows:
        markers[marker.article.issue_id].append(marker)
    issue_of = {m.pk: issue for issue, found in markers.items() for m in found}
    links: dict[int, list[ContinuationLink]] = {pk: [] for pk in issue_ids}
    if issue_of:
        for link in ContinuationLink.objects.filter(jump__article__issue__in=issue_ids).only(
            "jump_id", "back_id", "status"
        ):
            links[issue_of[link.jump_id]].append(link)
    new_rows = []
    for pk in issue_ids:
        state = linking.IssueLinks(markers[pk], links[pk])
        chosen = linking.assign(
            linking.candidates(
                state.free(ContinuationMarker.Kind.JUMP),
                state.free(ContinuationMarker.Kind.BACK),
                state.rejected,
            )
        )
        made = [
            ContinuationLink(jump=c.jump, back=c.back, status=status, score=round(c.score, 3))
            for c, status in chosen
        ]
        links[pk].extend(made)
        new_rows.extend(made)
    if new_rows:
        ContinuationLink.objects.bulk_create(new_rows, batch_size=BATCH)
    return {pk: linking.IssueLinks(markers[pk], links[pk]).unmatched() for pk in issue_ids}
