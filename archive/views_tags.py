"""Public pages of a subject tag and of a person, place or organisation: their published articles, newest first.

Every query starts from ``published()``; a tag on unpublished articles only does not exist for readers.
A renamed or merged tag's old slug redirects permanently to the tag it now is.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from .models import Article, Tag, TagAlias

PER_PAGE = 20
ENTITY_KINDS = (Tag.Kind.PERSON, Tag.Kind.PLACE, Tag.Kind.ORGANISATION)


def tag_detail(request, slug):
    """A subject tag's articles."""
    return tagged_articles(request, Tag.Kind.SUBJECT, slug)


def entity_detail(request, kind, slug):
    """A person's, place's or organisation's articles."""
    if kind not in ENTITY_KINDS:
        raise Http404("没有这类条目")
    return tagged_articles(request, kind, slug)


def tagged_articles(request, kind, slug):
    """One page of a tag's published articles; an old slug redirects, an unseen tag is a 404."""
    tag = Tag.objects.published().filter(kind=kind, slug=slug).first()
    if tag is None:
        alias = TagAlias.objects.select_related("tag").filter(kind=kind, slug=slug).first()
        if alias is not None:
            return redirect(alias.tag, permanent=True)
        raise Http404("没有这个标签")
    articles = (
        Article.objects.published()
        .filter(tagged__tag=tag)
        .select_related("issue__publication", "page__issue__publication")
        .only(
            "headline",
            "issue__date",
            "issue__publication__name",
            "issue__publication__slug",
            "page__prefix",
            "page__number",
            "page__issue__date",
            "page__issue__publication__slug",
        )
        .order_by("-issue__date", "-pk")
    )
    page = Paginator(articles, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/tag.html", {"tag": tag, "page_obj": page, "articles": page.object_list})
