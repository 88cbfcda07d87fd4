"""JSON as the database stores it: Chinese as UTF-8 characters, never ``\\uXXXX`` escapes.

Django's JSONField serialises with ``ensure_ascii=True``, which on SQLite (where JSON is text)
stores every CJK character as six ASCII bytes instead of three UTF-8 bytes and makes the raw
column unreadable. PostgreSQL's jsonb decodes escapes anyway, so this changes nothing there.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder that writes non-ASCII characters as themselves."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def rewrite_escaped_json(connection, columns: dict[str, tuple[str, ...]], batch: int = 1000) -> None:
    """Rewrite JSON stored with ``\\uXXXX`` escapes as UTF-8 (SQLite only; jsonb keeps no escapes).

    For data migrations: ``columns`` maps table to JSON columns; missing tables and columns are
    skipped. Only rows whose text contains an escape are read and written, in batches, so a
    database written after the encoder costs one scan per column.
    """
    if connection.vendor != "sqlite":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, names in columns.items():
            if table not in existing:
                continue
            present = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            for column in names:
                if column not in present:
                    continue
                last = 0
                while True:
                    cursor.execute(
                        f'SELECT rowid, "{column}" FROM "{table}" '
                        f"WHERE rowid > %s AND instr(\"{column}\", '\\u') > 0 ORDER BY rowid LIMIT %s",
                        [last, batch],
                    )
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    last = rows[-1][0]
                    cursor.executemany(
                        f'UPDATE "{table}" SET "{column}" = %s WHERE rowid = %s',
                        [(json.dumps(json.loads(value), ensure_ascii=False), rowid) for rowid, value in rows],
                    )
