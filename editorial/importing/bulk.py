"""Load a whole tree of issues: discover, read and parse (in worker processes), store issue by issue.

Each issue is its own transaction (a bad issue is reported with its file and line and skipped;
the others load). Re-running skips issues whose every page file is already stored with the same
checksum, so an interrupted load resumes where it stopped. Only the main process writes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import re
import signal
import time
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction

from archive.models import Article, Issue, Page, Publication
from archive.parsing import PageLabel, parse_page
from archive.planner import estimated_rows
from archive.search.index import reindex_articles

from .. import recording
from ..textio import PageFileError, read_page_file
from .base import ImportRefused, ImportSummary, PageInput, describe_marker
from .contributors import ContributorRegistry
from .creating import contributor_keys, create_pages_of_issues
from .issues import check_unique_pages, import_parsed
from .markers import link_issues
from .snapshots import prepare_articles
from .sources import is_page_file
from .validation import validate_page

# ANALYZE after a load that adds at least 1/ANALYZE_SHARE of the articles stored before it: autovacuum's
# default threshold (10%). A smaller load leaves the statistics to autovacuum, so resuming or topping up
# a large archive does not pay a fixed ANALYZE (seconds: the search index's gram statistics).
ANALYZE_SHARE = 10
BATCH_ISSUES = 25  # new issues written per transaction; 1 means strictly one transaction per issue
DATE_RE = re.compile(r"(?:^|/)(\d{4})(?:-|/)?(\d{2})(?:-|/)?(\d{2})$")


@dataclass
class IssueDir:
    """One issue's directory: its date and page files."""

    date: dt.date
    path: Path
    files: list[Path]


@dataclass
class Discovery:
    issues: list[IssueDir] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # Chinese reasons, one per skipped file or directory

    @property
    def total_bytes(self) -> int:
        return sum(f.stat().st_size for issue in self.issues for f in issue.files)


def discover(root: Path) -> Discovery:
    """Find issue directories named by date (2026-04-27, 20260427 or 2026/04/27) under root."""
    found = Discovery()
    by_date: dict[dt.date, IssueDir] = {}
    for directory, subdirs, names in os.walk(root):
        subdirs.sort()
        here = Path(directory)
        pages = sorted(here / n for n in names if is_page_file(here / n))
        others = sorted(n for n in names if not is_page_file(here / n) and not n.startswith("."))
        found.skipped.extend(f"跳过（不是 .txt 版面文件）：{here / n}" for n in others)
        if not pages:
            continue
        relative = here.relative_to(root).as_posix()
        date = date_of(relative)
        if date is None:
            found.skipped.append(f"跳过（目录名不是日期）：{here}")
        elif date in by_date:
            found.skipped.append(f"跳过（{date} 已由 {by_date[date].path} 提供）：{here}")
        else:
            by_date[date] = IssueDir(date, here, pages)
    found.issues = [by_date[d] for d in sorted(by_date)]
    return found


def date_of(relative: str) -> dt.date | None:
    m = DATE_RE.search(relative)
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


# Reading and parsing: runs in worker processes, touches no database


@dataclass
class Loaded:
    """One issue read and parsed, or why it could not be."""

    date: dt.date
    path: str
    bytes: int
    inputs: list[PageInput] | None = None
    unchanged: bool = False
    error: str | None = None


def load_issue(task: tuple[IssueDir, dict, int]) -> Loaded:
    """Read an issue's files; parse and check them unless every checksum matches what is stored.

    The CPU work that needs no database is done here, in the parser processes: parsing, checking
    every value against its column, and each article's column values and import snapshot.
    """
    issue, known, max_bytes = task
    size = sum(f.stat().st_size for f in issue.files)
    loaded = Loaded(issue.date, str(issue.path), size)
    try:
        keyed = []
        for path in issue.files:
            key = PageLabel.from_filename(path.name)
            if key is None:
                raise PageFileError(str(path), "无法从文件名看出版次；请改名（如 03.txt）")
            keyed.append((key, read_page_file(path, max_bytes)))
        check_unique_pages((key, text.path) for key, text in keyed)
        if known and all(known.get((key.prefix, key.number)) == text.sha256 for key, text in keyed):
            loaded.unchanged = True
            return loaded
        inputs = []
        for key, text in keyed:
            parsed = parse_page(text.text, page=key)
            inputs.append(PageInput(key, text, parsed, articles=prepare_articles(parsed)))
        for item in inputs:
            validate_page(item)  # before anything is written, as import_parsed does
        loaded.inputs = inputs
    except (PageFileError, ImportRefused) as exc:
        loaded.error = str(exc)
    except ValueError as exc:  # the parser's own refusal; the details stay in English for maintainers
        loaded.error = f"{issue.path}：无法解析这一期的版面文件（{exc}）"
    return loaded


# Storing: main process only


@dataclass
class ArchiveSummary:
    issues_imported: int = 0
    issues_unchanged: int = 0
    issues_failed: int = 0
    issues_published: int = 0
    pages: int = 0
    articles: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    not_published: list[str] = field(default_factory=list)

    @property
    def mb_per_second(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0


def stored_checksums(publication: Publication) -> dict[dt.date, dict[tuple[str, int], str]]:
    """Every stored page's checksum by issue date, in one query, to skip unchanged issues."""
    known: dict[dt.date, dict[tuple[str, int], str]] = {}
    rows = Page.objects.filter(issue__publication=publication).values_list(
        "issue__date", "prefix", "number", "source_sha256"
    )
    for date, prefix, number, sha in rows.iterator(chunk_size=10_000):
        known.setdefault(date, {})[(prefix, number)] = sha
    return known


@contextmanager
def parse_pool(workers: int):
    """Worker processes for reading and parsing, forked before this process opens its database session.

    Workers ignore Ctrl-C (the main process decides) and are killed outright when the import
    stops early, so an interrupted import exits instead of waiting on their queues.
    """
    if workers <= 1:
        yield None
        return
    if not connection.in_atomic_block:
        connections.close_all()  # forked children must not share the parent's database socket
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=ignore_interrupts)
    try:
        yield pool
    except BaseException:
        for child in multiprocessing.active_children():
            child.kill()
        pool.terminate()
        raise
    pool.close()
    pool.join()


# Issues handed to the parser processes ahead of the writer, per worker. Pool.imap has no bound: the
# parsers outrun the database writes several times over, and every parsed issue they finish early
# waits in this process's memory (measured: ~25 KB per article, the whole archive at a million).
IN_FLIGHT = 8


def parsed_in_order(pool, tasks: list, window: int):
    """load_issue over the tasks in the pool, in order, with at most ``window`` issues parsed ahead."""
    ahead: deque = deque()
    queue = iter(tasks)
    for task in itertools.islice(queue, max(1, window)):
        ahead.append(pool.apply_async(load_issue, (task,)))
    while ahead:
        loaded = ahead.popleft().get()
        for task in itertools.islice(queue, 1):
            ahead.append(pool.apply_async(load_issue, (task,)))
        yield loaded


def ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def bulk_session():
    """On PostgreSQL, bind parameters on the server and do not wait for WAL flushes while loading.

    Client-side binding quotes every long text through regexes (Django's default cursor); a commit
    lost in a crash only means the checksum resume loads that issue again.
    """
    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    raw = connection.connection
    previous = raw.cursor_factory
    raw.cursor_factory = ServerBindingCursor
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        if connection.connection is raw:
            raw.cursor_factory = previous
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")


def import_tree(
    publication: Publication,
    discovery: Discovery,
    *,
    workers: int = 1,
    replace: bool = False,
    publish: Callable | None = None,
    user=None,
    on_issue: Callable[[Loaded], None] | None = None,
    batch_issues: int = BATCH_ISSUES,
) -> ArchiveSummary:
    """Store every discovered issue; return the totals and the failures.

    New issues are written ``batch_issues`` at a time (one statement per table for the batch, one
    commit); if a batch fails it is written again one transaction per issue, so only the bad issue
    is skipped and every issue is stored whole or not at all. Issues already partly stored go
    through the re-import path, one transaction each.
    """
    summary = ArchiveSummary()
    start = time.perf_counter()
    known = stored_checksums(publication)
    max_bytes = settings.BAOKU_MAX_PAGE_BYTES
    tasks = [(issue, known.get(issue.date, {}), max_bytes) for issue in discovery.issues]
    stored_articles = estimated_rows(Article) or 0  # 0 on SQLite or before any ANALYZE
    writer = BatchWriter(publication, summary, ContributorRegistry(), replace, publish, user, batch_issues)
    with parse_pool(workers) as pool, bulk_session():
        results = parsed_in_order(pool, tasks, window=workers * IN_FLIGHT) if pool else map(load_issue, tasks)
        for loaded in results:
            summary.bytes += loaded.bytes
            writer.add(loaded, is_new=loaded.date not in known)
            if on_issue:
                on_issue(loaded)
        writer.flush()
        if (
            connection.vendor == "postgresql"
            and summary.articles
            and summary.articles * ANALYZE_SHARE >= stored_articles
        ):
            analyze()
    summary.seconds = time.perf_counter() - start
    return summary


def analyze() -> None:
    """Fresh planner statistics for the tables an import fills, or the planner misjudges the new rows."""
    from django.apps import apps

    tables = [m._meta.db_table for m in apps.get_app_config("archive").get_models()]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


class BatchWriter:
    """Collects new, valid issues and writes them together; everything else goes one issue at a time."""

    def __init__(self, publication, summary, registry, replace, publish, user, batch_issues) -> None:
        self.publication, self.summary, self.registry = publication, summary, registry
        self.replace, self.publish, self.user = replace, publish, user
        self.limit = max(1, batch_issues)
        self.pending: list[Loaded] = []

    def add(self, loaded: Loaded, is_new: bool) -> None:
        if loaded.error:
            self.fail(loaded, loaded.error)
        elif loaded.unchanged:
            self.summary.issues_unchanged += 1
        elif not is_new or self.limit == 1:
            self.flush()
            self.store_one(loaded)
        else:  # checked against the columns by load_issue already
            self.pending.append(loaded)
            if len(self.pending) >= self.limit:
                self.flush()

    def fail(self, loaded: Loaded, message: str) -> None:
        self.summary.issues_failed += 1
        self.summary.failures.append(f"{loaded.date}：{message}")

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            with transaction.atomic():
                written = write_new_issues(self.publication, batch, self.registry, self.user)
        except (DatabaseError, ImportRefused, PageFileError):
            self.registry.forget()
            for loaded in batch:  # again one issue per transaction, to find and skip the bad one
                self.store_one(loaded)
            return
        for issue, pages, articles in written:
            self.done(issue, pages, articles)

    def store_one(self, loaded: Loaded) -> None:
        try:
            result = import_parsed(
                self.publication,
                loaded.date,
                loaded.inputs,
                replace=self.replace,
                user=self.user,
                registry=self.registry,
            )
        except (PageFileError, ImportRefused) as exc:
            self.fail(loaded, str(exc))
            return
        except DatabaseError as exc:
            self.fail(loaded, f"（{loaded.path}）数据库拒绝写入：{exc}")
            return
        self.done(result.issue, result.pages, result.articles)

    def done(self, issue, pages: int, articles: int) -> None:
        self.summary.issues_imported += 1
        self.summary.pages += pages
        self.summary.articles += articles
        if self.publish is not None:
            reasons = self.publish(issue, self.user)
            if reasons:
                self.summary.not_published.append(f"{issue.date}：{'；'.join(reasons)}")
            else:
                self.summary.issues_published += 1


def write_new_issues(publication, batch: list[Loaded], registry, user) -> list[tuple[Issue, int, int]]:
    """Create several new issues with all their pages in one statement per table; link and record each.

    Link rows, flag rows and import records are inserted in bulk for the whole batch too.
    """
    articles = [a for loaded in batch for item in loaded.inputs for a in item.parsed.articles]
    registry.resolve(contributor_keys(articles))
    issues = Issue.objects.bulk_create([Issue(publication=publication, date=loaded.date) for loaded in batch])
    entries = [(issue, item) for issue, loaded in zip(issues, batch, strict=True) for item in loaded.inputs]
    results = create_pages_of_issues(entries, registry, user)
    unmatched = link_issues([issue.pk for issue in issues])
    # Bulk writes fire no save signal: index the batch's articles in the same transaction.
    reindex_articles(Article.objects.filter(issue__in=issues).values_list("pk", flat=True))
    summaries = {issue.pk: ImportSummary(issue=issue, issue_created=True) for issue in issues}
    for (issue, _), result in zip(entries, results, strict=True):
        summaries[issue.pk].add(result)
    for issue in issues:
        summary = summaries[issue.pk]
        summary.unmatched_markers = len(unmatched[issue.pk])
        summary.unmatched = [describe_marker(m) for m in unmatched[issue.pk]]
    recording.record_imports(
        [(summaries[issue.pk], loaded.inputs) for issue, loaded in zip(issues, batch, strict=True)],
        user=user,
        new_issues=True,
    )
    return [
        (issue, len(loaded.inputs), sum(len(item.parsed.articles) for item in loaded.inputs))
        for issue, loaded in zip(issues, batch, strict=True)
    ]
