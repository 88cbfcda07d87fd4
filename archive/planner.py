"""What PostgreSQL's planner already knows about a table, read for free instead of counted."""

from __future__ import annotations

from django.db import connections


def estimated_rows(model, using: str = "default") -> int | None:
    """The planner's row count of the model's table (``pg_class.reltuples``): no scan.

    None on other databases and for a table never analysed (reltuples < 0), where only a real
    count tells.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [connection.ops.quote_name(model._meta.db_table)],
        )
        row = cursor.fetchone()
    if not row or row[0] is None or row[0] < 0:
        return None
    return int(row[0])
