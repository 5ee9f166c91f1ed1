"""Many rows at once for the query-count tests: copies of one row made by PostgreSQL in
one INSERT … SELECT over generate_series, inside the test's transaction (100,000 rows in
seconds, where the ORM would take minutes)."""

from django.db import connection


def clone(instance, count: int, **columns: str) -> int:
    """Insert `count` copies of `instance`'s row; `columns` are SQL expressions of `g`
    (the copy's number, 1 to count) for the columns that must differ. Returns the first
    new id: the copies' ids follow one another, in the order of g."""
    model = type(instance)
    quote = connection.ops.quote_name
    names = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    chosen = [columns.get(name, f"t.{quote(name)}") for name in names]
    table = quote(model._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(n) for n in names)}) "  # noqa: S608 - names from the model
        f"SELECT {', '.join(chosen)} FROM {table} t CROSS JOIN generate_series(1, %s) g "
        f"WHERE t.id = %s RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH made AS ({sql}) SELECT min(id), max(id) FROM made",  # noqa: S608
            [count, instance.pk],
        )
        first, last = cursor.fetchone()
        # Statistics as a live database has them: the planner must not take 100,000 rows
        # for the handful it saw last (ANALYZE sees the transaction's own rows).
        cursor.execute(f"ANALYZE {table}")
    assert last - first + 1 == count  # consecutive ids: callers pair copies by id
    return first
