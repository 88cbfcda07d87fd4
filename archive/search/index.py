"""Keep the search index current: set-based, inside the caller's transaction.

``reindex_articles(ids)`` is the one entry point for writers: the post_save signal calls it for a
single article, and bulk writers (the bulk importer, which uses bulk_create so no signal fires) call
it once with all the ids they wrote, before their transaction commits. Visibility is not indexed:
publishing an issue needs no reindex, the engine checks the issue's status at query time.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction

from archive.models import Article, SearchEntry

from .backends import FTS_TABLE, create_sql, drop_sql, fts_document
from .documents import SOURCE_FIELDS, entry_grams, entry_texts

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
    gone = [pk for pk in old if pk not in new]
    if gone:  # raw delete: the FTS rows are gone already, the post_delete receiver must not run
        with connections[db].cursor() as cursor:
            marks = ", ".join(["%s"] * len(gone))
            cursor.execute(f"DELETE FROM archive_searchentry WHERE article_id IN ({marks})", gone)
    changed = [
        SearchEntry(article_id=pk, head=head, body=body) for pk, (head, body) in new.items() if pk in old
    ]
    added = [
        SearchEntry(article_id=pk, head=head, body=body) for pk, (head, body) in new.items() if pk not in old
    ]
    SearchEntry.objects.using(db).bulk_update(changed, ["head", "body"])
    SearchEntry.objects.using(db).bulk_create(added)
    if vendor == "sqlite":
        _fts_insert(db, [(pk, head, body) for pk, (head, body) in new.items()])
    return len(new)


def _entries(db: str, ids: list[int]):
    return SearchEntry.objects.using(db).filter(article_id__in=ids).values_list("article_id", "head", "body")


def _fts_insert(db: str, entries) -> None:
    with connections[db].cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, grams) VALUES (%s, %s)",
            [(pk, fts_document(entry_grams(head, body))) for pk, head, body in entries],
        )


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
    """Remove a deleted entry's grams from the SQLite FTS table (PostgreSQL's index follows the row)."""
    db = _db(using)
    if connections[db].vendor == "sqlite":
        _fts_delete(db, [(entry.article_id, entry.head, entry.body)])


def rebuild(using: str | None = None, progress=None, batch: int = 2000) -> int:
    """Rebuild every entry and the gram index from scratch, e.g. after a change to folding.

    ``progress`` is called with the number of articles done after each batch. Runs in one transaction,
    so readers keep the old index until it commits.
    """
    db = _db(using)
    vendor = connections[db].vendor
    with transaction.atomic(using=db):
        with connections[db].cursor() as cursor:
            for sql in drop_sql(vendor):
                cursor.execute(sql)
            cursor.execute("DELETE FROM archive_searchentry")
            for sql in create_sql(vendor, "before"):
                cursor.execute(sql)
        done = 0
        ids = list(Article.objects.using(db).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            rows = Article.objects.using(db).filter(pk__in=chunk).values(*SOURCE_FIELDS)
            entries = [(row["pk"], *entry_texts(row)) for row in rows]
            SearchEntry.objects.using(db).bulk_create(
                [SearchEntry(article_id=pk, head=head, body=body) for pk, head, body in entries],
                batch_size=500,
            )
            if vendor == "sqlite":
                _fts_insert(db, entries)
            done += len(chunk)
            if progress:
                progress(len(chunk))
        with connections[db].cursor() as cursor:
            if vendor == "postgresql":  # deferred FK checks must run before an index can be built
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for sql in create_sql(vendor, "after"):
                cursor.execute(sql)
            cursor.execute("ANALYZE archive_searchentry")  # fresh statistics, or the planner guesses 1 row
    return done
