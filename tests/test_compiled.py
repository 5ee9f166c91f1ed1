"""advocacy.compiled: a queryset's SQL compiled once per process, then run with the
values given in place of its marks, its rows built as Django builds them."""

import pytest
from django.contrib.auth import get_user_model

from advocacy.compiled import Compiled, Mark, among
from campaigns.models import Adoption
from tests.conftest import defend


def test_compiled_once_then_run_with_each_value(make_user):
    people = [make_user(display_name=f"Person {n}") for n in range(3)]
    built = []

    def build(ids):
        built.append(ids)
        return get_user_model().objects.filter(pk__in=among(ids)).order_by("pk")

    query = Compiled(build, ids=Mark("ids"))
    first = query.fetch(ids=[people[0].pk, people[2].pk])
    second = query.fetch(ids=[people[1].pk])
    assert len(built) == 1
    assert [p.display_name for p in first.rows] == ["Person 0", "Person 2"]
    assert [p.display_name for p in second.rows] == ["Person 1"]
    assert [row[0] for row in first.raw] == [people[0].pk, people[2].pk]
    assert query.fetch(ids=[]).rows == []


def test_a_mark_not_in_the_query_and_a_prefetch_are_refused(db):
    users = get_user_model().objects
    with pytest.raises(ValueError, match="mark"):
        Compiled(lambda ids: users.all(), ids=Mark("ids")).fetch()
    with pytest.raises(ValueError, match="prefetch"):
        Compiled(lambda: users.prefetch_related("groups")).fetch()


def test_columns_by_path_and_rows_made_only_when_asked(make_user, make_prisoner):
    volunteer = make_user(display_name="Column Reader")
    adoption = defend(volunteer, make_prisoner(name="Column Prisoner"))
    query = Compiled(
        lambda ids: Adoption.objects.filter(pk__in=among(ids)).select_related(
            "volunteer", "prisoner"
        ),
        ids=Mark("ids"),
    )
    found = query.fetch(ids=[adoption.pk])
    assert found.column("volunteer__display_name") == ["Column Reader"]
    assert found.column("prisoner__name") == ["Column Prisoner"]
    assert found.column("started_at") == [adoption.started_at]
    assert "rows" not in found.__dict__  # no model made yet
    (row,) = found.rows
    assert row.volunteer.display_name == "Column Reader" and row.prisoner.name == "Column Prisoner"
