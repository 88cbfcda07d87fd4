"""Template helpers for the public pages: where a record lives (public or preview) and first lines."""

from django import template

from archive.previewing import preview_url
from archive.views.tags import tag_feed_url

register = template.Library()

FIRST_LINES_CHARS = 90


@register.simple_tag(takes_context=True)
def href(context, obj) -> str:
    """The URL of an issue, page or article: its permalink, or its /preview/ twin on a preview page."""
    return preview_url(obj) if context.get("preview") else obj.get_absolute_url()


@register.filter
def first_lines(body, limit=FIRST_LINES_CHARS) -> str:
    """The opening of an article's first paragraph, for a page's list of articles."""
    text = next((b.get("text", "") for b in body or () if b.get("kind", "paragraph") == "paragraph"), "")
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


@register.simple_tag(name="tag_feed_url")
def tag_feed(tag) -> str:
    """The Atom feed of a subject tag or of a person, place or organisation."""
    return tag_feed_url(tag)
