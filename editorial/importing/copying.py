"""Insert many rows fast: ``COPY … FROM STDIN`` on PostgreSQL, ``bulk_create`` elsewhere.

Django's PostgreSQL ``bulk_create`` sends each column as one array literal (``UNNEST``): the
client escapes and the server re-parses every long Chinese text, which measured slower than the
rest of the import together. COPY streams the rows instead. Ids are taken from the table's
sequence first (one query), so callers get ``pk`` set exactly as with ``bulk_create``.
"""

from __future__ import annotations

import json
import time

from django.db import connection, models

BATCH = 1000


def insert_rows(model, objs: list) -> None:
    """Insert unsaved model instances and set their primary keys."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            setattr(obj, meta.pk.attname, pk)
        sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        converters = [(f, converter(f)) for f in fields]
        with cursor.cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row([convert(f.pre_save(obj, True)) for f, convert in converters])
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    if connection.queries_logged:  # the COPY bypasses Django's cursor: count it like any statement
        connection.queries_log.append({"sql": sql, "time": f"{time.perf_counter() - started:.3f}"})


def insert_new(model, objs: list) -> None:
    """Insert unsaved model instances whose ids nobody needs: one statement, no id query first."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    insert_values(model, [{f.attname: f.pre_save(obj, True) for f in fields} for obj in objs])


def insert_values(model, rows: list[dict]) -> None:
    """Insert rows given as {attname: value} (the primary key from its default), without model instances."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    started = time.perf_counter()
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    converters = [(f.attname, converter(f)) for f in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([convert(row.get(name)) for name, convert in converters])
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.perf_counter() - started:.3f}"})


PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too: aware datetimes go to COPY as they are
    models.ForeignKey,
    models.AutoField,
)


def converter(field):
    """How one column's Python value becomes a COPY value; Django's full preparation only where needed."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def dump_json(value):
            if value is None:
                return None
            return json.dumps(value, cls=encoder, ensure_ascii=False)

        return dump_json
    if isinstance(field, PLAIN):
        return _same
    return lambda value: field.get_db_prep_save(value, connection)


def _same(value):
    return value
