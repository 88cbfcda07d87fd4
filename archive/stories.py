"""A story as readers see it: every printed part of a continued piece, its credits, pages and citation.

The article page, the plain-text download, the JSON-LD, the feeds and the API all read a story from here,
so what "the whole piece", "where it was printed" and "how to cite it" mean is decided in one place.
Every query is limited to ``within`` (``Article.objects.published()`` for readers), so an unpublished
part of a published story is never shown, cited or linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from .models import (
    Article,
    ArticleTag,
    Byline,
    ContinuationLink,
    ContinuationMarker,
    Contributor,
    Correction,
    Tag,
    continuation_chain,
)
from .models.markers import partners

# Fields readers never see; deferred so public pages do not haul the import record around.
HEAVY_ARTICLE_FIELDS = ("stored_imported_text", "imported_snapshot", "repairs", "flags")


def bylines_prefetch():
    """Bylines in print order with their contributors, fetched in one query for many articles."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("contributor").order_by("order"))


def tags_prefetch():
    """Subject tags and entities with their tag rows, in one query for many articles (kind, then name)."""
    return Prefetch(
        "tagged",
        queryset=ArticleTag.objects.select_related("tag")
        .only("article_id", "tag__kind", "tag__name", "tag__slug")
        .order_by("tag__kind", "tag__name"),
    )


def markers_prefetch():
    """The printed jump and back lines in print order, in one query for many articles.

    Where each leads is a question about its link row, answered for all of them by ``attach_targets``.
    """
    queryset = ContinuationMarker.objects.only(
        "article_id", "kind", "text", "order", "page_prefix", "page_number"
    ).order_by("order")
    return Prefetch("markers", queryset=queryset)


def attach_targets(articles, within) -> list:
    """Set ``target`` on every marker of ``articles``: the article its followed link leads readers to, or None.

    One query for all of them. Readers follow only auto and confirmed links whose other side is inside
    ``within``; a link never leaves its issue, so ``within`` is narrowed to these articles' issues and its
    subqueries stay the size of an issue, not of the archive.
    """
    articles = list(articles)
    markers = [m for a in articles for m in a.markers.all()]
    found = partners(markers, within=within.filter(issue_id__in={a.issue_id for a in articles}))
    for marker in markers:
        marker.target = found.get(marker.pk)
    return markers


@dataclass
class Story:
    """A continued piece's parts in reading order, with the credits, tags and errata of all parts together."""

    parts: list[Article]
    requested: Article
    bylines: list[Byline] = field(default_factory=list)
    agency: Contributor | None = None
    tags: list[Tag] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    @classmethod
    def load(cls, pk: int, within) -> Story:
        """Six queries whatever the story's length; raises Article.DoesNotExist outside ``within``."""
        article = within.only("pk", "issue_id").get(pk=pk)
        # The chain never leaves the issue: limiting ``within`` to it keeps continuation_chain's
        # IN (…) subqueries to the issue's own rows instead of every published article (SQLite
        # materialises such a subquery whole).
        chain = continuation_chain(article, within=within.filter(issue_id=article.issue_id))
        parts_by_id = (
            within.filter(pk__in=chain)
            .select_related("issue__publication", "page__issue__publication", "agency")
            .defer(*HEAVY_ARTICLE_FIELDS, "page__source_text")
            .prefetch_related(bylines_prefetch(), tags_prefetch())
            .in_bulk()
        )
        parts = [parts_by_id[i] for i in chain if i in parts_by_id]
        for previous, part, following in zip([None, *parts[:-1]], parts, [*parts[1:], None], strict=True):
            part.previous_part, part.next_part = previous, following
        credits, seen = [], set()
        for part in parts:
            for byline in part.bylines.all():
                if (byline.contributor_id, byline.role) not in seen:
                    seen.add((byline.contributor_id, byline.role))
                    credits.append(byline)
        tags = {row.tag_id: row.tag for part in parts for row in part.tagged.all()}
        corrections = list(
            Correction.objects.public()
            .filter(article_id__in=[part.pk for part in parts])
            .only("article_id", "note", "printed_text", "corrected_text", "approved_at")
        )
        return cls(
            parts=parts,
            requested=parts_by_id[article.pk],
            bylines=credits,
            agency=next((p.agency for p in parts if p.agency_id), None),
            tags=sorted(tags.values(), key=lambda t: (t.kind != Tag.Kind.SUBJECT, t.kind, t.name)),
            corrections=corrections,
        )

    @property
    def subjects(self) -> list[Tag]:
        """The piece's subject tags (主题), linked to their pages."""
        return [t for t in self.tags if t.kind == Tag.Kind.SUBJECT]

    @property
    def entities(self) -> list[tuple[str, list[Tag]]]:
        """The people, places and organisations the piece is about, grouped: [("人物", [...]), ...]."""
        groups: dict[str, list[Tag]] = {}
        for tag in self.tags:
            if tag.kind != Tag.Kind.SUBJECT:
                groups.setdefault(tag.get_kind_display(), []).append(tag)
        return list(groups.items())

    @property
    def lead(self) -> Article:
        return self.parts[0]

    @property
    def issue(self):
        return self.lead.issue

    @property
    def publication(self):
        return self.lead.issue.publication

    @property
    def pages(self) -> list:
        """The pages the piece was printed on, in reading order, each once."""
        return list({part.page_id: part.page for part in self.parts}.values())

    @property
    def page_labels(self) -> str:
        """ "01,02" for a piece continued from 01版 to 02版: the form of GB/T 7714's 版次."""
        return ",".join(page.label for page in self.pages)

    @property
    def authors(self) -> list[str]:
        names = dict.fromkeys(b.contributor.name for b in self.bylines)
        return list(names)

    @property
    def title(self) -> str:
        lead = self.lead
        subtitle = lead.subtitle.lstrip("—").strip()
        return " ".join(t for t in (lead.headline, subtitle) if t) or "（无标题）"

    @property
    def citation(self) -> str:
        """The GB/T 7714-2015 reference, with every page the piece was printed on: …, 2026-04-27(01,02)."""
        authors = ", ".join(self.authors)
        head = f"{authors}. " if authors else ""
        return (
            f"{head}{self.title}[N]. {self.publication.name}, {self.issue.date:%Y-%m-%d}({self.page_labels})."
        )

    def plain_text(self, url: str = "") -> str:
        """The whole piece as plain text for download: headline group, credits, every part, citation."""
        lead = self.lead
        lines = [t for t in (lead.section, lead.kicker, lead.headline or "（无标题）", lead.subtitle) if t]
        credits = " ".join(f"{b.role} {b.contributor.name}" for b in self.bylines)
        if self.agency:
            credits = f"{credits} 稿源 {self.agency.name}".strip()
        if credits:
            lines.append(credits)
        pages = "、".join(page.page_label.display for page in self.pages)
        lines += [f"{self.publication.name} {self.issue.date:%Y年%-m月%-d日} {pages}", ""]
        for part in self.parts:
            if part.previous_part:
                lines += [f"（上接{part.previous_part.page.label}版）", ""]
            lines += [block["text"] for block in part.body]
            if part.next_part:
                lines += [f"（下转{part.next_part.page.label}版）"]
            lines.append("")
        for correction in self.corrections:
            lines += [
                f"更正（{correction.approved_at:%Y年%-m月%-d日}）：{correction.note}",
                f"原刊：{correction.printed_text}　更正为：{correction.corrected_text}",
                "",
            ]
        lines.append(f"引用：{self.citation}")
        if url:
            lines.append(f"网址：{url}")
        return "\n".join(lines) + "\n"

    def neighbours(self, within) -> tuple[Article | None, Article | None]:
        """The previous and next stories of the issue in print order, skipping continuation parts.

        One query over the issue's own articles (bounded by the issue, not the archive): an article is a
        continuation part when a followed link joins a visible earlier part to its back line.
        """
        in_issue = within.filter(issue_id=self.lead.issue_id)
        continues = ContinuationLink.objects.followed().filter(
            back__article_id=OuterRef("pk"), jump__article__in=in_issue
        )
        rows = list(
            in_issue.annotate(is_part=Exists(continues))
            .select_related("page")
            .only("pk", "headline", "page__prefix", "page__number", "page__issue_id")
            .order_by("page__prefix", "page__number", "order")
        )
        mine = {part.pk for part in self.parts}
        heads = [row for row in rows if row.pk in mine or not row.is_part]
        index = next((i for i, row in enumerate(heads) if row.pk in mine), None)
        if index is None:
            return None, None
        previous = heads[index - 1] if index > 0 else None
        following = next((row for row in heads[index + 1 :] if row.pk not in mine), None)
        return previous, following
