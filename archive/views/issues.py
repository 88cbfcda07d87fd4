"""An issue's table of contents (版面导航) and one printed page: a fixed number of queries per page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect

from archive.stories import HEAVY_ARTICLE_FIELDS, attach_targets, bylines_prefetch, markers_prefetch

from .common import PUBLIC, archive_page, issue_last_change, render_page


def issue_last_changed(slug, date):
    return issue_last_change(PUBLIC.issues().filter(publication__slug=slug, date=date))


def neighbour_issues(scope, issue):
    """The paper's issue before and after this one (two index lookups)."""
    same_paper = scope.issues().filter(publication_id=issue.publication_id).only("date", "publication_id")
    previous = same_paper.filter(date__lt=issue.date).order_by("-date").first()
    following = same_paper.filter(date__gt=issue.date).order_by("date").first()
    for neighbour in (previous, following):
        if neighbour is not None:
            neighbour.publication = issue.publication  # their URLs need the slug; no query per link
    return previous, following


@archive_page(last_change=issue_last_changed)
def issue_detail(request, scope, slug, date):
    """版面导航: the issue's pages in print order, each with its articles' headline groups and jump lines."""
    issue = get_object_or_404(scope.issues().select_related("publication"), publication__slug=slug, date=date)
    articles = (
        scope.articles()
        .order_by("order")
        .only("page_id", "issue_id", "order", "section", "kicker", "headline", "subtitle")
        .prefetch_related(markers_prefetch())
    )
    pages = list(
        scope.pages()
        .filter(issue=issue)
        .order_by("prefix", "number")
        .defer("source_text")
        .prefetch_related(Prefetch("articles", queryset=articles))
    )
    listed = [article for page in pages for article in page.articles.all()]
    attach_targets(listed, scope.articles())
    for page in pages:
        page.issue = issue
    for article in listed:
        article.public_markers = [m for m in article.markers.all() if m.target]
    previous, following = neighbour_issues(scope, issue)
    context = {
        "issue": issue,
        "publication": issue.publication,
        "pages": pages,
        "previous_issue": previous,
        "next_issue": following,
    }
    return render_page(request, scope, "archive/issue.html", context)


def page_last_changed(slug, date, page):
    return issue_last_changed(slug, date)


@archive_page(last_change=page_last_changed)
def page_detail(request, scope, slug, date, page):
    """One printed page: credits, then every article in print order with its headline group and first lines."""
    page_obj = get_object_or_404(
        scope.pages().select_related("issue__publication").defer("source_text"),
        issue__publication__slug=slug,
        issue__date=date,
        prefix=page.prefix,
        number=page.number,
    )
    if request.path != page_obj.get_absolute_url() and not scope.preview:
        return redirect(page_obj, permanent=True)
    articles = list(
        scope.articles()
        .filter(page=page_obj)
        .select_related("agency")
        .defer(*HEAVY_ARTICLE_FIELDS)
        .prefetch_related(bylines_prefetch(), markers_prefetch())
        .order_by("order")
    )
    attach_targets(articles, scope.articles())
    siblings = list(
        scope.pages()
        .filter(issue=page_obj.issue)
        .order_by("prefix", "number")
        .only("prefix", "number", "name")
    )
    for sibling in siblings:
        sibling.issue = page_obj.issue
    index = next(i for i, p in enumerate(siblings) if p.pk == page_obj.pk)
    context = {
        "page": page_obj,
        "issue": page_obj.issue,
        "publication": page_obj.issue.publication,
        "articles": articles,
        "siblings": siblings,
        "previous_page": siblings[index - 1] if index > 0 else None,
        "next_page": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
    return render_page(request, scope, "archive/page.html", context)
