"""Export one issue as JSON that rebuilds it: the parser's shape, plus everything the store holds.

Format ``baoku.issue`` version 2. Every article keeps the parser's keys (``PARSER_KEYS``; checks
compare them with ``parse_page``) and adds what an import cannot recompute: body blocks with their
kinds, the imported text and snapshot, repairs with positions, markers with their links, bylines
with order, tags. Pages carry their source file (text, encoding, checksum, name). Articles are
referred to by ``ref`` (``01/3``: page and order) in ``markers_detail``, so ``import_issue`` restores
links without ids; ``links`` and ``unmatched_markers`` keep the database ids for readers of the JSON.

Each part is one small function; to export a new field, extend the function of its part and the
matching one in :mod:`editorial.restoring`.
"""

from __future__ import annotations

from django.db.models import Prefetch

from archive.models import Article, ArticleTag, Byline, ContinuationLink, ContinuationMarker, Issue, Page

FORMAT = "baoku.issue"
VERSION = 2
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


def export_issue(issue: Issue) -> dict:
    """The whole issue as plain JSON: pages with their articles, continuation links and unmatched markers."""
    pages = list(issue_pages(issue))
    articles = [a for p in pages for a in p.articles.all()]
    refs = {a.pk: article_ref(a) for a in articles}
    return {
        "format": FORMAT,
        "version": VERSION,
        **issue_json(issue),
        "pages": [page_json(p, refs) for p in pages],
        "links": links_json(articles),
        "unmatched_markers": unmatched_json(articles),
    }


def issue_pages(issue: Issue):
    """Pages with everything the export reads, fetched in a fixed number of queries."""
    bylines = Prefetch(
        "bylines", queryset=Byline.objects.select_related("contributor").order_by("order", "pk")
    )
    markers = Prefetch("markers", queryset=ContinuationMarker.objects.order_by("order"))
    tags = Prefetch(
        "tagged", queryset=ArticleTag.objects.select_related("tag").order_by("tag__kind", "tag__name")
    )
    articles = Prefetch(
        "articles",
        queryset=Article.objects.select_related("agency")
        .prefetch_related(bylines, markers, tags)
        .order_by("order"),
    )
    return Page.objects.filter(issue=issue).order_by("prefix", "number").prefetch_related(articles)


def issue_json(issue: Issue) -> dict:
    """The issue's own fields and its paper."""
    publication = issue.publication
    return {
        "publication": publication.slug,
        "publication_name": publication.name,
        "publication_short_name": publication.short_name,
        "date": issue.date.isoformat(),
        "number": issue.number,
        "status": issue.status,
        "published_at": issue.published_at.isoformat() if issue.published_at else None,
    }


def page_json(page: Page, refs: dict[int, str]) -> dict:
    """A page as the parser describes it, with its source file and its articles."""
    return {
        "number": page.key,
        "name": page.name or None,
        "credits": page.credits,
        "source": page_source_json(page),
        "articles": [article_json(a, refs) for a in page.articles.all()],
    }


def page_source_json(page: Page) -> dict:
    """The page file as imported: its text untouched, how it was decoded, its checksum and name."""
    return {
        "name": page.source_name,
        "encoding": page.source_encoding,
        "sha256": page.source_sha256,
        "imported_at": page.imported_at.isoformat() if page.imported_at else None,
        "text": page.source_text,
    }


def article_ref(article: Article) -> str:
    """A stable name for an article inside one issue: page label and print order, ``01/3``."""
    return f"{article.page.label}/{article.order}"


def article_json(article: Article, refs: dict[int, str]) -> dict:
    """An article with exactly the fields of the parser's JSON, plus its id, page and the stored record."""
    markers = list(article.markers.all())
    return {
        "id": article.pk,
        "page": article.page.key,
        **parser_fields_json(article, markers),
        **record_json(article),
        "ref": refs[article.pk],
        "bylines_detail": bylines_json(article),
        "markers_detail": markers_json(markers, refs),
        "tags": tags_json(article),
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
        "markers": [{"kind": m.kind, "text": m.text, "page": m.page_key} for m in markers],
        "repairs": [{"kind": r["kind"], "before": r["before"], "after": r["after"]} for r in article.repairs],
        "flags": article.flags,
    }


def record_json(article: Article) -> dict:
    """What the store holds beyond the parser's view: order, blocks with kinds, imported text, full repairs."""
    return {
        "order": article.order,
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


def markers_json(markers: list[ContinuationMarker], refs: dict[int, str]) -> list[dict]:
    """Every jump and back line as stored, with the part it is linked to (by ref) and the link's status."""
    return [
        {
            "order": m.order,
            "kind": m.kind,
            "text": m.text,
            "page_prefix": m.page_prefix,
            "page_number": m.page_number,
            "linked": refs.get(m.linked_article_id) if m.linked_article_id else None,
            "link_status": m.link_status,
        }
        for m in markers
    ]


def tags_json(article: Article) -> list[dict]:
    """Subject tags and accepted people, places and organisations."""
    return [{"kind": t.tag.kind, "name": t.tag.name, "slug": t.tag.slug} for t in article.tagged.all()]


def dateline_json(article: Article) -> dict | None:
    """The dispatch's place and date, or None for the paper's own stories."""
    if not (article.dateline_place or article.dateline_date):
        return None
    return {"place": article.dateline_place, "date": article.dateline_date}


def first_page(markers: list[ContinuationMarker], kind: str):
    """The first page named by a marker of this kind, as the parser reports continues_to/continued_from."""
    return next((m.page_key for m in markers if m.kind == kind and m.page_key is not None), None)


def issue_links(articles: list[Article]) -> list[ContinuationLink]:
    """Every link row (rejected ones too) between the exported articles' markers, in one query."""
    ids = [m.pk for a in articles for m in a.markers.all()]
    rows = ContinuationLink.objects.filter(jump_id__in=ids).select_related("jump", "back")
    return list(rows.order_by("jump__article_id", "jump__order", "pk"))


def links_json(articles: list[Article], links: list[ContinuationLink]) -> list[dict]:
    """One entry per link row, from the part printing 下转 to the part printing 上接, with its status."""
    return [
        {"from": link.jump.article_id, "to": link.back.article_id, "status": link.status} for link in links
    ]


def unmatched_json(articles: list[Article], links: list[ContinuationLink]) -> list[dict]:
    """Markers without an active link, for an editor to resolve."""
    busy = {
        pk
        for link in links
        if link.status != ContinuationLink.Status.REJECTED
        for pk in (link.jump_id, link.back_id)
    }
    return [
        {"article": a.pk, "marker": m.text, "page": m.page_key}
        for a in articles
        for m in a.markers.all()
        if m.pk not in busy
    ]
