"""A queryset's SQL compiled once per process, then only run with new values (issue 17).

Django compiles a queryset's SQL anew at every evaluation: for /me/'s few small reads,
that cost more Python than running them (as for the signed-in user,
advocacy.models.EmailUserManager.signed_in_user). A `Prepared` builds its queryset once,
with a distinct mark standing for each value a request gives (a user's id, a moment, a
time zone's name), compiles it, and keeps the SQL, where each mark went in the
parameters, and what turns a row into model instances (the compiler's columns, its
select_related populators and annotations). Each run puts the request's values in
place of the marks and makes the same instances Django's ModelIterable makes, from the
same rows.

A mark must be a value no query would hold otherwise, and each mark must show among
the parameters (else the query would not depend on it: `ValueError` at compile time).
"""

import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

_lock = threading.Lock()


class _Compiled:
    def __init__(self, queryset: QuerySet, marks: tuple):
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
        self.annotations = list(compiler.annotation_col_map.items())

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

    def objects(self, values: tuple) -> list:
        found = []
        for row in self.rows(values):
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


def _same(value, mark) -> bool:
    return type(value) is type(mark) and value == mark


class Prepared:
    """`build(*marks)`: the queryset, with each mark where a request's value goes.

    `prepared(*values)` runs it and returns its model instances (select_related ones
    and annotations included), or, for a queryset of values, its rows as tuples."""

    def __init__(self, build: Callable[..., QuerySet], *marks):
        self.build = build
        self.marks = marks
        self._compiled: dict[str, _Compiled] = {}

    def compiled(self, db: str = "default") -> _Compiled:
        found = self._compiled.get(db)
        if found is None:
            found = _Compiled(self.build(*self.marks).using(db), self.marks)
            with _lock:
                self._compiled[db] = found
        return found

    def __call__(self, *values, db: str = "default") -> list:
        compiled = self.compiled(db)
        if compiled.model is None:
            return [tuple(row) for row in compiled.rows(values)]
        return compiled.objects(values)
