"""Store parsed pages in the database, atomically, without ever silently overwriting an editor's work.

Parsing is pure (``archive.parsing``); this module only decides what to write. One call imports
one issue: either every page is stored and the issue re-linked, or nothing changes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone

from archive.models import Article, Byline, ContinuationMarker, Contributor, Issue, Page, Publication, Status
from archive.parsing import PageLabel, ParsedArticle, ParsedPage, parse_page, split_page_key
from archive.parsing.types import PageKey
from archive.text.names import role_word_problem

from . import linking, recording
from .textio import PageFileError, PageText

REPLACE_REASON = "re-import --replace: editor's version kept before replacement"


class ImportRefused(Exception):
    """An import that would lose an editor's work or is malformed; nothing was written."""


@dataclass(frozen=True)
class PageInput:
    """One page ready to store: where it came from, its decoded text and what the parser read."""

    key: PageKey
    source: PageText
    parsed: ParsedPage


@dataclass
class PageResult:
    """What happened to one page, for the per-page summary line."""

    key: PageKey
    source_name: str
    outcome: str  # "imported", "replaced" or "unchanged"
    articles: int = 0
    bylines: int = 0
    repairs: int = 0
    flags: int = 0
    replaced_edited_articles: int = 0


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


# Entry points


def import_issue(
    publication: Publication,
    date: dt.date,
    files: Iterable[tuple[PageKey, PageText]],
    *,
    replace: bool = False,
    user=None,
    on_page: Callable[[PageKey], None] | None = None,
) -> ImportSummary:
    """Parse every file first and then store them all in one transaction, so a bad page changes nothing."""
    files = list(files)
    check_unique_pages((key, text.path) for key, text in files)
    inputs = [PageInput(key, text, parse_page(text.text, page=key)) for key, text in files]
    return import_parsed(publication, date, inputs, replace=replace, user=user, on_page=on_page)


def check_unique_pages(keys_and_paths: Iterable[tuple[PageKey, str]]) -> None:
    """Refuse two files for the same page before anything is written, since one would overwrite the other."""
    seen: dict[tuple[str, int], str] = {}
    for key, path in keys_and_paths:
        storage_key = split_page_key(key)
        if storage_key in seen:
            raise ImportRefused(
                f"page {page_label(key)} appears twice in this import: {seen[storage_key]} and {path}"
            )
        seen[storage_key] = path


def import_parsed(
    publication: Publication,
    date: dt.date,
    inputs: list[PageInput],
    *,
    replace: bool = False,
    user=None,
    on_page: Callable[[PageKey], None] | None = None,
) -> ImportSummary:
    """Store already-parsed pages and re-link the issue, all or nothing."""
    check_unique_pages((item.key, item.source.path) for item in inputs)
    for item in inputs:
        validate_page(item)
    summary = ImportSummary()
    with transaction.atomic():
        issue, summary.issue_created = Issue.objects.select_for_update().get_or_create(
            publication=publication, date=date, defaults={"status": Status.IMPORTED}
        )
        summary.issue = issue
        plans = [(item, existing_page(issue, item.key)) for item in inputs]
        refuse_if_editor_work_at_risk(issue, plans, replace)
        contributors = ContributorCache()
        for item, page in plans:
            summary.add(store_page(issue, item, page, contributors, user, replace))
            if on_page:
                on_page(item.key)
        unmatched = linking.link_issue(issue)
        summary.unmatched_markers = len(unmatched)
        summary.unmatched = [describe_marker(m) for m in unmatched]

        # Review: keep this run's report as an ImportRecord and the flags as rows (editorial.recording).
        recording.record_import(summary, inputs, user=user)
    return summary


# Deciding what may be written


def existing_page(issue: Issue, key: PageKey) -> Page | None:
    """Find the stored page for a key, or None for a page new to this issue."""
    prefix, number = split_page_key(key)
    return issue.pages.filter(prefix=prefix, number=number).first()


def edited_articles(page: Page | None) -> list[Article]:
    """List the page's articles an editor has changed since import, which a re-import would discard."""
    if page is None:
        return []
    return [a for a in page.articles.order_by("order") if a.is_edited]


def is_unchanged(item: PageInput, page: Page | None, replace: bool = False) -> bool:
    """Say whether the stored page came from these exact bytes, so importing them again has nothing to do.

    Editors' corrections on such a page are kept as they are; only --replace restores the imported text.
    """
    if page is None or page.source_sha256 != item.source.sha256:
        return False
    return not (replace and edited_articles(page))


def refuse_if_editor_work_at_risk(
    issue: Issue, plans: list[tuple[PageInput, Page | None]], replace: bool
) -> None:
    """Raise before writing if any page to re-import has edited articles or belongs to a published issue."""
    if replace:
        return
    problems = []
    for item, page in plans:
        if is_unchanged(item, page):
            continue
        if issue.is_published:
            problems.append(f"page {page_label(item.key)} ({item.source.path}): issue {issue} is published")
        edited = edited_articles(page)
        if edited:
            titles = "、".join(f"《{a.headline or '（无标题）'}》" for a in edited)
            problems.append(f"page {page_label(item.key)} ({item.source.path}): edited articles {titles}")
    if problems:
        raise ImportRefused(
            "import refused, it would overwrite editors' work (use --replace to keep their versions "
            "in history and replace them):\n  " + "\n  ".join(problems)
        )


def validate_page(item: PageInput) -> None:
    """Check stored lengths up front so an over-long parse names its file and line, not a database error."""
    parsed = item.parsed
    check_length(item, Page, "name", parsed.name or "", 1)
    for article in parsed.articles:
        line = article.first_line or 1
        for name, value in article_fields(article).items():
            if isinstance(value, str):
                check_length(item, Article, name, value, line)
        for person in article.bylines:
            check_length(item, Contributor, "name", normalise_name(person.name), line)
            check_length(item, Byline, "role", person.role, line)
        if article.agency:
            check_length(item, Contributor, "name", normalise_name(article.agency), line)
        for marker in article.markers:
            check_length(item, ContinuationMarker, "text", marker.text, article.last_line or line)


def check_length(item: PageInput, model, name: str, value: str, line: int) -> None:
    """Raise a file-and-line error when a value will not fit its column."""
    limit = model._meta.get_field(name).max_length
    if limit and len(value) > limit:
        what = f"{model._meta.model_name}.{name}"
        raise PageFileError(
            item.source.path, f"{what} is {len(value)} characters, over {limit}: {value[:30]}…", line
        )


# Writing


def store_page(
    issue: Issue, item: PageInput, page: Page | None, contributors: ContributorCache, user, replace: bool
) -> PageResult:
    """Write one page and its articles unless the very same file is already stored."""
    name = os.path.basename(item.source.path)[:255]
    if is_unchanged(item, page, replace):
        return PageResult(item.key, name, "unchanged")
    outcome = "imported" if page is None else "replaced"
    if page is None:
        prefix, number = split_page_key(item.key)
        page = Page(issue=issue, prefix=prefix, number=number)
    result = PageResult(item.key, name, outcome)
    result.replaced_edited_articles = keep_editor_versions(page, user)
    fill_page(page, item, name)
    kept_links = linking.detach_incoming(page)
    page.articles.all().delete()
    for order, parsed in enumerate(item.parsed.articles, start=1):
        article = create_article(issue, page, order, parsed, contributors, user)
        result.articles += 1
        result.bylines += create_bylines(article, parsed, contributors)
        create_markers(article, parsed)
        result.repairs += len(parsed.repairs)
        result.flags += len(parsed.flags)
    linking.reattach_incoming(page, kept_links)
    return result


def fill_page(page: Page, item: PageInput, name: str) -> None:
    """Copy the page-level facts and the untouched source onto the page and save it."""
    parsed = item.parsed
    page.name = parsed.name or ""
    page.credits = [c.to_json() for c in parsed.credits]
    page.source_name = name
    page.source_text = item.source.text
    page.source_sha256 = item.source.sha256
    page.source_encoding = item.source.encoding
    page.imported_at = timezone.now()
    page.save()


def keep_editor_versions(page: Page, user) -> int:
    """Save each edited article once more with a reason, so its last editor version is explicit in history."""
    if page.pk is None:
        return 0
    edited = edited_articles(page)
    for article in edited:
        article._change_reason = REPLACE_REASON
        if user is not None:
            article._history_user = user
        article.save()
    return len(edited)


def article_fields(parsed: ParsedArticle) -> dict:
    """Map a parsed article onto Article's columns, with "" where the model has no null."""
    return {
        "section": parsed.section or "",
        "kicker": parsed.kicker or "",
        "headline": parsed.headline or "",
        "subtitle": parsed.subtitle or "",
        "document_date": parsed.document_date,
        "dateline_place": parsed.dateline.place if parsed.dateline else "",
        "dateline_date": parsed.dateline.date if parsed.dateline else "",
        "body": [b.to_json() for b in parsed.blocks],
        "repairs": [asdict(r) for r in parsed.repairs],  # with paragraph and offset, to undo a join
        "flags": [f.to_json() for f in parsed.flags],
        "imported_text": parsed.source_text,
    }


def create_article(
    issue: Issue, page: Page, order: int, parsed: ParsedArticle, contributors: ContributorCache, user
) -> Article:
    """Create one article with its import snapshot, which later tells an edit from the import."""
    article = Article(issue=issue, page=page, order=order, **article_fields(parsed))
    if parsed.agency:
        article.agency = contributors.get(parsed.agency, Contributor.Kind.AGENCY)
    article.imported_snapshot = article.snapshot()
    if user is not None:
        article._history_user = user
    article.save()
    return article


def create_bylines(article: Article, parsed: ParsedArticle, contributors: ContributorCache) -> int:
    """Credit each person once per role, in printed order, and return how many bylines were made."""
    rows, seen = [], set()
    for person in parsed.bylines:
        contributor = contributors.get(person.name, Contributor.Kind.PERSON)
        if contributor is None or (contributor.pk, person.role) in seen:
            continue
        seen.add((contributor.pk, person.role))
        rows.append(Byline(article=article, contributor=contributor, role=person.role, order=len(rows) + 1))
    Byline.objects.bulk_create(rows)
    return len(rows)


def create_markers(article: Article, parsed: ParsedArticle) -> None:
    """Store every jump and back line as printed, unlinked until linking runs."""
    rows = []
    for order, marker in enumerate(parsed.markers, start=1):
        prefix, number = split_page_key(marker.page) if marker.page is not None else ("", None)
        rows.append(
            ContinuationMarker(
                article=article,
                kind=marker.kind,
                text=marker.text,
                page_prefix=prefix,
                page_number=number,
                order=order,
            )
        )
    ContinuationMarker.objects.bulk_create(rows)


# Contributors


_CJK_SPACE_RE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def normalise_name(name: str) -> str:
    """Drop alignment spaces in Chinese names (单 瑞 -> 单瑞) but keep one space in Latin names."""
    name = _CJK_SPACE_RE.sub("", name.strip())
    return " ".join(name.split())


class ContributorCache:
    """Get-or-create contributors once per import, so a name on ten articles costs one query."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], Contributor] = {}

    def get(self, name: str, kind: str) -> Contributor | None:
        """Return the one contributor for a printed name, or None when nothing is left after normalising."""
        name = normalise_name(name)
        if not name or role_word_problem(name):  # a role word (记者, 本报) is nobody; never credit it
            return None
        if (kind, name) not in self._known:
            self._known[(kind, name)] = Contributor.objects.get_or_create(kind=kind, name=name)[0]
        return self._known[(kind, name)]


# Wording


def page_label(key: PageKey) -> str:
    """Name a page the way editors say it: 01版, A3版."""
    return PageLabel.parse(key).display


def describe_marker(marker: ContinuationMarker) -> str:
    """Describe an unmatched marker for the operator: page, headline and the printed line."""
    article = marker.article
    return f"{article.page.label}版 《{article.headline or '（无标题）'}》 {marker.text}"
