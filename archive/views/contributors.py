"""A person's or an agency's published articles, newest first, one bounded page at a time."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect

from archive.models import Byline, Contributor

from .common import archive_page, render_page

PER_PAGE = 50


def credited_articles(scope, contributor):
    """An agency's dispatches or a person's bylined articles: one indexed join each, never an OR scan."""
    articles = scope.articles()
    if contributor.kind == Contributor.Kind.AGENCY:
        articles = articles.filter(agency=contributor)
    else:
        articles = articles.filter(pk__in=Byline.objects.filter(contributor=contributor).values("article_id"))
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
        .order_by("-issue__date", "issue__publication__name", "page__prefix", "page__number", "order")
    )


def merged_into(pk) -> Contributor | None:
    """The record a merged-away contributor id now lives on, when readers may see it; else None.

    Only a public record: an old id must not reveal someone credited only on unpublished work.
    """
    kept = Contributor.resolve_alias(pk)
    if kept is not None and Contributor.objects.published().filter(pk=kept.pk).exists():
        return kept
    return None


@archive_page()
def contributor_detail(request, scope, pk):
    """Paginated (50 a page) with the total count; nobody is listed only for unpublished work.

    A merged-away contributor's old URL redirects permanently to the record it was merged into.
    """
    contributor = Contributor.objects.published().filter(pk=pk).first()
    if contributor is None:
        kept = merged_into(pk)
        if kept is None:
            raise Http404("没有这位作者")
        return redirect(kept, permanent=True)
    paginator = Paginator(credited_articles(scope, contributor), PER_PAGE)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404("没有这一页") from None
    if number < 1 or number > paginator.num_pages:
        raise Http404("没有这一页")
    page = paginator.page(number)
    for article in page.object_list:
        article.page.issue = article.issue
    context = {
        "contributor": contributor,
        "page_obj": page,
        "articles": page.object_list,
        "total": paginator.count,
    }
    return render_page(request, scope, "archive/contributor.html", context)
