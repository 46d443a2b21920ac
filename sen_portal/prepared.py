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

import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# The marker of a read by a case's id (a UUID primary key): no case has it.
CASE_ID = uuid.UUID(int=0x5E2_22)


class _Compiled:
    def __init__(self, queryset: QuerySet, marker, using: str):
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = [i for i, value in enumerate(params) if value == marker]
        if len(positions) != 1:
            raise ValueError("the marker must be the query's one parameter of its value")
        self.sql = sql
        self.params = list(params)
        self.position = positions[0]
        self.compiler = compiler
        self.model = queryset.model
        self.col_count = compiler.col_count
        # Django's own conversions (those results_iter applies to the ORM's rows), worked
        # out once: results_iter works them out again on every call.
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        # Each column's SQL type, for a typed NULL in its place (objects_together).
        connection = connections[using]
        self.db_types = [field.output_field.db_type(connection) or "text" for field in fields]

    def rows(self, value, using: str, *, before: tuple[str, list] | None = None) -> list:
        params = list(self.params)
        params[self.position] = value
        sql = self.sql
        if before is not None:
            # A data-modifying statement run in the same round trip, as a WITH clause of
            # this read (PostgreSQL runs it whether or not the read refers to it).
            sql = f"WITH _before AS ({before[0]}) {sql}"
            params = [*before[1], *params]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self.convert(rows, using)

    def convert(self, rows, using: str) -> list:
        if not self.converters:
            return rows
        connection = connections[using]
        converters = list(self.converters.items())
        converted = []
        for row in rows:
            row = list(row)
            for position, (convs, expression) in converters:
                value = row[position]
                for converter in convs:
                    value = converter(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted


class Prepared:
    """``Prepared(lambda marker: User.objects.select_related("team").filter(pk=marker),
    marker=-1)``; then ``prepared.get(user_id)`` per request: the one object (or None)."""

    def __init__(self, build: Callable[[object], QuerySet], *, marker):
        self._build = build
        self._marker = marker
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _for(self, using: str) -> _Compiled:
        # Per alias and vendor: the SQL's placeholders and functions are the vendor's.
        key = (using, connections[using].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = _Compiled(self._build(self._marker), self._marker, using)
            self._compiled[key] = compiled
        return compiled

    def objects(
        self, value, *, using: str = "default", before: tuple[str, list] | None = None
    ) -> list:
        """The model instances, as iterating the queryset would build them. ``before``:
        an INSERT (its SQL and parameters) to run in the same round trip, ahead of the
        read (PostgreSQL only; elsewhere it is run on its own first)."""
        loaded = _preloaded().pop((self, using), None)
        if loaded is not None and loaded[0] == value and before is None:
            return loaded[1]
        compiled = self._for(using)
        if before is not None and connections[using].vendor != "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute(*before)
            before = None
        return self._build_objects(compiled.rows(value, using, before=before), using)

    def _build_objects(self, rows, using: str) -> list:
        compiled = self._for(using)
        compiler = compiled.compiler
        select, klass_info = compiler.select, compiler.klass_info
        annotation_col_map = compiler.annotation_col_map
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [f[0].target.attname for f in select[start:end]]
        populators = get_related_populators(klass_info, select, using)
        objects = []
        for row in rows:
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
        return [dict(zip(names, row, strict=True)) for row in compiled.rows(value, using)]


def objects_together(
    reads: Sequence[Prepared],
    value,
    *,
    using: str = "default",
    before: tuple[str, list] | None = None,
) -> list[list]:
    """``[read.objects(value) for read in reads]`` in one round trip on PostgreSQL: the
    reads' rows in one UNION ALL, each read's columns in its own place of the row (NULL
    in the others'), tagged with which read gave it and numbered in the order its own
    query gave them (``row_number() OVER ()`` over its ORDER BY), so each read's rows come
    back as its own query would give them. ``before``: an INSERT to run in the same round
    trip (as ``objects``). Elsewhere than PostgreSQL, one query each."""
    store = _preloaded()
    if before is None and all(
        (read, using) in store and store[(read, using)][0] == value for read in reads
    ):
        return [store.pop((read, using))[1] for read in reads]
    connection = connections[using]
    if connection.vendor != "postgresql":
        if before is not None:
            with connection.cursor() as cursor:
                cursor.execute(*before)
        return [read.objects(value, using=using) for read in reads]
    compiled = [read._for(using) for read in reads]
    # One UNION ALL: each read's columns in slots of their type, shared between the
    # reads (the first text column of every read in the first text slot...), a typed
    # NULL in the slots a read does not fill. Kept narrow: PostgreSQL's planning time
    # grows with the union's width (a column per read's column: 8 ms for the case page).
    places, slots = _slots([c.db_types for c in compiled])
    branches, params = [], []
    for i, c in enumerate(compiled):
        mine = dict(zip(places[i], range(1, c.col_count + 1), strict=True))
        columns = [str(i), "row_number() OVER ()"]
        for slot, db_type in enumerate(slots):
            k = mine.get(slot)
            columns.append(f"_r.c{k}::{db_type}" if k else f"NULL::{db_type}")
        names = ", ".join(f"c{k}" for k in range(1, c.col_count + 1))
        # Only the reads' own compiled SQL, names and types; values are parameters.
        branches.append(
            f"SELECT {', '.join(columns)} FROM ({c.sql}) _r({names})"  # noqa: S608
        )
        read_params = list(c.params)
        read_params[c.position] = value
        params += read_params
    sql = " UNION ALL ".join(branches)
    if before is not None:
        sql = f"WITH _before AS ({before[0]}) {sql}"
        params = [*before[1], *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    results = []
    for i, (read, c) in enumerate(zip(reads, compiled, strict=True)):
        positions = [2 + slot for slot in places[i]]
        mine = [[row[p] for p in positions] for row in rows if row[0] == i]
        results.append(read._build_objects(c.convert(mine, using), using))
    return results


def _slot_type(db_type: str) -> str:
    base = db_type.split("(", 1)[0].strip().lower()
    if base in ("varchar", "character varying", "char", "character", "text"):
        return "text"
    return base


def _slots(types: list[list[str]]) -> tuple[list[list[int]], list[str]]:
    """For each read, the slot of each of its columns, and the slots' types: a read's
    n-th column of a type goes in that type's n-th slot."""
    slots: list[str] = []
    index: dict[tuple[str, int], int] = {}
    places = []
    for read_types in types:
        seen: dict[str, int] = {}
        mine = []
        for db_type in read_types:
            kind = _slot_type(db_type)
            n = seen.get(kind, 0)
            seen[kind] = n + 1
            if (kind, n) not in index:
                index[(kind, n)] = len(slots)
                slots.append(kind)
            mine.append(index[(kind, n)])
        places.append(mine)
    return places, slots


_local = threading.local()


def _preloaded() -> dict:
    found = getattr(_local, "preloaded", None)
    if found is None:
        found = _local.preloaded = {}
    return found


@contextmanager
def preloaded(
    reads: Sequence[Prepared],
    value,
    *,
    using: str = "default",
    before: tuple[str, list] | None = None,
) -> Iterator[None]:
    """Read ``reads`` for ``value`` now, in one round trip (``objects_together``), and
    let each read's next ``objects(value)`` inside the block take its rows from there
    instead of querying: a page whose selectors each make their own read (the case
    page's panels) makes them all at once. What is not taken is dropped at the end of
    the block."""
    store = _preloaded()
    results = objects_together(reads, value, using=using, before=before)
    for read, objects in zip(reads, results, strict=True):
        store[(read, using)] = (value, objects)
    try:
        yield
    finally:
        for read in reads:
            store.pop((read, using), None)


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
