"""A person's or an agency's published articles, newest first, one bounded page at a time."""

from django.http import Http404
from django.shortcuts import redirect

from archive.models import Byline, Contributor

from .common import archive_page, list_lines, page_of, render_page

PER_PAGE = 50


def credited_articles(articles, contributor):
    """An agency's dispatches or a person's bylined articles: one indexed join each, never an OR scan."""
    if contributor.kind == Contributor.Kind.AGENCY:
        return articles.filter(agency=contributor)
    return articles.filter(pk__in=Byline.objects.filter(contributor=contributor).values("article_id"))


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
    page, total = page_of(request, list_lines(credited_articles(scope.articles(), contributor)), PER_PAGE)
    context = {
        "contributor": contributor,
        "page_obj": page,
        "articles": page.object_list,
        "total": total,
    }
    return render_page(request, scope, "archive/contributor.html", context)
