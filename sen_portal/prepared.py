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

On PostgreSQL the compiled SQL is also a server-side prepared statement (``execute``):
PREPAREd once per connection, planned there once, then run with each request's values.
"""

from __future__ import annotations

import datetime
import decimal
import itertools
import re
import uuid
import weakref
from collections.abc import Callable

from django.db import NotSupportedError, connections, models
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
        self._marked = sorted(p for marker_positions in positions for p in marker_positions)
        self._inlined: str | None = None
        self.compiler = compiler
        self.model = queryset.model
        self.col_count = compiler.col_count
        # Django's own conversions (those results_iter applies to the ORM's rows), worked
        # out once: results_iter works them out again on every call.
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        self.converters = compiler.get_converters(fields)

    def params_for(self, values: tuple) -> list:
        params = list(self.params)
        for value, positions, adapt in zip(values, self.positions, self.adapters, strict=True):
            written = value if adapt is None else adapt(value)
            for position in positions:
                params[position] = written
        return params

    def statement(self, values: tuple, using: str) -> tuple[str, list]:
        """The SQL to send and its parameters. On PostgreSQL the query's own constants
        (the same every read: a status, a list of codes) are written into the SQL and only
        the read's values stay parameters, so that the plan a prepared statement keeps
        knows them (a partial index on ``status = 'met'`` is usable by a plan made once,
        not only by a plan made for each read's values)."""
        params = self.params_for(values)
        connection = connections[using]
        if connection.vendor != "postgresql":
            return self.sql, params
        if self._inlined is None:
            marked = set(self._marked)
            constants = iter(enumerate(self.params))

            def write(match) -> str:
                if match[1] != "s":
                    return match[0]  # %% stays for the driver
                position, value = next(constants)
                if position in marked:
                    return "%s"
                literal = connection.ops.compose_sql("%s", [value])
                return literal.replace("%", "%%")

            self._inlined = _PLACEHOLDER.sub(write, self.sql)
        return self._inlined, [params[position] for position in self._marked]

    def rows(self, values: tuple, using: str, *, before: tuple[str, list] | None = None) -> list:
        sql, params = self.statement(values, using)
        if before is not None:
            # A data-modifying statement run in the same round trip, as a WITH clause of
            # this read (PostgreSQL runs it whether or not the read refers to it).
            sql = f"WITH _before AS ({before[0]}) {sql}"
            params = [*before[1], *params]
        rows = execute(connections[using], sql, params)
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


# PostgreSQL plans a statement every time it is sent; for the small reads a page makes,
# planning costs the server more than answering (the case page: 1.6 ms of planning to
# 0.4 ms of execution a request). A statement PREPAREd on the connection is planned once
# there and then run with each request's values (EXECUTE), its plan kept for the
# connection's life (CONN_MAX_AGE). Prepared statements outlive a rolled-back
# transaction; a new connection has none, so what was prepared is kept per connection.
_numbers = itertools.count(1)
_statement_names: dict[tuple, str] = {}
_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PLACEHOLDER = re.compile(r"%(.)")


def statement(sql: str) -> str:
    """The SQL a logged query ran: for ``EXECUTE sen_N (...)``, the statement it names
    (for a query log, or a test that looks for a table in a page's queries)."""
    if sql.startswith("EXECUTE sen_"):
        name = sql.split(" ", 2)[1]
        for (text, *_), known in _statement_names.items():
            if known == name:
                return text
    return sql


def _numbered(sql: str) -> str:
    """Django's ``%s`` placeholders as PostgreSQL's ``$1, $2, ...`` (and ``%%`` as ``%``)."""
    count = itertools.count(1)
    return _PLACEHOLDER.sub(lambda m: "%" if m[1] == "%" else f"${next(count)}", sql)


# Each parameter's type, said in the PREPARE (PostgreSQL cannot always tell it from the
# statement: a value compared with another parameter, or in a UNION's select list).
# bool before int: a bool is an int in Python.
_PG_TYPES = (
    (bool, "boolean"),
    (int, "bigint"),
    (float, "double precision"),
    (decimal.Decimal, "numeric"),
    (str, "text"),
    (uuid.UUID, "uuid"),
    (datetime.datetime, "timestamptz"),
    (datetime.date, "date"),
)


def _pg_type(value) -> str | None:
    if isinstance(value, list):  # ``id = ANY(%s)``: an array of one known type
        types = {_pg_type(item) for item in value}
        return f"{types.pop()}[]" if len(types) == 1 and None not in types else None
    for kind, name in _PG_TYPES:
        if isinstance(value, kind):
            if kind is datetime.datetime and value.tzinfo is None:
                return None
            if kind is int and not -(2**63) <= value < 2**63:
                return None  # sent as it is: no bigint key has it, nothing is found
            return name
    return None


def execute(connection, sql: str, params: list, *, again: bool = True) -> list:
    """The rows of ``sql`` with ``params``: on PostgreSQL through a statement prepared
    once per connection (with a value of a type not listed above, sent as it is).

    Not behind a pooler that hands each transaction another server connection
    (PgBouncer's transaction mode): a statement prepared on one would not be there on
    the next. Django's setting for that pooler, ``DISABLE_SERVER_SIDE_CURSORS``, turns
    this off too. (With ``CONN_MAX_AGE`` 0 each request prepares its reads again: one
    round trip more per read than it saves; the settings keep connections 60 s.)"""
    with connection.cursor() as cursor:
        types = [_pg_type(value) for value in params]
        if (
            connection.vendor != "postgresql"
            or not params
            or None in types
            or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
        ):
            cursor.execute(sql, params)
            return cursor.fetchall()
        key = (sql, *types)
        name = _statement_names.get(key)
        if name is None:
            name = _statement_names.setdefault(key, f"sen_{next(_numbers)}")
        done = _prepared_on.setdefault(connection.connection, set())
        if name not in done:
            # On the driver's own cursor: preparing reads no rows, so a test's query
            # budget does not count it, whichever test happens to be the connection's
            # first to make this read. It either fails (and is not recorded) or lasts
            # as long as the connection.
            # Django's error wrapper still applies: a failure is a DatabaseError.
            with connection.wrap_database_errors, connection.connection.cursor() as raw:
                raw.execute(f"PREPARE {name} ({', '.join(types)}) AS {_numbered(sql)}")
            done.add(name)
        try:
            cursor.execute(f"EXECUTE {name} ({', '.join(['%s'] * len(params))})", params)
        except NotSupportedError:
            # "cached plan must not change result type": a migration altered a column the
            # statement reads while this process kept its connections. The name is spent
            # on every connection that has it: the read takes a new one. Outside a
            # transaction it is made again at once; inside one, the transaction is
            # aborted, so this read fails and the next prepares anew.
            if _statement_names.get(key) == name:
                _statement_names[key] = f"sen_{next(_numbers)}"
            if not again or connection.in_atomic_block:
                raise
            return execute(connection, sql, params, again=False)
        return cursor.fetchall()


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

    def _rows(self, value, using: str, before: tuple[str, list] | None = None) -> list:
        return self._for(using).rows(self._values(value), using, before=before)

    def sql(self, value, *, using: str = "default") -> tuple[str, list]:
        """The SQL and parameters a read for ``value`` runs (to EXPLAIN it)."""
        compiled = self._for(using)
        return compiled.sql, compiled.params_for(self._values(value))

    def objects(
        self, value, *, using: str = "default", before: tuple[str, list] | None = None
    ) -> list:
        """The model instances, as iterating the queryset would build them. ``before``:
        an INSERT (its SQL and parameters) to run in the same round trip, ahead of the
        read (PostgreSQL only; elsewhere it is run on its own first)."""
        if before is not None and connections[using].vendor != "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute(*before)
            before = None
        return self._build_objects(self._rows(value, using, before), using)

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
        return [dict(zip(names, row, strict=True)) for row in self._rows(value, using)]


def objects_together(reads: list[Prepared], value, *, using: str = "default") -> list[list]:
    """``[read.objects(value) for read in reads]`` in one round trip on PostgreSQL: the
    reads' rows in one UNION ALL, each read's columns in its own place of the row (NULL
    in the others'), tagged with which read gave it. The order of each read's rows is
    not kept (callers sort). Elsewhere, one query each."""
    connection = connections[using]
    if connection.vendor != "postgresql" or len(reads) < 2:
        return [read.objects(value, using=using) for read in reads]
    compiled = [read._for(using) for read in reads]
    widths = [c.col_count for c in compiled]
    branches, params = [], []
    for i, (read, c) in enumerate(zip(reads, compiled, strict=True)):
        before = sum(widths[:i])
        after = sum(widths) - before - widths[i]
        columns = [str(i), *(["NULL"] * before), f"_r{i}.*", *(["NULL"] * after)]
        # Only the reads' own compiled SQL and NULLs; values are parameters.
        sql, read_params = c.statement(read._values(value), using)
        branches.append(f"SELECT {', '.join(columns)} FROM ({sql}) _r{i}")  # noqa: S608
        params += read_params
    rows = execute(connection, " UNION ALL ".join(branches), params)
    results = []
    for i, (read, c) in enumerate(zip(reads, compiled, strict=True)):
        start = 1 + sum(widths[:i])
        mine = [row[start : start + widths[i]] for row in rows if row[0] == i]
        results.append(read._build_objects(c.convert(mine, using), using))
    return results


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
