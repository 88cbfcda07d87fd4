"""Keep the search index current: set-based, inside the caller's transaction.

``reindex_articles(ids)`` is the one entry point for writers: the post_save signal calls it for a
single article, and bulk writers (the bulk importer, which uses bulk_create so no signal fires) call
it once with all the ids they wrote, before their transaction commits. Visibility is not indexed:
publishing an issue needs no reindex, the engine checks the issue's status at query time.

Each entry is written with both indexes: the grams (recall) and the words (ranking, archive.search.words).
Cutting words is most of the cost, so ``rebuild`` can spread it over worker processes; the main
process alone reads and writes the database.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable

from django.db import connections, router, transaction

from archive.models import Article, SearchEntry
from archive.text import segmenting
from archive.vocabulary import load_archive_words

from .backends import (
    FTS_TABLE,
    WORDS_TABLE,
    create_sql,
    drop_sql,
    fts_document,
    words_create_sql,
    words_drop_sql,
)
from .documents import SOURCE_FIELDS, entry_grams, entry_texts
from .words import fts_document as fts_word_document
from .words import pg_document, word_rows

BATCH = 500


def _db(using: str | None) -> str:
    return using or router.db_for_write(SearchEntry)


def reindex_articles(article_ids: Iterable[int], using: str | None = None) -> int:
    """Rewrite the entries of these articles from their current text; drop those of deleted ones.

    Returns how many entries were written. Safe to call for ids without an entry or without an article.
    """
    ids = sorted({int(pk) for pk in article_ids})
    db = _db(using)
    written = 0
    if ids:
        load_archive_words()  # once per process: names cut whole, as rebuild cuts them
    with transaction.atomic(using=db):
        for start in range(0, len(ids), BATCH):
            written += _reindex_batch(ids[start : start + BATCH], db)
    return written


def _reindex_batch(ids: list[int], db: str) -> int:
    vendor = connections[db].vendor
    old = {pk: (head, body) for pk, head, body in _entries(db, ids)}
    rows = Article.objects.using(db).filter(pk__in=ids).values(*SOURCE_FIELDS)
    new = {row["pk"]: entry_texts(row) for row in rows}
    if vendor == "sqlite":
        _fts_delete(db, [(pk, *texts) for pk, texts in old.items()])
        _words_delete(db, list(old))
    gone = [pk for pk in old if pk not in new]
    if gone:  # raw delete: the FTS rows are gone already, the post_delete receiver must not run
        with connections[db].cursor() as cursor:
            marks = ", ".join(["%s"] * len(gone))
            cursor.execute(f"DELETE FROM archive_searchentry WHERE article_id IN ({marks})", gone)
    entries = [make_entry(vendor, pk, head, body) for pk, (head, body) in new.items()]
    SearchEntry.objects.using(db).bulk_update(
        [entry for entry, _, _ in entries if entry.pk in old], ["head", "body", "words"]
    )
    SearchEntry.objects.using(db).bulk_create([entry for entry, _, _ in entries if entry.pk not in old])
    if vendor == "sqlite":
        _fts_write(db, entries)
    return len(new)


def make_entry(vendor: str, pk: int, head: str, body: str):
    """(SearchEntry, FTS5 gram document, FTS5 word columns) of one article; the FTS parts for SQLite only."""
    rows = word_rows(head, body)
    if vendor == "postgresql":
        return SearchEntry(article_id=pk, head=head, body=body, words=pg_document(*rows)), None, None
    grams = fts_document(entry_grams(head, body))
    return SearchEntry(article_id=pk, head=head, body=body), grams, fts_word_document(*rows)


def _fts_write(db: str, entries) -> None:
    with connections[db].cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, grams) VALUES (%s, %s)",
            [(entry.pk, grams) for entry, grams, _ in entries],
        )
        cursor.executemany(
            f"INSERT INTO {WORDS_TABLE} (rowid, head, body, head_sub, body_sub) VALUES (%s, %s, %s, %s, %s)",
            [(entry.pk, *words) for entry, _, words in entries],
        )


def _words_delete(db: str, ids: list[int]) -> None:
    if ids:
        with connections[db].cursor() as cursor:
            cursor.execute(f"DELETE FROM {WORDS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})", ids)


def _entries(db: str, ids: list[int]):
    return SearchEntry.objects.using(db).filter(article_id__in=ids).values_list("article_id", "head", "body")


def _fts_delete(db: str, entries) -> None:
    """A contentless FTS5 row is deleted by handing back exactly the grams it was given."""
    if not entries:
        return
    with connections[db].cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, grams) VALUES ('delete', %s, %s)",
            [(pk, fts_document(entry_grams(head, body))) for pk, head, body in entries],
        )


def forget_entry(entry: SearchEntry, using: str | None = None) -> None:
    """Remove a deleted entry from the SQLite FTS tables (PostgreSQL's indexes follow the row)."""
    db = _db(using)
    if connections[db].vendor == "sqlite":
        _fts_delete(db, [(entry.article_id, entry.head, entry.body)])
        _words_delete(db, [entry.article_id])


def rebuild(using: str | None = None, progress=None, batch: int = 2000, workers: int | None = None) -> int:
    """Rebuild every entry and both indexes from scratch, e.g. after a change to folding or the dictionary.

    ``progress`` is called with the number of articles done after each batch. Runs in one transaction,
    so readers keep the old index until it commits. ``workers`` processes cut the words (default: one
    per CPU, at most 4; 1 cuts in this process); rows are read and written here, in batch order.
    """
    db = _db(using)
    vendor = connections[db].vendor
    load_archive_words()
    segmenting.tokenizer()  # loaded before the workers fork, so they share it
    with transaction.atomic(using=db):
        with connections[db].cursor() as cursor:
            for sql in drop_sql(vendor) + words_drop_sql(vendor):
                cursor.execute(sql)
            cursor.execute("DELETE FROM archive_searchentry")
            for sql in create_sql(vendor, "before") + words_create_sql(vendor, "before"):
                cursor.execute(sql)
        done = 0
        ids = list(Article.objects.using(db).order_by("pk").values_list("pk", flat=True))

        def write(entries) -> None:
            nonlocal done
            SearchEntry.objects.using(db).bulk_create([entry for entry, _, _ in entries], batch_size=500)
            if vendor == "sqlite":
                _fts_write(db, entries)
            done += len(entries)
            if progress:
                progress(len(entries))

        if workers is None:  # a pool pays for itself only past one batch
            workers = min(os.cpu_count() or 1, 4) if len(ids) > batch else 1
        with _pool(workers) as pool:
            pending: deque = deque()
            for start in range(0, len(ids), batch):  # rows are read here, in this thread's transaction
                chunk = ids[start : start + batch]
                job = (vendor, list(Article.objects.using(db).filter(pk__in=chunk).values(*SOURCE_FIELDS)))
                if pool is None:
                    write(_make_entries(job))
                    continue
                pending.append(pool.apply_async(_make_entries, (job,)))
                if len(pending) > workers:  # keep every worker busy, hold few batches
                    write(pending.popleft().get())
            while pending:
                write(pending.popleft().get())
        with connections[db].cursor() as cursor:
            if vendor == "postgresql":  # deferred FK checks must run before an index can be built
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in create_sql(vendor, "after") + words_create_sql(vendor, "after"):
                cursor.execute(sql)
            cursor.execute("ANALYZE archive_searchentry")  # fresh statistics, or the planner guesses 1 row
    return done


def _make_entries(job) -> list:
    """One batch of article rows as entries (a worker's task: folding, grams and words, no database)."""
    vendor, rows = job
    return [make_entry(vendor, row["pk"], *entry_texts(row)) for row in rows]


class _pool:
    """A fork-started process pool (children inherit the loaded dictionary), or None for one worker."""

    def __init__(self, workers: int):
        usable = "fork" in multiprocessing.get_all_start_methods()
        self.pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 and usable else None

    def __enter__(self):
        return self.pool

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
