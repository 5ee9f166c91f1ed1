"""Querysets whose SQL is compiled once per process, then only run (issue 17).

Django compiles a queryset into SQL at every run, and for a page of short lists (the
organizers' dashboard) that compiling cost more Python than everything else the page
did. `Compiled(build, marks)` compiles `build(**marks)` once per process and database;
each `fetch(**values)` runs that SQL with `values` put where the marks' values were,
and builds the rows as Django's ModelIterable does: the model, its select_related
objects, its annotations, the fields' converters. The queryset may not prefetch.

A mark is a value that no other parameter of the query can equal (a date in 1900, an
instance of `Mark`), found among the compiled parameters by equality.
EmailUserManager.signed_in_user (advocacy/models.py) does the same for the signed-in
user, by hand.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.query import get_related_populators


class Mark:
    """Stands for a value given at each run (passed through RawSQL as it is)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Mark({self.name!r})"


def among(ids_mark: Mark) -> RawSQL:
    """`pk__in=among(mark)`: one parameter, a list of ids, whatever their number (a
    compiled `IN (%s, %s, ...)` would fix how many)."""
    return RawSQL("SELECT unnest(%s::bigint[])", [ids_mark])


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


@dataclass
class _Plan:
    sql: str
    params: list
    positions: dict
    model: type
    start: int
    end: int
    init_list: list
    populators: list
    annotations: dict
    converters: list
    col_count: int
    columns: dict


class Compiled:
    def __init__(self, build: Callable[..., QuerySet], **marks):
        self._build = build
        self._marks = marks
        self._plans: dict[str, _Plan] = {}

    def _plan(self, db: str) -> _Plan:
        plan = self._plans.get(db)
        if plan is None:
            plan = self._plans[db] = self._compile(db)
        return plan

    def _compile(self, db: str) -> _Plan:
        queryset = self._build(**self._marks)
        if queryset._prefetch_related_lookups:
            raise ValueError("a compiled query cannot prefetch")
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = {}
        for name, value in self._marks.items():
            positions[name] = [i for i, param in enumerate(params) if _same(param, value)]
            if not positions[name]:
                raise ValueError(f"mark {name} not among the parameters")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        converters = compiler.get_converters([s[0] for s in select[: compiler.col_count]])
        return _Plan(
            sql=sql,
            params=params,
            positions=positions,
            model=klass_info["model"],
            start=start,
            end=end,
            init_list=[f[0].target.attname for f in select[start:end]],
            populators=get_related_populators(klass_info, select, db),
            annotations=dict(compiler.annotation_col_map or {}),
            converters=list(converters.items()),
            col_count=compiler.col_count,
            columns=_columns(klass_info, select, compiler.annotation_col_map or {}),
        )

    def fetch(self, db: str = "default", **values) -> Fetched:
        plan = self._plan(db)
        params = list(plan.params)
        for name, where in plan.positions.items():
            for i in where:
                params[i] = values[name]
        with connections[db].cursor() as cursor:
            cursor.execute(plan.sql, params)
            raw = cursor.fetchall()
        return Fetched(raw, lambda raw: _models(plan, raw, db), columns=plan.columns)


def _models(plan: _Plan, raw: list, db: str) -> list:
    """`raw` as ModelIterable makes them: the model, its select_related objects, its
    annotations, the fields' converters applied."""
    connection = connections[db]
    rows = []
    for found in raw:
        row = list(found[: plan.col_count])
        for pos, (convs, expression) in plan.converters:
            value = row[pos]
            for converter in convs:
                value = converter(value, expression, connection)
            row[pos] = value
        obj = plan.model.from_db(db, plan.init_list, row[plan.start : plan.end])
        for populator in plan.populators:
            populator.populate(row, obj)
        for name, pos in plan.annotations.items():
            setattr(obj, name, row[pos])
        rows.append(obj)
    return rows


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


def _same(param, value) -> bool:
    return type(param) is type(value) and (param is value or param == value)
