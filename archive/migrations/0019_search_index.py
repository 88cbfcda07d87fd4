"""The search gram index for each database, and entries for the articles already there.

PostgreSQL: the gram function and its GIN expression index; SQLite: the FTS5 gram table.
Existing articles are indexed here so a migrated archive is searchable at once.
"""

from django.db import migrations

from archive.search.backends import FTS_TABLE, create_sql, drop_sql, fts_document
from archive.search.documents import SOURCE_FIELDS, entry_grams, entry_texts


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    Article = apps.get_model("archive", "Article")
    SearchEntry = apps.get_model("archive", "SearchEntry")
    with connection.cursor() as cursor:  # index first: PostgreSQL cannot build it after deferred inserts
        for sql in create_sql(connection.vendor):
            cursor.execute(sql)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        rows = Article.objects.filter(pk__in=ids[start : start + 1000]).values(*SOURCE_FIELDS)
        entries = [(row["pk"], *entry_texts(row)) for row in rows]
        SearchEntry.objects.bulk_create([SearchEntry(article_id=pk, head=h, body=b) for pk, h, b in entries])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, grams) VALUES (%s, %s)",
                    [(pk, fts_document(entry_grams(h, b))) for pk, h, b in entries],
                )


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in drop_sql(schema_editor.connection.vendor):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0018_search_entry")]

    operations = [migrations.RunPython(create_index, drop_index)]
