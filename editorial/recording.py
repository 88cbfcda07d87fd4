"""Keep what an import reported: an ImportRecord per run, and the importer's flags as rows to resolve.

Called once at the end of every import (admin upload or import_pages), inside its transaction,
so a record exists exactly when the import did.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from archive.models import Article
from archive.parsing import PageLabel

from .models import ArticleFlag, ImportRecord

if TYPE_CHECKING:
    from .importing import ImportSummary, PageInput

SUMMARY_FIELDS = (
    "pages",
    "articles",
    "bylines",
    "repairs",
    "flags",
    "unmatched_markers",
    "skipped_pages_unchanged",
    "replaced_edited_articles",
)


def record_import(summary: ImportSummary, inputs: list[PageInput], user=None) -> ImportRecord:
    """Store the run's report and bring the flag rows of the pages it wrote up to date.

    An import with a user is an admin upload; the command runs without one.
    """
    outcomes = {str(PageLabel.parse(r.key)): r.outcome for r in summary.page_results}
    written = [item for item in inputs if outcomes.get(str(PageLabel.parse(item.key))) != "unchanged"]
    labels = [PageLabel.parse(item.key) for item in written]
    articles = list(
        Article.objects.filter(issue=summary.issue, page__number__in=[label.number for label in labels])
        .select_related("page")
        .only("pk", "order", "headline", "flags", "repairs", "page__prefix", "page__number")
    )
    articles = [a for a in articles if a.page.page_label in labels]
    ArticleFlag.objects.sync_for(articles)
    articles.sort(key=lambda a: (a.page.prefix, a.page.number, a.order))
    repairs = [
        {**where(a), "kind": r.get("kind"), "before": r.get("before"), "after": r.get("after")}
        for a in articles
        for r in a.repairs
    ]
    flags = [{**where(a), "kind": f.get("kind"), "text": f.get("text")} for a in articles for f in a.flags]
    return ImportRecord.objects.create(
        issue=summary.issue,
        user=user,
        source=ImportRecord.Source.ADMIN if user is not None else ImportRecord.Source.COMMAND,
        files=[file_entry(item, outcomes) for item in inputs],
        summary={name: getattr(summary, name) for name in SUMMARY_FIELDS},
        unmatched=list(summary.unmatched),
        repairs=repairs,
        flags=flags,
        repair_count=len(repairs),
        flag_count=len(flags),
        unmatched_count=summary.unmatched_markers,
    )


def where(article: Article) -> dict:
    """Where a repair or flag was found, for the record."""
    return {"page": article.page.label, "article": article.pk, "headline": article.headline}


def file_entry(item: PageInput, outcomes: dict[str, str]) -> dict:
    """One uploaded or read file with its checksum, encoding and what happened to it."""
    label = str(PageLabel.parse(item.key))
    return {
        "name": os.path.basename(item.source.path),
        "page": label,
        "sha256": item.source.sha256,
        "encoding": item.source.encoding,
        "outcome": outcomes.get(label, ""),
    }
