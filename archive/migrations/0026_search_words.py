"""The word index for ranking search results (archive.search.words), on both databases.

PostgreSQL: the stored tsvector column ``words`` and its GIN index (the index is PostgreSQL's only, so
it is added to the model state here and built by archive.search.backends). SQLite: the column stays
null, the words go to the FTS5 table archive_search_words. Entries already there get their words now,
cut with the newsroom dictionary and the archive's names as of this migration.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

import archive.models.search
from archive.search.backends import WORDS_TABLE, words_create_sql, words_drop_sql
from archive.search.words import word_document
from archive.text import segmenting

# Parts of speech as archive.vocabulary teaches them (not imported: it reads the current models).
CONTRIBUTOR_POS = {"agency": "nt"}
TAG_POS = {"subject": "n", "person": "nr", "place": "ns", "organisation": "nt"}


def create_words(apps, schema_editor):
    connection = schema_editor.connection
    vendor = connection.vendor
    SearchEntry = apps.get_model("archive", "SearchEntry")
    with connection.cursor() as cursor:
        for sql in words_create_sql(vendor, "before"):
            cursor.execute(sql)
    if SearchEntry.objects.exists():
        for name, kind in apps.get_model("archive", "Contributor").objects.values_list("name", "kind"):
            segmenting.add_words([name], tag=CONTRIBUTOR_POS.get(kind, "nr"))
        for name, kind in apps.get_model("archive", "Tag").objects.values_list("name", "kind"):
            segmenting.add_words([name], tag=TAG_POS.get(kind, "n"))
        ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), 1000):
            entries = SearchEntry.objects.filter(pk__in=ids[start : start + 1000])
            rows = [(e, word_document(e.head, e.body)) for e in entries]
            if vendor == "postgresql":
                for entry, doc in rows:
                    entry.words = doc.tsvector
                SearchEntry.objects.bulk_update([e for e, _ in rows], ["words"])
            else:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"INSERT INTO {WORDS_TABLE} (rowid, head, body, head_sub, body_sub) "
                        "VALUES (%s, %s, %s, %s, %s)",
                        [(e.pk, *doc.fts) for e, doc in rows],
                    )
    if vendor == "postgresql":  # deferred FK checks must run before an index can be built
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.cursor() as cursor:
        for sql in words_create_sql(vendor, "after"):
            cursor.execute(sql)


def drop_words(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in words_drop_sql(schema_editor.connection.vendor):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0025_drop_first_history_rows_the_article_row_repeats")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="words",
            field=archive.models.search.WordVectorField(
                blank=True,
                editable=False,
                help_text="标题组与正文的分词及位置，用于排序（仅 PostgreSQL；SQLite 存于 FTS5 表）。",
                null=True,
                verbose_name="分词（检索用）",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="searchentry",
                    index=GinIndex(fields=["words"], name="archive_searchentry_words_gin"),
                )
            ],
            database_operations=[migrations.RunPython(create_words, drop_words)],
        ),
    ]
