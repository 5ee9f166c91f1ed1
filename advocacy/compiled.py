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
a queryset of values() or values_list() gives its rows as tuples.

    BY_SLUG = Compiled(lambda slug: Prisoner.objects.filter(slug=slug)[:1], "<slug>")
    BY_SLUG.first("wu-gan")  # <Prisoner: Wu Gan>, or None

A mark must be a value no query would hold otherwise (a negative id, a date in 1900, a
string of its own); each parameter of the same type and equal to a mark is replaced, and
each mark must be among the parameters, else the query would not depend on it
(`ValueError` at compile time). `among(mark)` stands for a list of ids of any length.
A compiled queryset may not prefetch. EmailUserManager.signed_in_user (advocacy/models.py)
does the same for the signed-in user, by hand.
"""

import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators

_lock = threading.Lock()


def among(mark) -> RawSQL:
    """`pk__in=among(mark)`: one parameter, a list of ids, whatever their number (a
    compiled `IN (%s, %s, ...)` would fix how many there can be)."""
    return RawSQL("SELECT unnest(%s::bigint[])", [mark])


def _same(value, mark) -> bool:
    return type(value) is type(mark) and (value is mark or value == mark)


class _Plan:
    def __init__(self, queryset: QuerySet, marks: tuple):
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled query cannot prefetch")
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        self.sql = sql
        self.params = list(params)
        self.positions = []
        for mark in marks:
            where = [i for i, value in enumerate(self.params) if _same(value, mark)]
            if not where:
                raise ValueError(f"the mark {mark!r} is not among the query's parameters")
            self.positions.append(where)
        self.db = queryset.db
        self.converters = compiler.get_converters(
            [column[0] for column in compiler.select[: compiler.col_count]]
        )
        self.compiler = compiler
        klass_info = compiler.klass_info
        self.annotations = list((compiler.annotation_col_map or {}).items())
        if klass_info is None:  # values(), values_list(): the rows themselves
            self.model = None
            return
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [
            column[0].target.attname for column in compiler.select[self.start : self.end]
        ]
        self.populators = get_related_populators(klass_info, compiler.select, self.db)

    def rows(self, values: tuple) -> list:
        params = [*self.params]
        for where, value in zip(self.positions, values, strict=True):
            for position in where:
                params[position] = value
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return rows

    def objects(self, rows) -> list:
        found = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


class Compiled:
    """`build(*marks)`: the queryset, with each mark where a request's value goes."""

    def __init__(self, build: Callable[..., QuerySet], *marks):
        self.build = build
        self.marks = marks
        self._plans: dict[str, _Plan] = {}

    def plan(self, db: str = "default") -> _Plan:
        found = self._plans.get(db)
        if found is None:
            found = _Plan(self.build(*self.marks).using(db), self.marks)
            with _lock:
                self._plans[db] = found
        return found

    def run(self, *values, db: str = "default") -> list:
        """The model instances (select_related ones and annotations included) for these
        values, or for a queryset of values its rows as tuples."""
        plan = self.plan(db)
        rows = plan.rows(values)
        if plan.model is None:
            return [tuple(row) for row in rows]
        return plan.objects(rows)

    def first(self, *values, db: str = "default"):
        found = self.run(*values, db=db)
        return found[0] if found else None

    def rows(self, *values, db: str = "default") -> list:
        """The rows as the database sent them, converted (what a kept copy is keyed by);
        `instances(rows)` makes the models later, for the rows that need them."""
        return self.plan(db).rows(values)

    def instances(self, rows, db: str = "default") -> list:
        return self.plan(db).objects(rows)

    @property
    def annotations(self) -> list[str]:
        """The names of the values the query annotates, read on each instance."""
        return [name for name, _position in self.plan().annotations]

    def forget(self) -> None:
        """Compile again on the next run (a test that changed what the query reads)."""
        with _lock:
            self._plans.clear()
