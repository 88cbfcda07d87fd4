"""Export one issue as JSON that rebuilds it: the parser's shape, plus everything the store holds.

Format ``baoku.issue`` version 3. Every article keeps the parser's keys (``PARSER_KEYS``; checks
compare them with ``parse_page``) and adds what an import cannot recompute: body blocks with their
kinds, the imported text and snapshot, the edit version, repairs with positions, markers, bylines
with order, tags, errata, and the importer's flags with who resolved them. Pages carry their source
file (text, encoding, checksum, name). The issue carries its status and publication times, every
continuation link row (rejected ones too) with its decision, its import records and its publication
events. Articles are referred to by ``ref`` (``01/3``: page and order) and markers by ``01/3#2``
(article ref and marker order), so ``import_issue`` restores everything without ids; ``links`` and
``unmatched_markers`` keep the database ids for readers of the JSON. Users are named by username.

Each part is one small function; to export a new field, extend the function of its part and the
matching ``restore_*`` in :mod:`editorial.restoring`.
"""

from __future__ import annotations

from django.db.models import Prefetch

from archive.models import (
    Article,
    ArticleTag,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Correction,
    Issue,
    Page,
)
from editorial.models import ArticleFlag, ImportRecord, PublicationEvent

FORMAT = "baoku.issue"
VERSION = 3
# The keys parse_page reports for an article; the export's article has them all, unchanged.
PARSER_KEYS = (
    "section",
    "kicker",
    "headline",
    "subtitle",
    "document_date",
    "bylines",
    "agency",
    "dateline",
    "subheads",
    "paragraphs",
    "continues_to",
    "continued_from",
    "markers",
    "repairs",
    "flags",
)
# Link order that survives a restore: by the jump's place in print, then the back line's.
LINK_ORDER = (
    "jump__article__page__prefix",
    "jump__article__page__number",
    "jump__article__order",
    "jump__order",
    "back__article__page__prefix",
    "back__article__page__number",
    "back__article__order",
    "back__order",
)


def export_issue(issue: Issue) -> dict:
    """The whole issue as plain JSON: pages with their articles, links, import records and events."""
    pages = list(issue_pages(issue))
    articles = [a for p in pages for a in p.articles.all()]
    refs = {a.pk: article_ref(a) for a in articles}
    links = issue_links(articles)
    by_marker: dict[int, list[ContinuationLink]] = {}
    for link in links:
        by_marker.setdefault(link.jump_id, []).append(link)
        by_marker.setdefault(link.back_id, []).append(link)
    return {
        "format": FORMAT,
        "version": VERSION,
        **issue_json(issue),
        "pages": [page_json(p, refs, by_marker) for p in pages],
        "links": links_json(links),
        "unmatched_markers": unmatched_json(articles, links),
        "continuation_links": [link_json(link, refs) for link in links],
        "import_records": [import_record_json(r, refs) for r in issue_import_records(issue)],
        "publication_events": [event_json(e) for e in issue_events(issue)],
    }


def username(user) -> str | None:
    """A user as the export names them: by username, which a restore looks up again."""
    return user.get_username() if user is not None else None


def moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def issue_pages(issue: Issue):
    """Pages with everything the export reads, fetched in a fixed number of queries."""
    bylines = Prefetch(
        "bylines", queryset=Byline.objects.select_related("contributor").order_by("order", "pk")
    )
    markers = Prefetch("markers", queryset=ContinuationMarker.objects.order_by("order"))
    tags = Prefetch(
        "tagged", queryset=ArticleTag.objects.select_related("tag").order_by("tag__kind", "tag__name")
    )
    corrections = Prefetch(
        "corrections",
        queryset=Correction.objects.select_related("created_by", "approved_by").order_by("created_at", "pk"),
    )
    flags = Prefetch(
        "flag_reviews", queryset=ArticleFlag.objects.select_related("resolved_by").order_by("position", "pk")
    )
    articles = Prefetch(
        "articles",
        queryset=Article.objects.select_related("agency")
        .prefetch_related(bylines, markers, tags, corrections, flags)
        .order_by("order"),
    )
    return Page.objects.filter(issue=issue).order_by("prefix", "number").prefetch_related(articles)


def issue_json(issue: Issue) -> dict:
    """The issue's own fields and its paper, with its workflow state exactly as stored."""
    publication = issue.publication
    return {
        "publication": publication.slug,
        "publication_name": publication.name,
        "publication_short_name": publication.short_name,
        "date": issue.date.isoformat(),
        "number": issue.number,
        "status": issue.status,
        "published_at": moment(issue.published_at),
        "last_published_at": moment(issue.last_published_at),
        "issue_version": issue.version,
    }


def page_json(page: Page, refs: dict[int, str], by_marker: dict[int, list[ContinuationLink]]) -> dict:
    """A page as the parser describes it, with its source file and its articles."""
    return {
        "number": page.key,
        "name": page.name or None,
        "credits": page.credits,
        "source": page_source_json(page),
        "articles": [article_json(a, refs, by_marker) for a in page.articles.all()],
    }


def page_source_json(page: Page) -> dict:
    """The page file as imported: its text untouched, how it was decoded, its checksum and name."""
    return {
        "name": page.source_name,
        "encoding": page.source_encoding,
        "sha256": page.source_sha256,
        "imported_at": moment(page.imported_at),
        "text": page.source_text,
    }


def article_ref(article: Article) -> str:
    """A stable name for an article inside one issue: page label and print order, ``01/3``."""
    return f"{article.page.label}/{article.order}"


def marker_ref(article_ref: str, order: int) -> str:
    """A stable name for a marker inside one issue: its article's ref and its order, ``01/3#1``."""
    return f"{article_ref}#{order}"


def article_json(
    article: Article, refs: dict[int, str], by_marker: dict[int, list[ContinuationLink]]
) -> dict:
    """An article with exactly the fields of the parser's JSON, plus its id, page and the stored record."""
    markers = list(article.markers.all())
    return {
        "id": article.pk,
        "page": article.page.key,
        **parser_fields_json(article, markers),
        **record_json(article),
        "ref": refs[article.pk],
        "bylines_detail": bylines_json(article),
        "markers_detail": markers_json(markers, refs, by_marker),
        "tags": tags_json(article),
        "flags_detail": flags_json(article),
        "corrections": corrections_json(article),
    }


def parser_fields_json(article: Article, markers: list[ContinuationMarker]) -> dict:
    """The article in the parser's shape (``PARSER_KEYS``), so an import can be checked against parse_page."""
    return {
        "section": article.section or None,
        "kicker": article.kicker or None,
        "headline": article.headline,
        "subtitle": article.subtitle or None,
        "document_date": article.document_date.isoformat() if article.document_date else None,
        "bylines": [{"name": b.contributor.name, "role": b.role} for b in article.bylines.all()],
        "agency": article.agency.name if article.agency else None,
        "dateline": dateline_json(article),
        "subheads": article.subheads,
        "paragraphs": article.paragraphs,
        "continues_to": first_page(markers, ContinuationMarker.Kind.JUMP),
        "continued_from": first_page(markers, ContinuationMarker.Kind.BACK),
        "markers": [{"kind": m.kind, "text": m.text, "page": target_key(m)} for m in markers],
        "repairs": [{"kind": r["kind"], "before": r["before"], "after": r["after"]} for r in article.repairs],
        "flags": article.flags,
    }


def record_json(article: Article) -> dict:
    """What the store holds beyond the parser's view: order, blocks with kinds, imported text, full repairs."""
    return {
        "order": article.order,
        "version": article.version,
        "blocks": article.body,
        "imported_text": article.imported_text,
        "imported_snapshot": article.imported_snapshot,
        "repairs_detail": article.repairs,
    }


def bylines_json(article: Article) -> list[dict]:
    """Bylines in print order, with the contributor's kind."""
    return [
        {"name": b.contributor.name, "kind": b.contributor.kind, "role": b.role, "order": b.order}
        for b in article.bylines.all()
    ]


def markers_json(
    markers: list[ContinuationMarker], refs: dict[int, str], by_marker: dict[int, list[ContinuationLink]]
) -> list[dict]:
    """Every jump and back line as stored, with the part its link leads to (by ref) and that link's status.

    ``linked``/``link_status`` are read from the link rows (``continuation_links`` holds them all):
    the marker's active link, else its rejected one (the last in print order), else none.
    """
    rows = []
    for m in markers:
        link = marker_link(m, by_marker.get(m.pk, []))
        partner = (link.back if link.jump_id == m.pk else link.jump) if link else None
        rows.append(
            {
                "order": m.order,
                "kind": m.kind,
                "text": m.text,
                "page_prefix": m.page_prefix,
                "page_number": m.page_number,
                "linked": refs.get(partner.article_id) if partner else None,
                "link_status": link.status if link else "",
            }
        )
    return rows


def marker_link(marker: ContinuationMarker, links: list[ContinuationLink]) -> ContinuationLink | None:
    """The link that says where a marker leads: its active one, else the last rejected one in print order."""
    active = [link for link in links if link.status != ContinuationLink.Status.REJECTED]
    return (active or links or [None])[-1]


def tags_json(article: Article) -> list[dict]:
    """Subject tags and accepted people, places and organisations."""
    return [{"kind": t.tag.kind, "name": t.tag.name, "slug": t.tag.slug} for t in article.tagged.all()]


def flags_json(article: Article) -> list[dict]:
    """The importer's flags as rows an editor resolves, with who resolved them and when."""
    return [
        {
            "position": f.position,
            "kind": f.kind,
            "text": f.text,
            "resolved_by": username(f.resolved_by),
            "resolved_at": moment(f.resolved_at),
        }
        for f in article.flag_reviews.all()
    ]


def corrections_json(article: Article) -> list[dict]:
    """Errata on the article, pending, approved and rejected, with who proposed and approved them."""
    return [
        {
            "note": c.note,
            "printed_text": c.printed_text,
            "corrected_text": c.corrected_text,
            "status": c.status,
            "created_by": username(c.created_by),
            "created_at": moment(c.created_at),
            "approved_by": username(c.approved_by),
            "approved_at": moment(c.approved_at),
        }
        for c in article.corrections.all()
    ]


def dateline_json(article: Article) -> dict | None:
    """The dispatch's place and date, or None for the paper's own stories."""
    if not (article.dateline_place or article.dateline_date):
        return None
    return {"place": article.dateline_place, "date": article.dateline_date}


def target_key(marker: ContinuationMarker):
    """The page a marker names, as the parser names it (3 or "A3"), or None when the print names none."""
    label = marker.page_label
    return label.key if label else None


def first_page(markers: list[ContinuationMarker], kind: str):
    """The first page named by a marker of this kind, as the parser reports continues_to/continued_from."""
    return next((target_key(m) for m in markers if m.kind == kind and target_key(m) is not None), None)


def issue_links(articles: list[Article]) -> list[ContinuationLink]:
    """Every link row (rejected ones too) between the exported articles' markers, in one query."""
    ids = [m.pk for a in articles for m in a.markers.all()]
    rows = ContinuationLink.objects.filter(jump_id__in=ids).select_related("jump", "back", "decided_by")
    return list(rows.order_by(*LINK_ORDER))


def links_json(links: list[ContinuationLink]) -> list[dict]:
    """One entry per link row, from the part printing 下转 to the part printing 上接, with its status."""
    return [
        {"from": link.jump.article_id, "to": link.back.article_id, "status": link.status} for link in links
    ]


def link_json(link: ContinuationLink, refs: dict[int, str]) -> dict:
    """One link row by its markers' refs, with how sure the linker was and the editor's decision."""
    return {
        "jump": marker_ref(refs[link.jump.article_id], link.jump.order),
        "back": marker_ref(refs[link.back.article_id], link.back.order),
        "status": link.status,
        "score": link.score,
        "reason": link.reason,
        "decided_by": username(link.decided_by),
        "decided_at": moment(link.decided_at),
        "created_at": moment(link.created_at),
    }


def unmatched_json(articles: list[Article], links: list[ContinuationLink]) -> list[dict]:
    """Markers without an active link, for an editor to resolve."""
    busy = {
        pk
        for link in links
        if link.status != ContinuationLink.Status.REJECTED
        for pk in (link.jump_id, link.back_id)
    }
    return [
        {"article": a.pk, "marker": m.text, "page": target_key(m)}
        for a in articles
        for m in a.markers.all()
        if m.pk not in busy
    ]


def issue_import_records(issue: Issue):
    return ImportRecord.objects.filter(issue=issue).select_related("user").order_by("created_at", "pk")


def import_record_json(record: ImportRecord, refs: dict[int, str]) -> dict:
    """One run of the importer as it was reported; the articles its lists name are given by ref."""
    return {
        "source": record.source,
        "user": username(record.user),
        "created_at": moment(record.created_at),
        "files": record.files,
        "summary": record.summary,
        "unmatched": record.unmatched,
        "repairs": entries_by_ref(record.repairs, refs),
        "flags": entries_by_ref(record.flags, refs),
        "repair_count": record.repair_count,
        "flag_count": record.flag_count,
        "unmatched_count": record.unmatched_count,
    }


def entries_by_ref(entries: list, refs: dict[int, str]) -> list:
    """A record's repair or flag entries with the article id replaced by its ref (None if it is gone)."""
    return [
        {**{k: v for k, v in e.items() if k != "article"}, "article_ref": refs.get(e["article"])}
        if isinstance(e, dict) and "article" in e
        else e
        for e in entries
    ]


def issue_events(issue: Issue):
    return PublicationEvent.objects.filter(issue=issue).select_related("user").order_by("at", "pk")


def event_json(event: PublicationEvent) -> dict:
    """One workflow step of the issue: what, from which state to which, who, when and why."""
    return {
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "user": username(event.user),
        "at": moment(event.at),
        "override_reason": event.override_reason,
        "problems": event.problems,
    }
