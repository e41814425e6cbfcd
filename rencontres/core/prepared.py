"""Read queries compiled once per process, then run again with other values.

Building and compiling a queryset costs the ORM up to a millisecond (more with many columns or
joins), while running it on an edition's small tables costs a twentieth of that. The public
program is rendered in full after every organiser's edit, by the same few queries each time:
those are written with the ORM as usual, compiled once, and run again with the real values.
The rows are what `values_list()` gives (same SQL, same converters for dates and booleans).

    SESSIONS = Prepared(lambda edition_id: Session.objects.rewrite(False)
                        .filter(edition_id=edition_id).values_list("pk", "start"))
    rows = SESSIONS(edition_id=edition.pk)

A query is compiled twice, with two sets of stand-in integers: a parameter that follows them
takes the caller's value, one that stays the same is a constant of the query. The values must
be integers (ids, numbers) compared for equality; a query whose SQL depends on them, or whose
parameters cannot be told apart, is refused when first run, as is a translated model's query
that modeltranslation rewrites (name each language's column and call `rewrite(False)`).
django-prepared-queries did this for the Django of its time; its last release was in 2019.
"""

from dataclasses import dataclass

from django.db import connections, router

# Within every integer column's range (a stand-in out of a column's range would compile as an
# empty result), and unlike the constants of the program's queries.
_STAND_INS = (29_101, 30_201)


class NotPreparable(ValueError):
    """The query's SQL changes with its values, or its parameters cannot be matched to them."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    sql: str
    params: tuple  # each: the name of a value, or a constant wrapped in a 1-tuple
    converters: tuple  # (position, converters, expression), as the compiler applies them


class Prepared:
    def __init__(self, build):
        """`build(**values)`: a `values_list()` queryset filtered by `values` (integers)."""
        self.build = build
        self._model = None
        self._compiled = {}  # (database alias, names of the values) -> _Compiled

    def __call__(self, **values):
        if self._model is None:
            self._model = self.build(**dict.fromkeys(values, _STAND_INS[0])).model
        alias = router.db_for_read(self._model)
        key = (alias, tuple(sorted(values)))
        compiled = self._compiled.get(key) or self._compile(key)
        params = [values[p] if isinstance(p, str) else p[0] for p in compiled.params]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = [_converted(row, compiled.converters, connection) for row in rows]
        return rows

    def _compile(self, key):
        alias, names = key
        runs = []
        for base in _STAND_INS:
            stand_ins = {name: base + index for index, name in enumerate(names)}
            queryset = self.build(**stand_ins)
            query = queryset.query
            if query.annotation_select or query.extra_select or not query.values_select:
                raise NotPreparable("only values_list() of fields can be prepared")
            if getattr(queryset, "_rewrite", False):
                # Its values_list() reorders the columns and picks each row's language.
                raise NotPreparable("a translated model's query needs rewrite(False)")
            compiler = query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            runs.append((stand_ins, sql, params, compiler))
        (first, sql, params, compiler), (second, other_sql, other_params, _c) = runs
        if sql != other_sql or len(params) != len(other_params):
            raise NotPreparable("the query's SQL depends on its values")
        by_value = {(first[name], second[name]): name for name in names}
        slots = []
        for one, two in zip(params, other_params, strict=True):
            if one == two:
                slots.append((one,))
            elif (one, two) in by_value:
                slots.append(by_value[(one, two)])
            else:
                raise NotPreparable(f"a parameter follows no value ({one!r}, {two!r})")
        columns = [expression for expression, _sql, _alias in compiler.select]
        converters = tuple(
            (position, tuple(convs), expression)
            for position, (convs, expression) in compiler.get_converters(columns).items()
        )
        compiled = _Compiled(sql, tuple(slots), converters)
        self._compiled[key] = compiled
        return compiled


def _converted(row, converters, connection):
    row = list(row)
    for position, convs, expression in converters:
        value = row[position]
        for converter in convs:
            value = converter(value, expression, connection)
        row[position] = value
    return tuple(row)


def attnames(model, names=None):
    """A model's columns (attribute names), in the order `from_db()` takes them: all of them,
    or those named (by field or attribute name) in `names`, the primary key first."""
    fields = model._meta.concrete_fields
    if names is None:
        return [field.attname for field in fields]
    wanted = set(names)
    chosen = [f.attname for f in fields if f.primary_key or {f.name, f.attname} & wanted]
    unknown = wanted - {f.name for f in fields} - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    return chosen


def columns(parts):
    """The `values_list()` names of `parts`: (path, model, attnames), the path from the
    queried model ("" for itself, "edition__venue" for a related one)."""
    return [f"{path}__{name}" if path else name for path, _model, names in parts for name in names]


def instances(row, db, parts):
    """The queried model's instance from a prepared row of `columns(parts)`, with its related
    instances set as select_related() sets them (None for a missing related row). Fields left
    out of `parts` are deferred, as with only()."""
    objects, start = {}, 0
    for path, model, names in parts:
        values = row[start : start + len(names)]
        start += len(names)
        instance = None if values[0] is None else model.from_db(db, names, values)
        if path:
            parent, _sep, name = path.rpartition("__")
            if objects[parent] is not None:
                setattr(objects[parent], name, instance)
        objects[path] = instance
    return objects[""]
