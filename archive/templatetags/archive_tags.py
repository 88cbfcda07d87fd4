"""Template helpers for the public pages: where a record lives (public or preview) and first lines."""

from django import template
from django.urls import reverse

from archive.models import Article, Issue, Page

register = template.Library()

FIRST_LINES_CHARS = 90


@register.simple_tag(takes_context=True)
def href(context, obj) -> str:
    """The URL of an issue, page or article: its permalink, or its /preview/ twin on a preview page."""
    if not context.get("preview"):
        return obj.get_absolute_url()
    if isinstance(obj, Article):
        return reverse("archive:preview-article", kwargs={"pk": obj.pk})
    if isinstance(obj, Page):
        issue = obj.issue
        return reverse(
            "archive:preview-page",
            kwargs={"slug": issue.publication.slug, "date": issue.date, "page": obj.page_label},
        )
    if isinstance(obj, Issue):
        return reverse("archive:preview-issue", kwargs={"slug": obj.publication.slug, "date": obj.date})
    return obj.get_absolute_url()


@register.filter
def first_lines(body, limit=FIRST_LINES_CHARS) -> str:
    """The opening of an article's first paragraph, for a page's list of articles."""
    text = next((b.get("text", "") for b in body or () if b.get("kind", "paragraph") == "paragraph"), "")
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
