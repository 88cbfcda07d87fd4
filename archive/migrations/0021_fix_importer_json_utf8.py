"""Rewrite JSON stored before the UTF-8 encoder as UTF-8 (SQLite only; PostgreSQL's jsonb has no escapes).

Only rows whose text contains a ``\\u`` escape are read and written, in batches, so an archive
imported after the encoder costs one scan per column.
"""

from django.db import migrations

from archive.models.encoding import rewrite_escaped_json

COLUMNS = {
    "archive_article": ("body", "repairs", "flags", "imported_snapshot"),
    "archive_historicalarticle": ("body", "repairs", "flags", "imported_snapshot"),
    "archive_page": ("credits", "imported_snapshot"),
    "archive_historicalpage": ("credits", "imported_snapshot"),
}
BATCH = 1000


def rewrite(apps, schema_editor):
    rewrite_escaped_json(schema_editor.connection, COLUMNS, BATCH)


class Migration(migrations.Migration):
    dependencies = [("archive", "0020_fix_importer_page_teasers")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True)]
