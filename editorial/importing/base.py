"""What an import takes in and reports: the page inputs, the per-page results and the issue summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.models import ContinuationMarker, Issue
from archive.parsing import PageLabel, ParsedPage

from ..textio import PageText

IMPORT_REASON = "导入"
REIMPORT_REASON = "重新导入"
# Kept for callers of the old API; a replaced text is now a revision with REIMPORT_REASON.
REPLACE_REASON = REIMPORT_REASON


class ImportRefused(Exception):
    """An import that would lose an editor's work or is malformed; nothing was written."""


@dataclass(frozen=True)
class PageInput:
    """One page ready to store: where it came from, its decoded text and what the parser read."""

    key: PageLabel
    source: PageText
    parsed: ParsedPage
    # Per parsed article, its column values and import snapshot when worked out already (the bulk load
    # does it in its parser processes, so the writing process does not); see ``prepared()``.
    articles: list[tuple[dict, dict]] | None = field(default=None, compare=False, repr=False)

    def prepared(self) -> list[tuple[dict, dict]]:
        """(article_fields, article_snapshot) of every parsed article, in order."""
        if self.articles is not None:
            return self.articles
        from .snapshots import prepare_articles

        return prepare_articles(self.parsed)


@dataclass
class PageResult:
    """What happened to one page, for the per-page summary line."""

    key: PageLabel
    source_name: str
    outcome: str  # "imported", "replaced" or "unchanged"
    articles: int = 0
    bylines: int = 0
    repairs: int = 0
    flags: int = 0
    replaced_edited_articles: int = 0
    changes: list[str] = field(default_factory=list)  # 《headline》 and what happened to it

    @property
    def outcome_label(self) -> str:
        return {"imported": "已导入", "replaced": "已重新导入", "unchanged": "未变，跳过"}[self.outcome]


@dataclass
class ImportSummary:
    """Counts an operator needs to judge an import at a glance."""

    issue: Issue | None = None
    issue_created: bool = False
    pages: int = 0
    articles: int = 0
    bylines: int = 0
    repairs: int = 0
    flags: int = 0
    unmatched_markers: int = 0
    skipped_pages_unchanged: int = 0
    replaced_edited_articles: int = 0
    page_results: list[PageResult] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def add(self, result: PageResult) -> None:
        """Fold one page's counts into the totals so the command prints one consistent total."""
        self.page_results.append(result)
        if result.outcome == "unchanged":
            self.skipped_pages_unchanged += 1
            return
        self.pages += 1
        self.articles += result.articles
        self.bylines += result.bylines
        self.repairs += result.repairs
        self.flags += result.flags
        self.replaced_edited_articles += result.replaced_edited_articles

    @property
    def changes(self) -> list[str]:
        """Every article a re-import changed, created or retired, page by page."""
        return [f"{page_label(r.key)} {change}" for r in self.page_results for change in r.changes]


def page_label(key: PageLabel | int | str) -> str:
    """Name a page the way editors say it: 01版, A3版."""
    return PageLabel.parse(key).display


def title(headline: str | None) -> str:
    """An article's headline in book-title marks, the way editors name articles in messages."""
    return f"《{headline or '（无标题）'}》"


def describe_marker(marker: ContinuationMarker) -> str:
    """Describe an unmatched marker for the operator: page, headline and the printed line."""
    article = marker.article
    return f"{article.page.label}版 {title(article.headline)} {marker.text}"
