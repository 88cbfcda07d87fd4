"""Rewrite JSON stored before the UTF-8 encoder as UTF-8 (SQLite only; PostgreSQL's jsonb has no escapes).

Only rows whose text contains a ``\\u`` escape are read and written, in batches, so an archive
imported after the encoder costs one scan per column.
"""

import json

from django.db import migrations

COLUMNS = {
    "archive_article": ("body", "repairs", "flags", "imported_snapshot"),
    "archive_historicalarticle": ("body", "repairs", "flags", "imported_snapshot"),
    "archive_page": ("credits", "imported_snapshot"),
    "archive_historicalpage": ("credits", "imported_snapshot"),
}
BATCH = 1000


def rewrite(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            if table not in existing:
                continue
            present = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            for column in columns:
                if column not in present:
                    continue
                last = 0
                while True:
                    cursor.execute(
                        f'SELECT rowid, "{column}" FROM "{table}" '
                        f"WHERE rowid > %s AND instr(\"{column}\", '\\u') > 0 ORDER BY rowid LIMIT %s",
                        [last, BATCH],
                    )
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    last = rows[-1][0]
                    cursor.executemany(
                        f'UPDATE "{table}" SET "{column}" = %s WHERE rowid = %s',
                        [(json.dumps(json.loads(value), ensure_ascii=False), rowid) for rowid, value in rows],
                    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0020_fix_importer_page_teasers")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True)]
