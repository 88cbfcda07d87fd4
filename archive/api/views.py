"""Read-only JSON endpoints: bounded pages (no COUNT over the archive), validated filters, published only."""

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from archive.models import Article, Contributor, Issue, Page, Publication
from archive.stories import (
    HEAVY_ARTICLE_FIELDS,
    Story,
    attach_targets,
    bylines_prefetch,
    markers_prefetch,
    tags_prefetch,
)
from archive.views.contributors import merged_into

from . import represent
from .filters import ArticleFilter, ContributorFilter, IssueFilter, PageFilter, PublicationFilter

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
API_MAX_AGE = 300

# Endpoints the root lists, by URL name. Other apps add theirs here (e.g. "search" → "archive:api-search"
# or their own name); a name that does not resolve in this install is left out of the listing.
ENDPOINTS = {
    "publications": "archive:api-publications",
    "issues": "archive:api-issues",
    "pages": "archive:api-pages",
    "articles": "archive:api-articles",
    "contributors": "archive:api-contributors",
    "search": "archive:api-search",
}


def json_response(data, status=200):
    """UTF-8 JSON (Chinese as written, not \\uXXXX); text inside is data, escaped by the JSON encoder."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}, safe=False)


def api_view(view):
    """GET only, cacheable like the public pages, and a 404 as JSON."""

    @require_GET
    @cache_control(public=True, max_age=API_MAX_AGE)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return json_response({"detail": "未找到。"}, status=404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def bounded_int(request, name, default, low, high):
    value = request.GET.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValueError(f"{name} 应为 {low} 到 {high} 之间的整数。")
    return int(value)


def paginated(request, queryset, filterset_class, render_item, prepare=None):
    """Filter, then one page of page_size (≤ 100) rows; next/previous links instead of a total count.

    Fetching page_size + 1 rows tells whether a next page exists without counting the archive.
    ``prepare(rows)`` loads what the rows of the page need beyond their prefetches.
    """
    filterset = filterset_class(request.GET, queryset=queryset)
    errors = {}
    if not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
    try:
        number = bounded_int(request, "page_number", 1, 1, 10**6)
        size = bounded_int(request, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    except ValueError as error:
        errors["page"] = [str(error)]
    if errors:
        return json_response({"detail": "参数有误。", "errors": errors}, status=400)
    start = (number - 1) * size
    rows = list(filterset.qs[start : start + size + 1])
    if prepare is not None:
        prepare(rows[:size])

    def link(n):
        query = request.GET.copy()
        query["page_number"] = str(n)
        query["page_size"] = str(size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    absolute = request.build_absolute_uri
    return json_response(
        {
            "page_number": number,
            "page_size": size,
            "next": link(number + 1) if len(rows) > size else None,
            "previous": link(number - 1) if number > 1 else None,
            "results": [render_item(row, absolute) for row in rows[:size]],
        }
    )


@api_view
def root(request):
    """The endpoints this install serves."""
    listing = {}
    for key, name in ENDPOINTS.items():
        try:
            listing[key] = request.build_absolute_uri(reverse(name))
        except NoReverseMatch:
            continue
    return json_response(listing)


def published_publications():
    return Publication.objects.filter(Exists(Issue.objects.published().filter(publication=OuterRef("pk"))))


@api_view
def publications(request):
    rows = published_publications().order_by("name")
    return paginated(request, rows, PublicationFilter, represent.publication)


@api_view
def issues(request):
    rows = Issue.objects.published().select_related("publication").order_by("-date", "publication__name")
    return paginated(request, rows, IssueFilter, represent.issue)


@api_view
def pages(request):
    rows = (
        Page.objects.published()
        .select_related("issue__publication")
        .defer("source_text")
        .order_by("-issue__date", "issue__publication__name", "prefix", "number")
    )
    return paginated(request, rows, PageFilter, represent.page)


def article_rows():
    return (
        Article.objects.published()
        .select_related("issue__publication", "page__issue__publication", "agency")
        .defer(*HEAVY_ARTICLE_FIELDS, "page__source_text", "body")
        .prefetch_related(bylines_prefetch(), tags_prefetch(), markers_prefetch())
    )


def attach_published_targets(rows):
    attach_targets(rows, Article.objects.published())


@api_view
def articles(request):
    """One day's paper (``date=``) in print order; any other list newest id first.

    Ordering by id is served by the primary key index whatever the archive's size; ordering every
    published article by issue date would sort the whole table on each request.
    """
    rows = article_rows()
    if request.GET.get("date"):
        rows = rows.order_by("issue__publication__name", "page__prefix", "page__number", "order")
    else:
        rows = rows.order_by("-pk")
    return paginated(request, rows, ArticleFilter, represent.article, prepare=attach_published_targets)


@api_view
def article(request, pk):
    """One article in full, with every published part of a continued piece and its citation (eight queries)."""
    try:
        story = Story.load(pk, within=Article.objects.published())
    except Article.DoesNotExist:
        raise Http404 from None
    # The story already holds the requested part with its bylines and tags; only its jump lines are new.
    prefetch_related_objects([story.requested], markers_prefetch())
    attach_published_targets([story.requested])
    return json_response(represent.story(story, request.build_absolute_uri))


@api_view
def contributors(request):
    rows = Contributor.objects.published().order_by("name", "pk")
    return paginated(request, rows, ContributorFilter, represent.contributor)


@api_view
def contributor(request, pk):
    """One contributor; a merged-away id redirects permanently to the record kept."""
    row = Contributor.objects.published().filter(pk=pk).first()
    if row is None:
        kept = merged_into(pk)
        if kept is None:
            raise Http404
        return redirect("archive:api-contributor", pk=kept.pk, permanent=True)
    return json_response(represent.contributor(row, request.build_absolute_uri))
