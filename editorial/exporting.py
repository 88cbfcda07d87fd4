"""Export one issue as JSON in the parser's own shape, so an import can be checked and round-tripped."""

from __future__ import annotations

from django.db.models import Prefetch

from archive.models import Article, Byline, ContinuationLink, ContinuationMarker, Issue, Page


def export_issue(issue: Issue) -> dict:
    """The whole issue as plain JSON: pages with their articles, continuation links and unmatched markers."""
    pages = list(issue_pages(issue))
    articles = [a for p in pages for a in p.articles.all()]
    links = issue_links(articles)
    return {
        "publication": issue.publication.slug,
        "date": issue.date.isoformat(),
        "status": issue.status,
        "pages": [page_json(p) for p in pages],
        "links": links_json(articles, links),
        "unmatched_markers": unmatched_json(articles, links),
    }


def issue_pages(issue: Issue):
    """Pages with everything the export reads, fetched in a fixed number of queries."""
    bylines = Prefetch("bylines", queryset=Byline.objects.select_related("contributor").order_by("order"))
    markers = Prefetch("markers", queryset=ContinuationMarker.objects.order_by("order"))
    articles = Prefetch(
        "articles",
        queryset=Article.objects.select_related("agency")
        .prefetch_related(bylines, markers)
        .order_by("order"),
    )
    return Page.objects.filter(issue=issue).order_by("prefix", "number").prefetch_related(articles)


def page_json(page: Page) -> dict:
    """A page as the parser describes it, with its articles."""
    return {
        "number": page.key,
        "name": page.name or None,
        "credits": page.credits,
        "articles": [article_json(a) for a in page.articles.all()],
    }


def article_json(article: Article) -> dict:
    """An article with exactly the fields of the parser's JSON, plus its id and page."""
    markers = list(article.markers.all())
    return {
        "id": article.pk,
        "page": article.page.key,
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
