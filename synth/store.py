"""Writing many rows fast: PostgreSQL's COPY where available, ``bulk_create`` elsewhere.

A row is a model instance or a dict of attribute names (``petition_id``, not ``petition``); every
row of one call is of the same sort. Fields a dict leaves out take their model default, and
``auto_now``/``auto_now_add`` fields take the time of the call, as ``bulk_create`` would give them.
The primary key is written when the first row carries one, else the sequence gives it.
"""

from django.db import connection, models
from django.utils import timezone


def save(model, rows, *, batch_size: int = 5000) -> int:
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        objects = [model(**row) if isinstance(row, dict) else row for row in rows]
        model.objects.bulk_create(objects, batch_size=batch_size)
        return len(objects)
    from psycopg.types.json import Jsonb

    first, is_dict = rows[0], isinstance(rows[0], dict)
    pk = model._meta.pk.attname
    with_pk = (first.get(pk) if is_dict else getattr(first, pk)) is not None
    fields = [field for field in model._meta.concrete_fields if with_pk or not field.primary_key]
    names = [field.attname for field in fields]
    defaults = [field.get_default() for field in fields]
    now = timezone.now()
    stamps = [i for i, f in enumerate(fields) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    jsons = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    files = [i for i, field in enumerate(fields) if isinstance(field, models.FileField)]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            if is_dict:
                values = [row.get(name, default) for name, default in zip(names, defaults, strict=True)]
            else:
                values = [getattr(row, name) for name in names]
            for i in stamps:
                values[i] = now
            for i in jsons:
                values[i] = Jsonb(values[i])
            for i in files:
                values[i] = getattr(values[i], "name", values[i]) or ""
            copy.write_row(values)
    return len(rows)
