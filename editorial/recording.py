"""Keep what an import reported: an ImportRecord per run, and the importer's flags as rows to resolve.

Called once at the end of every import (admin upload, import_pages, and per batch in import_archive),
inside its transaction, so a record exists exactly when the import did.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from archive.models import Article
from archive.parsing import PageLabel

from .importing.copying import insert_new, insert_values
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


def record_import(summary: ImportSummary, inputs: list[PageInput], user=None) -> None:
    """Store the run's report and bring the flag rows of the pages it wrote up to date.

    An import with a user is an admin upload; the command runs without one.
    """
    # A new issue has no flag rows to keep: insert instead of comparing (one query less).
    record_imports([(summary, inputs)], user=user, new_issues=summary.issue_created)


def record_imports(
    runs: list[tuple[ImportSummary, list[PageInput]]], user=None, *, new_issues: bool = False
) -> None:
    """One ImportRecord per issue and its flag rows, for many issues in a fixed number of queries.

    ``new_issues`` (the bulk archive load) says the issues were just created: there are no flag
    rows to keep, so they are inserted in one statement instead of being compared.
    """
    wanted: dict[int, set[PageLabel]] = {}
    outcomes_of = []
    for summary, inputs in runs:
        outcomes = {str(PageLabel.parse(r.key)): r.outcome for r in summary.page_results}
        outcomes_of.append(outcomes)
        written = [item for item in inputs if outcomes.get(str(PageLabel.parse(item.key))) != "unchanged"]
        wanted[summary.issue.pk] = {PageLabel.parse(item.key) for item in written}
    numbers = {label.number for labels in wanted.values() for label in labels}
    rows = (
        Article.objects.filter(issue__in=list(wanted), page__number__in=numbers)
        .select_related("page")
        .only("pk", "issue_id", "order", "headline", "flags", "repairs", "page__prefix", "page__number")
    )
    by_issue: dict[int, list[Article]] = {pk: [] for pk in wanted}
    for article in rows:
        if article.page.page_label in wanted[article.issue_id]:
            by_issue[article.issue_id].append(article)
    every = [a for found in by_issue.values() for a in found]
    if new_issues:
        insert_values(  # COPY on PostgreSQL: bulk_create's array parameters escape every quote slowly
            ArticleFlag,
            [
                {
                    "article_id": a.pk,
                    "position": position,
                    "kind": str(f.get("kind", "")),
                    "text": str(f.get("text", "")),
                }
                for a in every
                for position, f in enumerate(a.flags or [])
            ],
        )
    else:
        ArticleFlag.objects.sync_for(every)
    records = [
        build_record(summary, inputs, outcomes, by_issue[summary.issue.pk], user)
        for (summary, inputs), outcomes in zip(runs, outcomes_of, strict=True)
    ]
    insert_new(ImportRecord, records)  # COPY on PostgreSQL, like the articles: JSON with many quotes


def build_record(summary, inputs, outcomes: dict[str, str], articles: list[Article], user) -> ImportRecord:
    """The unsaved record of one issue's import."""
    articles.sort(key=lambda a: (a.page.prefix, a.page.number, a.order))
    repairs = [
        {**where(a), "kind": r.get("kind"), "before": r.get("before"), "after": r.get("after")}
        for a in articles
        for r in a.repairs
    ]
    flags = [{**where(a), "kind": f.get("kind"), "text": f.get("text")} for a in articles for f in a.flags]
    return ImportRecord(
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
