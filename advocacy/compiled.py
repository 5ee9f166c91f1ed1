"""A queryset's SQL compiled once per process, then only run with new values (issue 17).

Django compiles a queryset into SQL at every evaluation, and for the small reads of a
page (a profile's prisoner, /me/'s adoptions, the dashboard's short lists) compiling
cost more Python than running them: a profile's prisoner took about 1.5 ms to compile
and 0.3 ms in PostgreSQL. `Compiled(build, *marks)` builds the queryset once, with a
mark standing for each value a request gives (an id, a slug, a moment, a time zone's
name), compiles it, and keeps the SQL, where each mark went among the parameters, and
what turns a row into model instances (the compiler's columns, its select_related
populators, annotations and converters). Each run puts the request's values in place
of the marks and makes the instances Django's ModelIterable makes from the same rows;
a queryset of values_list() gives its rows as tuples. `fetch` gives the rows
as the database sent them, a column of them by name, and builds the instances only if
asked (the dashboard keeps HTML under its raw rows and then builds none).

    BY_SLUG = Compiled(lambda slug: Prisoner.objects.filter(slug=slug)[:1], "<slug>")
    BY_SLUG.first("wu-gan")  # <Prisoner: Wu Gan>, or None

A mark must be a value no query would hold otherwise (a negative id, a date in 1900, a
string of its own, a `Mark`); each parameter of the same type and equal to a mark is replaced, and
each mark must be among the parameters, else the query would not depend on it
(`ValueError` at compile time). `among(mark)` stands for a list of ids of any length.
A compiled queryset may not prefetch. EmailUserManager.signed_in_user (advocacy/models.py)
does the same for the signed-in user, by hand.
"""

import threading
from collections.abc import Callable
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable, get_related_populators

from . import server_prepared

_lock = threading.Lock()


class Mark:
    """Stands for a value given at each run, equal to nothing else (passed through RawSQL
    as it is: `among`)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Mark({self.name!r})"


def among(mark) -> RawSQL:
    """`pk__in=among(mark)`: one parameter, a list of ids, whatever their number (a
    compiled `IN (%s, %s, ...)` would fix how many there can be)."""
    return RawSQL("SELECT unnest(%s::bigint[])", [mark])


def _same(value, mark) -> bool:
    return type(value) is type(mark) and (value is mark or value == mark)


class _Plan:
    def __init__(self, queryset: QuerySet, marks: tuple, prepare: bool, generic: bool = False):
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled query cannot prefetch")
        compiler = queryset.query.get_compiler(queryset.db)
        self.db = queryset.db
        self._inlined_sql = None  # made at the first prepared run (`_inlined`)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:  # no row can match (`pk__in=[]`): no query to run
            self.sql, self.model, self.columns, self.converters = None, None, {}, []
            self.annotations = []
            return
        self.sql = sql
        self.params = list(params)
        # Prepared on the server once per connection (server_prepared): planning took
        # PostgreSQL longer than running these reads (0.35 ms against 0.13 for a profile's
        # prisoner).
        self.label = f"read_{queryset.model._meta.model_name}"
        self.prepared = prepare and queryset.db == DEFAULT_DB_ALIAS
        self.generic = generic
        self.positions = []
        for mark in marks:
            where = [i for i, value in enumerate(self.params) if _same(value, mark)]
            if not where:
                raise ValueError(f"the mark {mark!r} is not among the query's parameters")
            self.positions.append(where)
        self.converters = list(
            compiler.get_converters(
                [column[0] for column in compiler.select[: compiler.col_count]]
            ).items()
        )
        klass_info = compiler.klass_info
        self.annotations = list((compiler.annotation_col_map or {}).items())
        if klass_info is None or queryset._iterable_class is not ModelIterable:
            self.model, self.columns = None, {}  # values_list(): the rows themselves
            return
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [
            column[0].target.attname for column in compiler.select[self.start : self.end]
        ]
        self.populators = get_related_populators(klass_info, compiler.select, self.db)
        self.columns = _columns(klass_info, compiler.select, dict(self.annotations))

    def raw(self, values: tuple) -> list:
        """The rows as the database sent them, no converter applied."""
        if self.sql is None:
            return []
        if len(values) != len(self.positions):
            raise TypeError(f"{len(self.positions)} values expected, {len(values)} given")
        with connections[self.db].cursor() as cursor:
            if self.prepared:
                sql, sources = self._inlined(cursor)
                params = [values[n] if is_mark else n for is_mark, n in sources]
                server_prepared.read(cursor, self.label, sql, params, generic=self.generic)
            else:
                params = [*self.params]
                for where, value in zip(self.positions, values, strict=True):
                    for position in where:
                        params[position] = value
                cursor.execute(self.sql, params)
            return cursor.fetchall()

    def _inlined(self, cursor) -> tuple[str, list[tuple[bool, object]]]:
        """The SQL to prepare, with the query's constants written in (quoted by psycopg2,
        as it quotes every parameter it sends) and only the marks left as parameters;
        for each "%s" left, (True, the mark's number) or (False, the constant).

        PostgreSQL plans a prepared statement once for any value of its parameters (a
        generic plan) only when that plan is no worse than one made for the values at
        hand, and a generic plan cannot use a partial index whose condition a parameter
        decides (`role = $1` for "defender"): the dashboard's and /me/'s heavier reads
        were planned again at every run (issue 17). A constant whose quoted form holds a
        "%" stays a parameter (the text goes through psycopg2's interpolation again), and
        so do all of them if the query has a "%s" of its own."""
        if self._inlined_sql is not None:
            return self._inlined_sql
        owner = {position: n for n, where in enumerate(self.positions) for position in where}
        pieces = self.sql.split("%s")
        inline = len(pieces) == len(self.params) + 1
        text, sources = [pieces[0]], []
        for position, value in enumerate(self.params):
            quoted = None
            if inline and position not in owner:
                quoted = cursor.mogrify("%s", [value]).decode()
                quoted = None if "%" in quoted else quoted
            if quoted is None:
                text.append("%s")
                sources.append((True, owner[position]) if position in owner else (False, value))
            else:
                text.append(quoted)
            if inline:
                text.append(pieces[position + 1])
        found = ("".join(text) if inline else self.sql), sources
        self._inlined_sql = found
        return found

    def converted(self, raw: list) -> list:
        """As the compiler's apply_converters, with the connection of the thread running
        the query (the compiler holds the one that compiled it)."""
        if not self.converters:
            return raw
        connection = connections[self.db]
        converted = []
        for found in raw:
            row = list(found)
            for position, (functions, expression) in self.converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted

    def objects(self, raw: list) -> list:
        found = []
        for row in self.converted(raw):
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


class Compiled:
    """`build(*marks)`: the queryset, with each mark where a request's value goes.
    `prepare=False` for one of many queries (each prepared one holds memory on the
    server for as long as its connection lives). `generic=True` for a read of one row by
    its key and what hangs from it, whose plan is the same for any values: PostgreSQL
    plans it once, where it would guess a plan made for each run's values cheaper and
    make one every time (`/me/`'s reader: 0.3 ms of planning for 0.04 of running)."""

    def __init__(
        self, build: Callable[..., QuerySet], *marks, prepare: bool = True, generic: bool = False
    ):
        self.build = build
        self.marks = marks
        self.prepare = prepare
        self.generic = generic
        self._plans: dict[str, _Plan] = {}

    def plan(self, db: str = "default") -> _Plan:
        found = self._plans.get(db)
        if found is None:
            queryset = self.build(*self.marks).using(db)
            found = _Plan(queryset, self.marks, self.prepare, self.generic)
            with _lock:
                self._plans[db] = found
        return found

    def run(self, *values, db: str = "default") -> list:
        """The model instances (select_related ones and annotations included) for these
        values, or for a queryset of values its rows as tuples."""
        plan = self.plan(db)
        raw = plan.raw(values)
        if plan.model is None:
            return [tuple(row) for row in plan.converted(raw)]
        return plan.objects(raw)

    def first(self, *values, db: str = "default"):
        found = self.run(*values, db=db)
        return found[0] if found else None

    def fetch(self, *values, db: str = "default") -> "Fetched":
        """The rows as the database sent them, their instances built only when asked."""
        plan = self.plan(db)
        return Fetched(plan.raw(values), plan.objects, columns=plan.columns)

    @property
    def annotations(self) -> list[str]:
        """The names of the values the query annotates, read on each instance."""
        return [name for name, _position in self.plan().annotations]

    def forget(self) -> None:
        """Compile again on the next run (a test that changed what the query reads)."""
        with _lock:
            self._plans.clear()


class Fetched:
    """The rows as the database sent them (`raw`; `seen`: with those of any read made
    with them, what a kept copy is keyed by), a column of them by name (`column`), and
    the rows as models, built only when asked for (`rows`): a page kept under its raw
    rows builds none."""

    def __init__(self, raw: list, build: Callable[[list], list] | None = None, **more):
        self.raw = raw
        self.seen = more.get("seen", raw)
        self._build = build
        self._columns = more.get("columns", {})

    @cached_property
    def rows(self) -> list:
        return self._build(self.raw) if self._build else []

    def column(self, path: str) -> list:
        """The values of `path` ("date_joined", "volunteer__campaign_settings__last_posted_at",
        an annotation's name) in each raw row."""
        if not self.raw:
            return []
        position = self._columns[path]
        return [row[position] for row in self.raw]


def _columns(klass_info: dict, select: list, annotations: dict) -> dict[str, int]:
    """Where each column of the query's models and annotations is in a raw row, by its
    path from the queried model."""
    columns = dict(annotations)

    def walk(info: dict, prefix: str) -> None:
        for i in info["select_fields"]:
            columns[prefix + select[i][0].target.attname] = i
        for related in info.get("related_klass_infos", ()):
            field = related["field"]
            name = field.related_query_name() if related["reverse"] else field.name
            walk(related, f"{prefix}{name}__")

    walk(klass_info, "")
    return columns
