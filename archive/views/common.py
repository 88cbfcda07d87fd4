"""What every public page shares: who may see what (readers vs staff preview) and HTTP caching.

Readers see only ``published()`` querysets. Staff with the view permission may open the same pages under
/preview/ for an issue that is not published yet; those responses are marked 预览 and never cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.core.paginator import Paginator
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from archive.models import Article, ArticleTag, Correction, Issue, Page

# Public pages may be kept by browsers and shared caches this long (seconds); they revalidate with
# If-Modified-Since / If-None-Match afterwards, which costs one small query.
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class Scope:
    """Which records a request may see: the published ones, or (staff preview) all of them."""

    preview: bool = False

    def issues(self):
        return Issue.objects.all() if self.preview else Issue.objects.published()

    def pages(self):
        return Page.objects.all() if self.preview else Page.objects.published()

    def articles(self):
        return Article.objects.all() if self.preview else Article.objects.published()


PUBLIC = Scope()


def can_preview(user) -> bool:
    """Logged-in staff who may view issues in the admin may preview what readers cannot see yet."""
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and user.has_perm("archive.view_issue")
    )


def issue_last_change(issues):
    """When an issue last changed for readers: itself, its articles, their tags or their approved errata.

    One query: per-issue MAX() subqueries over that issue's own rows. A tag added or an erratum approved
    changes the article page without touching the article row, so both count (a removed tag does not).
    """

    def latest(queryset, field):
        rows = queryset.order_by().values("grouped").annotate(last=Max(field)).values("last")
        return Coalesce(Subquery(rows), "updated_at")

    articles = Article.objects.filter(issue=OuterRef("pk")).annotate(grouped=F("issue_id"))
    tags = ArticleTag.objects.filter(article__issue=OuterRef("pk")).annotate(grouped=F("article__issue_id"))
    errata = Correction.objects.approved().filter(article__issue=OuterRef("pk"))
    errata = errata.annotate(grouped=F("article__issue_id"))
    row = issues.annotate(
        last=Greatest(
            "updated_at",
            latest(articles, "updated_at"),
            latest(tags, "created_at"),
            latest(errata, "approved_at"),
        )
    ).values_list("last", flat=True)
    return row.first()


def archive_page(last_change=None):
    """Decorate a public view: pass it a Scope, gate /preview/, and set caching headers.

    ``last_change(*args, **kwargs)`` returns when the page's issue last changed (or None); it becomes
    Last-Modified and a weak ETag, so a revalidating reader gets 304 without the page being built.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, preview=False, **kwargs):
            if preview:
                if not can_preview(request.user):
                    raise Http404("没有这个页面")
                response = view(request, Scope(preview=True), *args, **kwargs)
                patch_cache_control(response, private=True, no_store=True, no_cache=True, max_age=0)
                patch_vary_headers(response, ["Cookie"])
                return response

            def modified(req, *a, **kw):
                if not hasattr(req, "_archive_last_change"):
                    req._archive_last_change = last_change(*a, **kw) if last_change else None
                return req._archive_last_change

            def etag(req, *a, **kw):
                stamp = modified(req, *a, **kw)
                return f"{view.__name__}-{stamp.timestamp():.6f}" if stamp else None

            def public(req, *a, **kw):
                return view(req, PUBLIC, *a, **kw)

            inner = condition(etag_func=etag, last_modified_func=modified)(public) if last_change else public
            response = inner(request, *args, **kwargs)
            if response.status_code in (200, 304):
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            return response

        return wrapper

    return decorate


# Lists of articles (a contributor's, a tag's) are newest first, then in print order within a day.
NEWEST_FIRST = ("-issue__date", "issue__publication__name", "page__prefix", "page__number", "order")


def list_lines(articles):
    """A list of articles with what each line shows (headline, paper, date, page) and nothing more."""
    return (
        articles.select_related("issue__publication", "page")
        .only(
            "pk",
            "headline",
            "kicker",
            "order",
            "issue__date",
            "issue__publication__name",
            "issue__publication__slug",
            "page__prefix",
            "page__number",
            "page__issue_id",
        )
        .order_by(*NEWEST_FIRST)
    )


def page_of(request, queryset, per_page):
    """The ``?page=`` page of a newest-first list and the list's total (two queries); Http404 out of range."""
    paginator = Paginator(queryset, per_page)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("没有这一页") from None
    if number < 1 or number > paginator.num_pages:
        raise Http404("没有这一页")
    page = paginator.page(number)
    for article in page.object_list:
        article.page.issue = article.issue  # page URLs need the issue; no query per line
    return page, paginator.count


def render_page(request, scope: Scope, template: str, context: dict):
    """Render with the preview flag every public template reads (banner, links, robots)."""
    return render(request, template, {**context, "preview": scope.preview})
