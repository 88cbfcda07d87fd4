"""Every write the importer makes to continuation markers and their link rows, in one module.

Markers are created in bulk and updated in place on a re-import, so the ``ContinuationLink`` rows
that point at them (and the editors' decisions they carry) survive. A marker the new file no longer
prints is deleted, and its link rows go with it (cascade). Linking is ``editorial.linking``'s
(a batch of issues in one bulk insert of link rows).
"""

from __future__ import annotations

from django.db.models import Q

from archive.models import Article, ContinuationLink, ContinuationMarker
from archive.parsing import PageLabel, ParsedArticle

from .. import linking

LinkStatus = ContinuationLink.Status
EDITOR_DECISIONS = ContinuationLink.DECIDED


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


link_issue = linking.link_issue  # one linker for the admin, import_pages and the bulk archive load
link_issues = linking.link_issues
