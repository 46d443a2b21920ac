"""Querysets compiled once per process, for the reads every request makes (issue #22).

Building a Django queryset and compiling it to SQL costs more than PostgreSQL takes to
answer the small reads every page makes (the signed-in user, the caseload's stages):
a few milliseconds a request on a busy 2-core machine, every request. A ``Prepared``
builds its queryset once per process (and database vendor), with a marker value where
the request's own value goes, keeps the compiled SQL and what Django needs to turn a
row into objects, and then each request only runs the SQL with its own value.

The rows come back exactly as the queryset itself would give them (``get`` builds the
model instance with its ``select_related`` objects and annotations through Django's own
``from_db`` and related populators; ``values`` gives dicts), so the prepared read and
the ORM read cannot drift apart: the SQL is the ORM's.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# The marker of a read by a case's id (a UUID primary key): no case has it.
CASE_ID = uuid.UUID(int=0x5E2_22)


# A backend may write a value into the query's parameters in its own form (SQLite: a
# date as text, a UUID as 32 hex digits). A marker of these types is looked for in that
# form too, and a request's value is then written the same way, as the ORM writes it
# (so an id that is not a UUID is refused with the ORM's ValidationError).
_ADAPTED = (
    (datetime.datetime, models.DateTimeField()),
    (datetime.date, models.DateField()),
    (uuid.UUID, models.UUIDField()),
)


def _adapter(marker, connection) -> Callable | None:
    for kind, field in _ADAPTED:
        if isinstance(marker, kind):
            return lambda value: field.get_db_prep_value(value, connection)
    return None


class _Compiled:
    def __init__(self, queryset: QuerySet, markers: tuple, using: str, *, once: bool):
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        # Where each marker's value goes: once for a plain read; a marker may come back
        # (the same year's bounds in each branch of a UNION), so its value must be one
        # that no constant of the query has.
        positions = [[i for i, value in enumerate(params) if value == m] for m in markers]
        self.adapters: list[Callable | None] = [None] * len(markers)
        for n, marker in enumerate(markers):
            adapt = _adapter(marker, connections[using])
            if positions[n] or adapt is None or adapt(marker) == marker:
                continue
            written = adapt(marker)  # as the backend wrote it
            positions[n] = [i for i, value in enumerate(params) if value == written]
            self.adapters[n] = adapt
        if once and len(positions[0]) != 1:
            raise ValueError("the marker must be the query's one parameter of its value")
        if not all(positions):
            raise ValueError("every marker must be one of the query's parameters")
        self.sql = sql
        self.params = list(params)
        self.positions = positions
        self.compiler = compiler
        self.model = queryset.model
        self.col_count = compiler.col_count

    def params_for(self, values: tuple) -> list:
        params = list(self.params)
        for value, positions, adapt in zip(values, self.positions, self.adapters, strict=True):
            written = value if adapt is None else adapt(value)
            for position in positions:
                params[position] = written
        return params

    def rows(self, values: tuple, using: str) -> list[tuple]:
        with connections[using].cursor() as cursor:
            cursor.execute(self.sql, self.params_for(values))
            rows = cursor.fetchall()
        # Django's own conversions (the same as results_iter applies to the ORM's rows).
        return list(self.compiler.results_iter(results=[rows]))


class Prepared:
    """``Prepared(lambda marker: User.objects.select_related("team").filter(pk=marker),
    marker=-1)``; then ``prepared.get(user_id)`` per request: the one object (or None).

    With several values, ``markers=(m1, m2, ...)``: ``build`` takes one argument per
    marker and each read takes a tuple of values in the same order
    (``prepared.values((team_id, start, end))``)."""

    def __init__(
        self, build: Callable[..., QuerySet], *, marker=None, markers: tuple | None = None
    ):
        if (marker is None) == (markers is None):
            raise TypeError("give one marker, or a tuple of markers")
        self._build = build
        self._several = markers is not None
        self._markers = tuple(markers) if markers is not None else (marker,)
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _for(self, using: str) -> _Compiled:
        # Per alias and vendor: the SQL's placeholders and functions are the vendor's.
        key = (using, connections[using].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = _Compiled(
                self._build(*self._markers), self._markers, using, once=not self._several
            )
            self._compiled[key] = compiled
        return compiled

    def _values(self, value) -> tuple:
        return tuple(value) if self._several else (value,)

    def _rows(self, value, using: str) -> list[tuple]:
        return self._for(using).rows(self._values(value), using)

    def sql(self, value, *, using: str = "default") -> tuple[str, list]:
        """The SQL and parameters a read for ``value`` runs (to EXPLAIN it)."""
        compiled = self._for(using)
        return compiled.sql, compiled.params_for(self._values(value))

    def objects(self, value, *, using: str = "default") -> list:
        """The model instances, as iterating the queryset would build them."""
        compiled = self._for(using)
        compiler = compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        annotation_col_map = compiler.annotation_col_map
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        objects = []
        for row in self._rows(value, using):
            obj = compiled.model.from_db(using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def get(self, value, *, using: str = "default"):
        """The one instance for ``value``, or None."""
        found = self.objects(value, using=using)
        return found[0] if found else None

    def values(self, value, *, using: str = "default") -> list[dict]:
        """For a ``.values(...)`` queryset: one dict a row, keyed as ``.values`` keys it."""
        compiled = self._for(using)
        query = compiled.compiler.query
        # As Django's ValuesIterable names the columns.
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return [dict(zip(names, row, strict=True)) for row in self._rows(value, using)]


def known_parent(objects, field_name: str, parent) -> None:
    """Give each object its foreign key ``field_name``'s object without a query, as a
    related manager's read (``child.deadlines.all()``) would: the parent is known."""
    for obj in objects:
        field = obj._meta.get_field(field_name)
        field.set_cached_value(obj, parent)


def set_prefetched(instance, name: str, objects) -> None:
    """Leave ``objects`` as ``prefetch_related(name)`` would on ``instance``, so that
    ``instance.<name>.all()`` (in a template, or in code further on) reads no rows."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
