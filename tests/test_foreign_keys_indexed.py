"""Every foreign key is the first column of an index: a deletion of the row it points
to (cascade, SET NULL) and every lookup by it read that index, never the whole table.
Where a composite index begins with the key, the key has no index of its own (Post's
volunteer and prisoner, issue 17): one index fewer to write with every row."""

import pytest
from django.apps import apps
from django.db import connection


def _leading_columns(table: str) -> dict[str, list[str]]:
    """Each index of `table` by name, with its columns in order."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: about["columns"] for name, about in found.items() if about["index"]}


def _whole_index_leaders(table: str) -> set[str]:
    """The first column of each index of `table` over all its rows (not partial: a
    partial index serves no lookup by the key alone, nor a cascade)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT a.attname FROM pg_index i
                 JOIN pg_class c ON c.oid = i.indrelid
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
                WHERE c.relname = %s AND i.indpred IS NULL""",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_every_foreign_key_leads_an_index():
    unindexed = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        table = model._meta.db_table
        leading = _whole_index_leaders(table)
        unindexed += [
            f"{table}.{field.column}"
            for field in model._meta.local_fields
            if field.is_relation
            and field.many_to_one
            and field.db_constraint
            and field.column not in leading
        ]
    assert unindexed == []


@pytest.mark.django_db
def test_a_post_writes_no_index_that_another_begins_with():
    indexes = _leading_columns("campaigns_post")
    for key in ("volunteer_id", "prisoner_id"):
        alone = [name for name, columns in indexes.items() if columns == [key]]
        assert alone == [], f"{key} has an index of its own besides the composite ones"
        assert any(len(columns) > 1 and columns[0] == key for columns in indexes.values())
