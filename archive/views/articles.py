"""One article, whole: every printed part, where each was printed, how to cite it, and a text download."""

from django.http import Http404, HttpResponse

from archive.models import Article
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
    story = load_story(scope, pk)
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


@archive_page(last_change=article_last_changed)
def article_text(request, scope, pk):
    """The whole piece as a UTF-8 text file, citation and permalink included."""
    story = load_story(scope, pk)
    url = request.build_absolute_uri(story.lead.get_absolute_url())
    response = HttpResponse(story.plain_text(url), content_type="text/plain; charset=utf-8")
    filename = f"article-{story.lead.pk}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
