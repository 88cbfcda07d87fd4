"""Public pages of a subject tag and of a person, place or organisation: their published articles, newest first.

Every list starts from ``published()``; a tag on unpublished articles only does not exist for readers.
A renamed or merged tag's old slug redirects permanently to the tag it now is.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from archive.models import Tag, TagAlias

from .common import archive_page, list_lines, page_of, render_page

PER_PAGE = 50
ENTITY_KINDS = (Tag.Kind.PERSON, Tag.Kind.PLACE, Tag.Kind.ORGANISATION)


def tagged_articles(articles, tag):
    """The given articles carrying the tag (one join through the tag's index)."""
    return articles.filter(tagged__tag=tag)


def tag_feed_url(tag) -> str:
    """A tag's Atom feed: /feeds/tag/<slug>/ for a subject, /feeds/entity/<kind>/<slug>/ for the others."""
    if tag.kind == Tag.Kind.SUBJECT:
        return reverse("archive:feed-tag", kwargs={"slug": tag.slug})
    return reverse("archive:feed-entity", kwargs={"kind": tag.kind, "slug": tag.slug})


def renamed(scope, kind, slug) -> Tag:
    """The tag an old slug (before a rename or merge) now names, when readers may see it; else Http404."""
    alias = TagAlias.objects.select_related("tag").filter(kind=kind, slug=slug).first()
    if alias is None or not tagged_articles(scope.articles(), alias.tag).exists():
        raise Http404("没有这个标签")
    return alias.tag


@archive_page()
def tag_detail(request, scope, slug):
    """A subject tag's articles."""
    return tag_page(request, scope, Tag.Kind.SUBJECT, slug)


@archive_page()
def entity_detail(request, scope, kind, slug):
    """A person's, place's or organisation's articles."""
    if kind not in ENTITY_KINDS:
        raise Http404("没有这类条目")
    return tag_page(request, scope, kind, slug)


def tag_page(request, scope, kind, slug):
    """Three queries: the tag, the count and one page of 50; a tag without published articles is a 404."""
    tag = Tag.objects.filter(kind=kind, slug=slug).only("kind", "name", "slug").first()
    if tag is None:
        return redirect(renamed(scope, kind, slug), permanent=True)
    page, total = page_of(request, list_lines(tagged_articles(scope.articles(), tag)), PER_PAGE)
    if not total:
        raise Http404("没有这个标签")
    context = {"tag": tag, "page_obj": page, "articles": page.object_list, "total": total}
    return render_page(request, scope, "archive/tag.html", context)
