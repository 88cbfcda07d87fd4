"""Delete an imported article's "+" history row when the article's own row still holds exactly that version.

New bulk imports write no history row: the article's row is its first version until it changes,
and the first change writes the "+" row from it (``archive.models.articles.before_article_change``).
This brings rows imported before to the same state, in one set-based DELETE, and only where
nothing is lost: the article has no other history row, the row was written by a command-line
import (reason 导入, no user), and its version and every field a revision shows (headline group,
dates, body) equal the article's. Anything else is kept as it is.
"""

from django.db import migrations

FIELDS = ("section", "kicker", "headline", "subtitle", "dateline_place", "dateline_date", "body", "version")


def delete_repeated_rows(apps, schema_editor):
    connection = schema_editor.connection
    same = "IS NOT DISTINCT FROM" if connection.vendor == "postgresql" else "IS"
    equal = " AND ".join(f'h."{name}" = a."{name}"' for name in FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM archive_historicalarticle WHERE history_id IN ("
            " SELECT h.history_id FROM archive_historicalarticle h JOIN archive_article a ON a.id = h.id"
            " WHERE h.history_type = '+' AND h.history_change_reason = %s AND h.history_user_id IS NULL"
            f" AND {equal} AND h.document_date {same} a.document_date"
            " AND NOT EXISTS (SELECT 1 FROM archive_historicalarticle o"
            "  WHERE o.id = h.id AND o.history_id <> h.history_id))",
            ["导入"],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0024_lz4_compression_for_page_source"),
    ]

    operations = [migrations.RunPython(delete_repeated_rows, migrations.RunPython.noop, elidable=True)]
