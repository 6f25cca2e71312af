"""Read queries whose SQL is built once per process (issue 16: pages near the framework floor, ADR 0032).

A member page opens with a read of the same shape on every request: the group, poll or meeting by
its public id, with where the viewer stands in its group, and the session with its user. Only the
values differ (the id, the viewer). Django builds the SQL again on every call: for the meeting page's
first query (a meeting with its group, service, venue and host, and three EXISTS) that was 1.0 of
its 2.3 ms of application CPU, for SQL text that never changes.

`PreparedQuery(build, **slots)` calls `build` once per process with a stand-in value for each slot,
compiles the queryset, and remembers the SQL text, which parameters are which slot, and the compiler
(which columns are which model's, the annotations, the converters). Each call then gives the same
queryset Django's usual rows-to-objects step (its own `ModelIterable` / `ValuesIterable`, so
`select_related` objects, annotations and `values()` rows are exactly what the ORM makes), with that
SQL and this call's values as the parameters. Nothing read is kept: every call runs its query.

The rules that make this safe, checked when the SQL is first built:

- a slot is only ever a query parameter: each stand-in value must appear in the compiled parameters
  and nowhere in the SQL text, so no value can change the SQL's shape (an `__in` list, a None that
  would become IS NULL, a value in a `RawSQL` text) without `build` failing;
- each slot has a type (`int`, `float`, `uuid.UUID`, `str`, `datetime`, `date`) and a call's value must be of it
  (`int` slots take an int or a saved model instance, never None, UUID slots a string in UUID form, as the
  field would accept); anything else raises `ValueError` / `ValidationError` as the ORM would;
- `build` may use no other value that differs between calls (it takes its values only from the
  slots; the time of day is a slot, never `timezone.now()` inside `build`);
- a test per use compares the rows with the ORM's for the cases that matter (`core/tests/test_prepared.py`
  for the helper; each app's tests for its queries).
"""

from __future__ import annotations

import copy
import datetime as dt
import secrets
import threading
import uuid
from collections.abc import Callable

from django.db import connections, router
from django.db.models import Model, QuerySet, UUIDField

try:  # PostgreSQL through psycopg 3: the cursor that sends values apart from the SQL text (below)
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, ServerBindingCursor
    from django.db.backends.postgresql.psycopg_any import is_psycopg3, register_tzloader
    from psycopg import ClientCursor
    from psycopg.pq import Format

    class _PlannedOnceCursor(ServerBindingCursor):
        """Django's server-side binding cursor. When the connection logs its queries (DEBUG, a test's
        CaptureQueriesContext) each one is also written out as the client-side binding cursor writes it,
        with its values in the text, so the log reads as for every other query (a prepared statement
        would otherwise leave no text for Django to log)."""

        log_as_client = False

        def execute(self, query, params=None, **kwargs):
            result = super().execute(query, params, **kwargs)
            if self.log_as_client:
                written = ClientCursor._query_cls(self._tx)  # what psycopg's ClientCursor writes
                written.convert(query, params)
                self._query = written
            return result

except ImportError:  # pragma: no cover - psycopg not installed (SQLite only)
    is_psycopg3 = False

_UUID_FIELD = UUIDField()
SLOT_TYPES = (int, float, uuid.UUID, str, dt.datetime, dt.date)
# Django's own limit for get(): more rows than this say "more than one" without reading them all.
_GET_LIMIT = 21


def _stand_in(kind, n: int):
    """A value no real call passes and no SQL text contains by chance (random per process)."""
    if kind is int:
        return 7_000_000_000_000 + secrets.randbelow(10**12) * 16 + n
    if kind is float:
        return 7_000_000.0 + secrets.randbelow(10**9) / 1024 + n / 4096
    if kind is uuid.UUID:
        return uuid.uuid4()
    if kind is str:
        return f"prepared-{secrets.token_hex(12)}-{n}"
    if kind is dt.date:
        return dt.date(2999, 1, 1) + dt.timedelta(days=secrets.randbelow(300) * 16 + n)
    if kind is dt.datetime:
        return dt.datetime(2999, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=secrets.randbelow(10**12) * 16 + n)
    raise TypeError(f"a prepared query slot is one of {SLOT_TYPES}, not {kind!r}")


def _value(kind, value):
    if kind is int and isinstance(value, Model):
        value = value.pk
    if kind is uuid.UUID and isinstance(value, str):
        # The ORM's own UUIDField says what is wrong, in its own (translated) words.
        value = _UUID_FIELD.to_python(value)
    if _is(kind, value):
        return float(value) if kind is float else value
    # Never None: the ORM writes `= None` as IS NULL, where a parameter would compare with NULL (never true).
    raise ValueError(f"a prepared query slot of type {kind.__name__} was given {type(value).__name__}")


def _is(kind, value) -> bool:
    if isinstance(value, bool):
        return False
    if kind is float:
        return isinstance(value, int | float)
    if kind is dt.datetime:
        return isinstance(value, dt.datetime) and value.tzinfo is not None
    if kind is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, kind)


class _PlannedOnce:
    """The database connection as a prepared read's compiler sees it: the same in every way but `cursor()`.

    On PostgreSQL with psycopg 3 and prepared statements allowed (`prepare_threshold` in the database's
    OPTIONS, config/settings/base.py), the cursor sends the values apart from the SQL text (psycopg's
    server-side binding), so psycopg can make the read a prepared statement of the connection once it
    has run `prepare_threshold` times: PostgreSQL then parses and plans that SQL once per connection
    instead of on every request. Otherwise it is the connection's usual cursor. Either way the cursor is
    Django's own wrapper (execute wrappers, query counts, the debug log, errors as Django's).
    """

    __slots__ = ("_db", "features", "ops")

    def __init__(self, db):
        self._db = db
        # What the compiler asks for most (ops about 18 times a read), read once; the rest as the connection has it.
        self.ops = db.ops
        self.features = db.features

    def __getattr__(self, name):
        return getattr(self._db, name)

    def cursor(self):
        db = self._db
        db.close_if_health_check_failed()
        db.ensure_connection()
        if db.connection.prepare_threshold is None:
            return db.cursor()
        with db.wrap_database_errors:
            # What the backend's create_cursor() makes, with server-side binding.
            cursor = _PlannedOnceCursor(db.connection)
            if db.timezone != db.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone:
                register_tzloader(db.timezone, cursor)
            cursor.log_as_client = db.queries_logged
            return db._prepare_cursor(cursor)


def _connection_for(alias: str):
    db = connections[alias]
    if is_psycopg3 and db.vendor == "postgresql":
        return _PlannedOnce(db)
    return db


class _Compiled:
    def __init__(
        self, alias: str, queryset: QuerySet, compiler, sql: str, positions: list[tuple[int, str]], params: list
    ):
        self.alias = alias
        self.queryset = queryset
        self.compiler = compiler
        self.sql = sql
        self.positions = positions
        self.params = params


class PreparedQuery:
    """A read whose SQL is built once per process; see the module's docstring for the rules."""

    def __init__(self, build: Callable[..., QuerySet], **slots):
        for kind in slots.values():
            if kind not in SLOT_TYPES:
                raise TypeError(f"a prepared query slot is one of {SLOT_TYPES}, not {kind!r}")
        self.build = build
        self.slots = slots
        self._compiled: dict[tuple[str, str, bool], _Compiled] = {}
        self._model = None
        self._lock = threading.Lock()

    def _stand_ins(self) -> dict:
        return {name: _stand_in(kind, n) for n, (name, kind) in enumerate(self.slots.items())}

    def _compile(self, alias: str, get: bool) -> _Compiled:
        stand_ins = self._stand_ins()
        queryset = self.build(**stand_ins).using(alias)
        if get:
            queryset = queryset._chain()
            if not queryset.query.is_sliced:
                queryset.query.set_limits(high=_GET_LIMIT)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        by_value = {}
        for name, value in stand_ins.items():
            text = (
                value.isoformat()
                if isinstance(value, dt.datetime)
                else repr(value)
                if isinstance(value, float)
                else str(value)
            )
            if text in sql or (isinstance(value, uuid.UUID) and value.hex in sql):
                raise ValueError(
                    f"prepared query slot {name!r} is written into the SQL text, not passed as a parameter"
                )
            by_value[(type(value), value)] = name
        positions = []
        for index, param in enumerate(params):
            name = by_value.get((type(param), param))
            if name is not None:
                positions.append((index, name))
        missing = set(self.slots) - {name for _, name in positions}
        if missing:
            raise ValueError(f"prepared query slots {sorted(missing)} are not parameters of its SQL")
        return _Compiled(alias, queryset, compiler, sql, positions, list(params))

    def _get_compiled(self, using: str | None, get: bool) -> _Compiled:
        if self._model is None:
            self._model = self.build(**self._stand_ins()).model
        # The database a read of this model goes to now (core.db_routers: the replica inside replica_reads()).
        alias = using or router.db_for_read(self._model)
        key = (alias, connections[alias].vendor, get)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    compiled = self._compile(alias, get)
                    self._compiled[key] = compiled
        return compiled

    def queryset(self, *, using: str | None = None, _get: bool = False, **values) -> QuerySet:
        """A queryset of this read for these values: iterate it (or `list()` it) once."""
        if set(values) != set(self.slots):
            raise TypeError(f"prepared query takes {sorted(self.slots)}, was given {sorted(values)}")
        compiled = self._get_compiled(using, _get)
        params = list(compiled.params)
        for index, name in compiled.positions:
            params[index] = _value(self.slots[name], values[name])
        params = tuple(params)
        compiler = copy.copy(compiled.compiler)
        # This thread's connection, not the one of the thread that first built the SQL.
        compiler.connection = _connection_for(compiled.alias)
        sql = compiled.sql
        # Django's own row-to-object step (ModelIterable / ValuesIterable) asks the query for a
        # compiler and the compiler for its SQL: both are answered with what was built once.
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = compiled.queryset._chain()
        query = copy.copy(queryset.query)
        query.get_compiler = lambda using=None, connection=None, elide_empty=True: compiler
        queryset._query = query  # not the `query` setter: it would make a values_list() a values()
        return queryset

    def list(self, *, using: str | None = None, **values) -> list:
        return list(self.queryset(using=using, **values))

    def get(self, *, using: str | None = None, **values):
        """The one row, as QuerySet.get(): DoesNotExist when none, MultipleObjectsReturned when more."""
        queryset = self.queryset(using=using, _get=True, **values)
        rows = list(queryset)
        if len(rows) == 1:
            return rows[0]
        model = queryset.model
        if not rows:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}")
