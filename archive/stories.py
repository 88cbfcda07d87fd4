"""A story as readers see it: every printed part of a continued piece, its credits, pages and citation.

The article page, the plain-text download, the JSON-LD, the feeds and the API all read a story from here,
so what "the whole piece", "where it was printed" and "how to cite it" mean is decided in one place.
Every query is limited to ``within`` (``Article.objects.published()`` for readers), so an unpublished
part of a published story is never shown, cited or linked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q

from .models import Article, Byline, ContinuationMarker, Contributor, continuation_chain
from .models.markers import ContinuationLink

# Import fix only (fix-admin): fix-public rewrites this module for ContinuationLink rows.
FOLLOWED_LINKS = ContinuationLink.FOLLOWED

# Fields readers never see; deferred so public pages do not haul the import record around.
HEAVY_ARTICLE_FIELDS = ("imported_text", "imported_snapshot", "repairs", "flags")


def bylines_prefetch():
    """Bylines in print order with their contributors, fetched in one query for many articles."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("contributor").order_by("order"))


def markers_prefetch(within, to_attr=None):
    """Markers with the page of the article they lead to, in one query for many articles.

    ``target_visible`` is an EXISTS on the marker's own linked article (no scan of the archive): a marker
    leads somewhere only when its link is auto/confirmed and that article is inside ``within``.
    """
    queryset = (
        ContinuationMarker.objects.select_related("linked_article__page__issue__publication")
        .annotate(target_visible=Exists(within.filter(pk=OuterRef("linked_article_id"))))
        .only(
            "article_id",
            "kind",
            "text",
            "order",
            "page_prefix",
            "page_number",
            "link_status",
            "linked_article__id",
            "linked_article__page__prefix",
            "linked_article__page__number",
            "linked_article__page__issue__date",
            "linked_article__page__issue__publication__slug",
        )
        .order_by("order")
    )
    return Prefetch("markers", queryset=queryset, to_attr=to_attr)


def marker_target(marker):
    """The article a marker leads readers to, or None when it is unlinked, unsure or not visible."""
    if marker.link_status not in FOLLOWED_LINKS or not getattr(marker, "target_visible", False):
        return None
    return marker.linked_article


@dataclass
class Story:
    """A continued piece's parts in reading order, with the credits of all parts together."""

    parts: list[Article]
    requested: Article
    bylines: list[Byline] = field(default_factory=list)
    agency: Contributor | None = None

    @classmethod
    def load(cls, pk: int, within) -> Story:
        """Four queries whatever the story's length; raises Article.DoesNotExist outside ``within``."""
        article = within.only("pk", "issue_id").get(pk=pk)
        # The chain never leaves the issue: limiting ``within`` to it keeps continuation_chain's
        # IN (…) subqueries to the issue's own rows instead of every published article (SQLite
        # materialises such a subquery whole).
        chain = continuation_chain(article, within=within.filter(issue_id=article.issue_id))
        parts_by_id = (
            within.filter(pk__in=chain)
            .select_related("issue__publication", "page__issue__publication", "agency")
            .defer(*HEAVY_ARTICLE_FIELDS, "page__source_text")
            .prefetch_related(bylines_prefetch())
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
        agency = next((p.agency for p in parts if p.agency_id), None)
        return cls(parts=parts, requested=parts_by_id[article.pk], bylines=credits, agency=agency)

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
        lines.append(f"引用：{self.citation}")
        if url:
            lines.append(f"网址：{url}")
        return "\n".join(lines) + "\n"

    def neighbours(self, within) -> tuple[Article | None, Article | None]:
        """The previous and next stories of the issue in print order, skipping continuation parts.

        One query over the issue's own articles (bounded by the issue, not the archive).
        """
        continuation = Q(
            Exists(
                ContinuationMarker.objects.filter(
                    article=OuterRef("pk"), kind=ContinuationMarker.Kind.BACK, link_status__in=FOLLOWED_LINKS
                ).filter(Exists(within.filter(pk=OuterRef("linked_article_id"))))
            )
        ) | Q(
            Exists(
                ContinuationMarker.objects.filter(
                    linked_article=OuterRef("pk"),
                    kind=ContinuationMarker.Kind.JUMP,
                    link_status__in=FOLLOWED_LINKS,
                ).filter(Exists(within.filter(pk=OuterRef("article_id"))))
            )
        )
        rows = list(
            within.filter(issue_id=self.lead.issue_id)
            .annotate(is_part=continuation)
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
