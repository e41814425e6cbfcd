"""Load the demo once per test process, then replay its rows into each test that asks for it.

`loaddemo --upcoming` saves a few hundred objects one by one, with their signals; a test that
only needs the result can get the very same rows back with one INSERT per table. The first
call of `replay(key, load)` in a process runs `load()` for real and records what it changed
in the database: the rows it added to each table, and what those tables held before. Later
calls insert the same rows (same primary keys, same values) when those tables hold exactly
what they held then, and so do the tables these rows point to; otherwise, and whenever
`load()` changed or deleted a row that existed before, they run `load()` again. Rows are
inserted in one transaction (foreign keys are checked at commit), so transactional tests and
the live server see them as after `load()`.

What a replay does not repeat: `load()`'s log lines, and one page-cache bump per saved
object (a replay bumps the generation once). Timestamps (`created`, `modified`) are those of
the first load, minutes earlier at most; a new day reloads, for dates relative to today.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

_recordings = {}


def _tables():
    """Every table of the project with its model and columns, in a fixed order."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in tables:
            continue
        fields = list(meta.concrete_fields)
        tables[meta.db_table] = (model, fields)
    return dict(sorted(tables.items()))


def _rows(table, fields):
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    order = quote(fields[0].model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(table)} ORDER BY {order}")  # noqa: S608
        return [tuple(row) for row in cursor.fetchall()]


def _key(row):
    return repr(row)


class _Recording:
    def __init__(self, before, added, day):
        self.before = before  # table -> rows it held before load()
        self.added = added  # table -> rows load() added
        self.day = day

    def applies(self, tables):
        if self.day != timezone.localdate():
            return False
        return all(_rows(table, tables[table][1]) == rows for table, rows in self.before.items())

    def insert(self, tables):
        quote = connection.ops.quote_name
        json = connection.vendor == "postgresql"
        with transaction.atomic(), connection.cursor() as cursor:
            for table, rows in self.added.items():
                model, fields = tables[table]
                columns = ", ".join(quote(field.column) for field in fields)
                marks = ", ".join(["%s"] * len(fields))
                if json:
                    rows = [_adapt_json(fields, row) for row in rows]
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})",  # noqa: S608
                    rows,
                )
            # PostgreSQL's sequences do not follow explicit keys: move them past the rows.
            touched = [tables[table][0] for table in self.added]
            for statement in connection.ops.sequence_reset_sql(no_style(), touched):
                cursor.execute(statement)


def _adapt_json(fields, row):
    import json

    from psycopg.types.json import Jsonb

    # Django reads jsonb as its text (JSONField decodes it): wrapping that text again would
    # store a JSON string instead of the object.
    return tuple(
        Jsonb(json.loads(value) if isinstance(value, str) else value)
        if isinstance(field, models.JSONField) and value is not None
        else value
        for field, value in zip(fields, row, strict=True)
    )


def _record(load, tables):
    before = {table: _rows(table, fields) for table, (_, fields) in tables.items()}
    load()
    recorded_before, added = {}, {}
    for table, (_, fields) in tables.items():
        after = _rows(table, fields)
        if after == before[table]:
            continue
        kept = {_key(row) for row in after}
        if any(_key(row) not in kept for row in before[table]):
            return None  # load() changed or deleted rows that existed: no replay
        old = {_key(row) for row in before[table]}
        recorded_before[table] = before[table]
        added[table] = [row for row in after if _key(row) not in old]
    # The rows the added ones point to must be the same too (a permission's key changes when
    # a transactional test's flush recreates the permissions, for example).
    for table in list(added):
        for field in tables[table][1]:
            if field.remote_field is not None:
                target = field.remote_field.model._meta.db_table
                if target in before:
                    recorded_before.setdefault(target, before[target])
    return _Recording(recorded_before, added, timezone.localdate())


def replay(key, load):
    """Run `load()` the first time in this process, replay its rows afterwards when the
    database is in the same state as then (see the module's docstring)."""
    from rencontres.core.cache import bump

    tables = _tables()
    if key in _recordings and _recordings[key] is None:
        load()  # it cannot be replayed
        return
    recording = _recordings.get(key)
    if recording is not None and recording.applies(tables):
        recording.insert(tables)
        bump()
        return
    _recordings[key] = _record(load, tables)
