"""Import one issue: every page stored and the issue re-linked, or nothing changes.

New pages are created in batches (``creating``); pages already stored are re-imported in place
(``reimporting``), refusing, with the list of what would change, to undo an editor's work
unless ``replace`` is given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction

from archive.models import Article, Issue, Page, Publication
from archive.parsing import PageLabel, parse_page
from archive.search.index import reindex_articles

from .. import recording
from ..textio import PageText
from . import creating, markers, reimporting
from .base import ImportRefused, ImportSummary, PageInput, PageResult, describe_marker, page_label
from .contributors import ContributorRegistry
from .validation import validate_page


def import_issue(
    publication: Publication,
    date: dt.date,
    files: Iterable[tuple[PageLabel | int | str, PageText]],
    *,
    replace: bool = False,
    user=None,
    on_page: Callable[[PageLabel], None] | None = None,
) -> ImportSummary:
    """Parse every file first and then store them all in one transaction, so a bad page changes nothing.

    Pages may be given as PageLabel or anything ``PageLabel.parse`` reads (3, "03", "A3").
    """
    files = [(label_of(key, text.path), text) for key, text in files]
    check_unique_pages((key, text.path) for key, text in files)
    inputs = [PageInput(key, text, parse_page(text.text, page=key)) for key, text in files]
    return import_parsed(publication, date, inputs, replace=replace, user=user, on_page=on_page)


def label_of(key, path: str) -> PageLabel:
    """The page a file is for, refusing in Chinese what is not a page."""
    label = PageLabel.parse(key)
    if label is None:
        raise ImportRefused(f"{path}：“{key}”不是版次（可写 3 或 A3，版次 1–999）")
    return label


def with_label(item: PageInput) -> PageInput:
    """The input with its page as a PageLabel (callers may still pass 3 or "A3")."""
    if isinstance(item.key, PageLabel):
        return item
    return dataclasses.replace(item, key=label_of(item.key, item.source.path))


def check_unique_pages(keys_and_paths: Iterable[tuple[PageLabel, str]]) -> None:
    """Refuse two files for the same page before anything is written, since one would overwrite the other."""
    seen: dict[PageLabel, str] = {}
    for key, path in keys_and_paths:
        label = label_of(key, path)
        if label in seen:
            raise ImportRefused(f"{label.display}在这次导入中出现了两次：{seen[label]} 和 {path}")
        seen[label] = path


def import_parsed(
    publication: Publication,
    date: dt.date,
    inputs: list[PageInput],
    *,
    replace: bool = False,
    user=None,
    on_page: Callable[[PageLabel], None] | None = None,
    registry: ContributorRegistry | None = None,
) -> ImportSummary:
    """Store already-parsed pages and re-link the issue, all or nothing."""
    inputs = [with_label(item) for item in inputs]
    check_unique_pages((item.key, item.source.path) for item in inputs)
    for item in inputs:
        validate_page(item)
    registry = registry or ContributorRegistry()
    summary = ImportSummary()
    try:
        with transaction.atomic():
            store_issue(summary, publication, date, inputs, replace, user, registry, on_page)
    except BaseException:
        registry.forget()  # ids created inside the rolled-back transaction are gone
        raise
    return summary


def store_issue(summary, publication, date, inputs, replace, user, registry, on_page) -> None:
    issue, summary.issue_created = Issue.objects.select_for_update().get_or_create(
        publication=publication, date=date
    )
    summary.issue = issue
    # Every contributor of the issue in one sorted, conflict-safe batch: one insert per transaction,
    # so two imports that share new names take their locks in the same order and cannot deadlock.
    registry.resolve(creating.contributor_keys(a for item in inputs for a in item.parsed.articles))
    stored = {} if summary.issue_created else existing_pages(issue)
    fresh, plans, results = [], [], {}
    for item in inputs:
        page = stored.get(item.key)
        if page is None:
            fresh.append(item)
        elif is_unchanged(item, page, replace):
            results[item.key] = PageResult(item.key, creating.source_name(item), "unchanged")
        else:
            page.issue = issue
            plans.append(reimporting.plan_page(item, page, replace, issue.is_published))
    refuse_conflicts(plans)
    if fresh and issue.is_published and not replace:
        # Visibility is the issue's: a page added to a published issue would reach readers unreviewed.
        added = "、".join(f"{page_label(item.key)}（{item.source.path}）" for item in fresh)
        raise ImportRefused(
            f"导入被拒绝：{issue}已发布，新增的版面 {added} 会未经审核直接对读者可见。"
            "请先退回审核或撤回本期再导入（确认直接发布，请加 --replace）。"
        )
    for plan in plans:
        results[plan.item.key] = reimporting.apply_plan(plan, registry, user)
    for result in creating.create_pages(issue, fresh, registry, user):
        results[result.key] = result
    for item in inputs:
        summary.add(results[item.key])
        if on_page:
            on_page(item.key)
    unmatched = markers.link_issue(issue)
    # Articles written in bulk fire no save signal: bring the issue's search entries up to date here,
    # inside the import's transaction.
    reindex_articles(Article.objects.filter(issue=issue).values_list("pk", flat=True))
    summary.unmatched_markers = len(unmatched)
    summary.unmatched = [describe_marker(m) for m in unmatched]
    # Review: keep this run's report as an ImportRecord and the flags as rows (editorial.recording).
    recording.record_import(summary, inputs, user=user)


def existing_pages(issue: Issue) -> dict[PageLabel, Page]:
    """The issue's stored pages by label, without their source text unless needed."""
    return {p.page_label: p for p in Page.objects.filter(issue=issue).defer("source_text")}


def is_unchanged(item: PageInput, page: Page, replace: bool = False) -> bool:
    """The stored page came from these exact bytes: importing them again has nothing to do.

    Editors' corrections on such a page are kept; only --replace puts the file's text back.
    """
    return page.source_sha256 == item.source.sha256 and not replace


def refuse_conflicts(plans: list[reimporting.PagePlan]) -> None:
    """Refuse before writing when any page would undo an editor's work, listing all of it."""
    problems = [
        f"{page_label(plan.item.key)}（{plan.item.source.path}）：{conflict}"
        for plan in plans
        for conflict in plan.conflicts
    ]
    if problems:
        raise ImportRefused(
            "导入被拒绝，它会覆盖编辑的工作（确认要以文件为准，请加 --replace，每处改动都会留下修订记录）：\n  "
            + "\n  ".join(problems)
        )
