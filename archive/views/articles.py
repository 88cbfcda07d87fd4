"""One article, whole: every printed part, where each was printed, how to cite it, and a text download."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from archive.models import Article, RetiredArticle
from archive.stories import Story
from archive.structured import news_article_json_ld

from .common import PUBLIC, archive_page, issue_last_change, render_page


def article_last_changed(pk):
    issue_id = PUBLIC.articles().filter(pk=pk).values("issue_id")
    return issue_last_change(PUBLIC.issues().filter(pk__in=issue_id))


def load_story(scope, pk) -> Story:
    try:
        return Story.load(pk, within=scope.articles())
    except Article.DoesNotExist:
        raise Http404("没有这篇文章") from None


@archive_page(last_change=article_last_changed)
def article_detail(request, scope, pk):
    """All printed parts in reading order, jump lines linked both ways, citation with every page.

    Eight queries whatever the story's length: last change, the story (six), its neighbours.
    """
    try:
        story = load_story(scope, pk)
    except Http404:
        return retired_article(request, scope, pk)
    previous, following = story.neighbours(scope.articles())
    context = {
        "story": story,
        "article": story.lead,
        "requested": story.requested,
        "parts": story.parts,
        "bylines": story.bylines,
        "agency": story.agency,
        "issue": story.issue,
        "publication": story.publication,
        "citation": story.citation,
        "corrections": story.corrections,
        "previous_article": previous,
        "next_article": following,
        "json_ld": news_article_json_ld(story, request.build_absolute_uri),
    }
    return render_page(request, scope, "archive/article.html", context)


def retired_article(request, scope, pk):
    """A permalink whose article a re-import removed: to its page, or 410 with a note.

    Only tombstones of issues the request may see answer; anything else stays a plain 404, so an
    unpublished issue's headlines never leak through a removed article's id.
    """
    retired = (
        RetiredArticle.objects.filter(article_id=pk, issue__in=scope.issues())
        .select_related("issue__publication", "page__issue__publication")
        .first()
    )
    if retired is None:
        raise Http404("没有这篇文章")
    if retired.page_id:
        page = retired.page
        if scope.preview:
            kwargs = {"slug": page.issue.publication.slug, "date": page.issue.date, "page": page.label}
            return redirect(reverse("archive:preview-page", kwargs=kwargs))
        return redirect(page)
    context = {"retired": retired, "issue": retired.issue, "publication": retired.issue.publication}
    response = render_page(request, scope, "archive/retired.html", context)
    response.status_code = 410
    return response


@archive_page(last_change=article_last_changed)
def article_text(request, scope, pk):
    """The whole piece as a UTF-8 text file, citation and permalink included."""
    story = load_story(scope, pk)
    url = request.build_absolute_uri(story.lead.get_absolute_url())
    response = HttpResponse(story.plain_text(url), content_type="text/plain; charset=utf-8")
    filename = f"article-{story.lead.pk}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
