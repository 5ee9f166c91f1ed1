"""A query's SQL compiled once per process, then only run (issue 17).

Building and compiling a query with subqueries costs Django more Python than running it
costs PostgreSQL: a profile's prisoner took ~1.5 ms of compiling for ~0.3 ms of
database. `Compiled` builds the query once with marks where the values go, keeps its
SQL, and on each call puts the values in place of the marks, runs the SQL and makes the
model instances as the ORM's own iterable does (fields, then annotations), converters
included. EmailUserManager.signed_in_user does the same for the signed-in user.

    by_slug = Compiled(lambda slug: Prisoner.objects.filter(slug=slug)[:1], "slug")
    by_slug.run("wu-gan")  # [<Prisoner: Wu Gan>]

A mark must be a value no query ever asks for (a string or an integer of its own);
every parameter equal to it is replaced.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.db import connections
from django.db.models import QuerySet


class _Plan(NamedTuple):
    alias: str
    sql: str
    params: tuple
    slots: tuple  # for each parameter, the index of its value, or None (a constant)
    model: type
    fields: list[str]  # the model's attnames, in the order selected
    start: int  # where the model's columns begin in a row
    annotations: list[tuple[str, int]]
    converters: list[tuple[int, list, object]]


class Compiled:
    """`build(*marks)` gives the query; `run(*values)` its instances for those values."""

    def __init__(self, build: Callable[..., QuerySet], *marks):
        self._build = build
        self._marks = marks
        self._plan: _Plan | None = None

    def run(self, *values) -> list:
        plan = self._plan or self._compile()
        alias = plan.alias
        params = [
            value if slot is None else values[slot]
            for value, slot in zip(plan.params, plan.slots, strict=True)
        ]
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        found = []
        end = plan.start + len(plan.fields)
        for row in rows:
            if plan.converters:
                row = list(row)
                for position, functions, expression in plan.converters:
                    for function in functions:
                        row[position] = function(row[position], expression, connection)
            instance = plan.model.from_db(alias, plan.fields, row[plan.start : end])
            for name, position in plan.annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found

    def first(self, *values):
        found = self.run(*values)
        return found[0] if found else None

    @property
    def annotations(self) -> list[str]:
        """The names of the values the query annotates, read on each instance."""
        return [name for name, _position in (self._plan or self._compile()).annotations]

    def forget(self) -> None:
        """Compile again on the next run (a test that changed what the query reads)."""
        self._plan = None

    def _compile(self) -> _Plan:
        queryset = self._build(*self._marks)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        if compiler.klass_info is None or compiler.klass_info.get("related_klass_infos"):
            raise ValueError("Compiled reads one model's rows, without select_related")
        slots = tuple(
            self._marks.index(value) if any(value == m for m in self._marks) else None
            for value in params
        )
        missing = set(range(len(self._marks))) - set(slots)
        if missing:
            raise ValueError(f"marks {sorted(missing)} are not parameters of the query")
        fields_at = compiler.klass_info["select_fields"]
        start, end = fields_at[0], fields_at[-1] + 1
        select = compiler.select
        expressions = [column for column, _sql, _alias in select]
        converters = compiler.get_converters(expressions)
        plan = _Plan(
            alias=queryset.db,
            sql=sql,
            params=tuple(params),
            slots=slots,
            model=queryset.model,
            fields=[column.target.attname for column, _sql, _alias in select[start:end]],
            start=start,
            annotations=list(compiler.annotation_col_map.items()),
            converters=[(at, functions, expr) for at, (functions, expr) in converters.items()],
        )
        self._plan = plan
        return plan
