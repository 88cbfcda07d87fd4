"""Atom feeds for readers' feed readers: a paper's latest issues, a contributor's or a tag's latest
articles, and the latest errata (更正).

Only published records; titles and summaries are plain text (the syndication framework escapes them).
"""

from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Article, Contributor, Correction, Issue, Page, Publication, Tag
from .stories import HEAVY_ARTICLE_FIELDS
from .views.common import NEWEST_FIRST, PUBLIC
from .views.contributors import credited_articles, merged_into
from .views.tags import ENTITY_KINDS, renamed, tag_feed_url, tagged_articles

FEED_ITEMS = 20


class PublicationIssuesFeed(Feed):
    """The newest issues of one paper, each item listing its pages (版名)."""

    feed_type = Atom1Feed
    language = "zh-CN"

    def get_object(self, request, slug):
        return get_object_or_404(
            Publication.objects.filter(Exists(Issue.objects.published().filter(publication=OuterRef("pk")))),
            slug=slug,
        )

    def title(self, publication):
        return f"{publication.name} · 最新期次 · 报库"

    def link(self, publication):
        return publication.get_absolute_url()

    def feed_url(self, publication):
        return reverse("archive:feed-publication", kwargs={"slug": publication.slug})

    def subtitle(self, publication):
        return f"{publication.name}最新发布的期次"

    def items(self, publication):
        issues = list(
            Issue.objects.published().filter(publication=publication).order_by("-date")[:FEED_ITEMS]
        )
        pages = (
            Page.objects.filter(issue__in=issues)
            .order_by("prefix", "number")
            .only("issue_id", "prefix", "number", "name")
        )
        by_issue = {}
        for page in pages:
            by_issue.setdefault(page.issue_id, []).append(page)
        for issue in issues:
            issue.publication = publication
            issue.page_list = by_issue.get(issue.pk, [])
        return issues

    def item_title(self, issue):
        title = f"{issue.publication.name} {issue.date:%Y年%-m月%-d日}"
        return f"{title} 总第{issue.number}期" if issue.number else title

    def item_description(self, issue):
        names = [f"{p.page_label.display}{(' ' + p.name) if p.name else ''}" for p in issue.page_list]
        return "、".join(names) or "本期版面"

    def item_link(self, issue):
        return issue.get_absolute_url()

    def item_pubdate(self, issue):
        return issue.published_at or issue.updated_at

    def item_updateddate(self, issue):
        return issue.updated_at


class ArticlesFeed(Feed):
    """What the feeds of articles share: the newest published ones, each with where it was printed."""

    feed_type = Atom1Feed
    language = "zh-CN"

    def articles(self, obj):
        """The published articles of ``obj``, unordered."""
        raise NotImplementedError

    def items(self, obj):
        return list(
            self.articles(obj)
            .select_related("issue__publication", "page")
            .defer(*HEAVY_ARTICLE_FIELDS, "page__source_text")
            .order_by(*NEWEST_FIRST)[:FEED_ITEMS]
        )

    def item_title(self, article):
        return article.headline or "（无标题）"

    def item_description(self, article):
        where = f"{article.issue.publication.name} {article.issue.date:%Y年%-m月%-d日} {article.page.label}版"
        first = next((b["text"] for b in article.body if b.get("kind") == "paragraph"), "")
        return f"{where}　{first[:200]}"

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.issue.published_at or article.created_at

    def item_updateddate(self, article):
        return article.updated_at


class ContributorArticlesFeed(ArticlesFeed):
    """The newest published articles of a person or an agency."""

    def __call__(self, request, pk):
        """The feed; a merged-away contributor's old feed URL redirects to the kept record's feed."""
        try:
            return super().__call__(request, pk=pk)
        except Http404:
            kept = merged_into(pk)
            if kept is None:
                raise
        return redirect("archive:feed-contributor", pk=kept.pk, permanent=True)

    def get_object(self, request, pk):
        return get_object_or_404(Contributor.objects.published(), pk=pk)

    def title(self, contributor):
        return f"{contributor.name} · 最新文章 · 报库"

    def link(self, contributor):
        return contributor.get_absolute_url()

    def feed_url(self, contributor):
        return reverse("archive:feed-contributor", kwargs={"pk": contributor.pk})

    def subtitle(self, contributor):
        return f"{contributor.name}署名或供稿的已发布文章"

    def articles(self, contributor):
        return credited_articles(Article.objects.published(), contributor)


class TagArticlesFeed(ArticlesFeed):
    """The newest published articles with a subject tag, or about a person, place or organisation."""

    def __call__(self, request, slug, kind=Tag.Kind.SUBJECT):
        """The feed; a renamed or merged tag's old feed URL redirects to the tag's feed now."""
        try:
            return super().__call__(request, slug=slug, kind=kind)
        except Http404:
            now = renamed(PUBLIC, kind, slug)
        return redirect(tag_feed_url(now), permanent=True)

    def get_object(self, request, slug, kind):
        tag = get_object_or_404(Tag, kind=kind, slug=slug)
        if not self.articles(tag).exists():
            raise Http404("没有这个标签")
        return tag

    def title(self, tag):
        return f"{tag.name} · 最新文章 · 报库"

    def link(self, tag):
        return tag.get_absolute_url()

    def feed_url(self, tag):
        return tag_feed_url(tag)

    def subtitle(self, tag):
        return f"{tag.get_kind_display()}“{tag.name}”的已发布文章"

    def articles(self, tag):
        return tagged_articles(Article.objects.published(), tag)


class EntityArticlesFeed(TagArticlesFeed):
    """The newest published articles about a person, place or organisation."""

    def __call__(self, request, kind, slug):
        if kind not in ENTITY_KINDS:
            raise Http404("没有这类条目")
        return super().__call__(request, slug=slug, kind=kind)


class CorrectionsFeed(Feed):
    """Approved errata (更正) of published articles, newest first: the note, what was printed, what is right."""

    feed_type = Atom1Feed
    language = "zh-CN"
    title = "更正 · 报库"
    subtitle = "已发布文章的更正启事"

    def link(self):
        return reverse("archive:home")

    def feed_url(self):
        return reverse("archive:feed-corrections")

    def items(self):
        return list(
            Correction.objects.public()
            .select_related("article__issue__publication", "article__page")
            .defer(
                *(f"article__{name}" for name in HEAVY_ARTICLE_FIELDS),
                "article__body",
                "article__page__source_text",
            )
            .order_by("-approved_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, correction):
        article = correction.article
        return f"更正：{article.headline or '（无标题）'}"

    def item_description(self, correction):
        article = correction.article
        where = f"{article.issue.publication.name} {article.issue.date:%Y年%-m月%-d日} {article.page.label}版"
        return f"{where}　{correction.note}　原刊：{correction.printed_text}　更正为：{correction.corrected_text}"

    def item_link(self, correction):
        return f"{correction.article.get_absolute_url()}#correction-{correction.pk}"

    def item_pubdate(self, correction):
        return correction.approved_at

    def item_updateddate(self, correction):
        return correction.approved_at
