"""Queries compiled once (advocacy/compiled.py) read what the ORM's own query reads: the
same rows, fields and annotations, for the values given on each run."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from advocacy import server_prepared
from advocacy.compiled import Compiled, Mark, among
from campaigns.figures import AdoptionCoverage, _readers_adoptions
from campaigns.models import Adoption, VolunteerSettings
from prisoners import profile, views
from prisoners.models import CaseEvent, Prisoner, Source

from .conftest import defend

pytestmark = pytest.mark.django_db


def _values(instance, annotations=()) -> dict:
    names = [f.attname for f in type(instance)._meta.concrete_fields]
    return {name: getattr(instance, name) for name in [*names, *annotations]}


def _orm_profile(everyone: bool, slug: str):
    visible = Prisoner.objects.all() if everyone else Prisoner.objects.published()
    query = profile.with_version(AdoptionCoverage().annotate_detail(visible))
    return query.filter(slug=slug).first(), list(query.query.annotations)


def test_the_profile_query_reads_what_the_orms_reads(
    prisoner, make_prisoner, make_user, other_volunteer
):
    defender = make_user(display_name="Plum Blossom")
    defend(defender, prisoner)
    VolunteerSettings.objects.create(volunteer=defender, public_credit=True)
    Adoption.objects.create(volunteer=other_volunteer, prisoner=prisoner, role="supporter")
    CaseEvent.objects.create(prisoner=prisoner, date="2015-05-19", text="Taken away")
    Source.objects.create(prisoner=prisoner, url="https://example.org/a")
    hidden = make_prisoner(name="Not Yet Shown", is_published=False)
    for everyone in (False, True):
        compiled = views._profiles(AdoptionCoverage(), everyone)
        for slug in (prisoner.slug, hidden.slug):
            expected, annotations = _orm_profile(everyone, slug)
            read = compiled.first(slug)
            if expected is None:
                assert read is None
                continue
            assert sorted(compiled.annotations) == sorted(annotations)
            assert _values(read, annotations) == _values(expected, annotations)
            assert read._state.adding is False and read._state.db == "default"
    read = views._profiles(AdoptionCoverage(), False).first(prisoner.slug)
    assert read.credited_defender == "Plum Blossom" and read.supporter_count == 1
    assert read.defended_since is not None and read.content_version
    assert views._profiles(AdoptionCoverage(), True).first(hidden.slug).name == "Not Yet Shown"
    assert views._profiles(AdoptionCoverage(), False).first("nobody-here") is None


def test_the_readers_adoptions_are_the_orms(volunteer, prisoner, make_prisoner):
    other = make_prisoner(name="Another Person")
    mine = [defend(volunteer, other)]
    mine.append(Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="supporter"))
    ended = Adoption.objects.create(
        volunteer=volunteer,
        prisoner=make_prisoner(name="Third Person"),
        role="supporter",
        ended_at=datetime.datetime.now(datetime.UTC),
        end_reason="handed_back",
    )
    read = _readers_adoptions.run(prisoner.pk, volunteer.pk)
    assert sorted(a.pk for a in read) == sorted(a.pk for a in mine)
    assert ended.pk not in {a.pk for a in read}
    assert [_values(a) for a in sorted(read, key=lambda a: a.pk)] == [
        _values(a) for a in Adoption.objects.filter(pk__in=[a.pk for a in mine]).order_by("pk")
    ]
    # Their support of `other` is not theirs here, their defence anywhere is.
    assert {a.prisoner_id for a in _readers_adoptions.run(other.pk, volunteer.pk)} == {other.pk}


def test_compiled_once_then_run_with_each_value(make_user):
    people = [make_user(display_name=f"Person {n}") for n in range(3)]
    built = []

    def build(ids):
        built.append(ids)
        return get_user_model().objects.filter(pk__in=among(ids)).order_by("pk")

    query = Compiled(build, Mark("ids"))
    first = query.fetch([people[0].pk, people[2].pk])
    second = query.fetch([people[1].pk])
    assert len(built) == 1
    assert [p.display_name for p in first.rows] == ["Person 0", "Person 2"]
    assert [p.display_name for p in second.rows] == ["Person 1"]
    assert [row[0] for row in first.raw] == [people[0].pk, people[2].pk]
    assert query.fetch([]).rows == []


def test_a_mark_not_in_the_query_and_a_prefetch_are_refused(db):
    users = get_user_model().objects
    with pytest.raises(ValueError, match="mark"):
        Compiled(lambda ids: users.all(), Mark("ids")).fetch([1])
    with pytest.raises(ValueError, match="prefetch"):
        Compiled(lambda: users.prefetch_related("groups")).fetch()


def test_columns_by_path_and_rows_made_only_when_asked(make_user, make_prisoner):
    volunteer = make_user(display_name="Column Reader")
    adoption = defend(volunteer, make_prisoner(name="Column Prisoner"))
    query = Compiled(
        lambda ids: Adoption.objects.filter(pk__in=among(ids)).select_related(
            "volunteer", "prisoner"
        ),
        Mark("ids"),
    )
    found = query.fetch([adoption.pk])
    assert found.column("volunteer__display_name") == ["Column Reader"]
    assert found.column("prisoner__name") == ["Column Prisoner"]
    assert found.column("started_at") == [adoption.started_at]
    assert "rows" not in found.__dict__  # no model made yet
    (row,) = found.rows
    assert row.volunteer.display_name == "Column Reader" and row.prisoner.name == "Column Prisoner"


@pytest.mark.django_db(transaction=True)
def test_prepared_on_the_server_once_per_connection(monkeypatch, make_prisoner):
    # Outside a transaction (as a page's reads run) the SQL is PREPAREd with its first
    # run and then EXECUTEd by name: PostgreSQL plans it once, not at every request.
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    prisoner = make_prisoner(name="Prepared Reader")
    query = Compiled(lambda slug: Prisoner.objects.filter(slug=slug)[:1], "<a slug>")
    with CaptureQueriesContext(connection) as captured:
        assert query.first(prisoner.slug).name == "Prepared Reader"
        assert query.first(prisoner.slug).name == "Prepared Reader"
        assert query.first("nobody") is None
    sent = [q["sql"] for q in captured]
    assert sent[0].startswith("PREPARE read_prisoner_") and sent[1].startswith("EXECUTE ")
    assert len(sent) == 3 and sent[2].startswith("EXECUTE ")


@pytest.mark.django_db(transaction=True)
def test_a_read_without_parameters_is_prepared_too(monkeypatch, make_prisoner):
    # "EXECUTE name()" is a syntax error: such a read was sent as text for good (the
    # dashboard's latest posts and suspensions, issue 17).
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    make_prisoner(name="Only One")
    query = Compiled(lambda: Prisoner.objects.order_by("pk")[:1])
    with CaptureQueriesContext(connection) as captured:
        assert query.first().name == "Only One"
        assert query.first().name == "Only One"
    sent = [q["sql"] for q in captured]
    assert sent[0].startswith("PREPARE read_prisoner_")
    assert sent[1].startswith("EXECUTE read_prisoner_") and "(" not in sent[1]


@pytest.mark.django_db(transaction=True)
def test_constants_are_written_in_and_only_marks_stay_parameters(monkeypatch, make_prisoner):
    # A generic plan can then use a partial index that a constant decides (issue 17).
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    prisoner = make_prisoner(name="O'Brien Wang")
    make_prisoner(name="O'Brien Wang 2", status="released")
    query = Compiled(
        lambda slug: Prisoner.objects.filter(
            name__in=["O'Brien Wang", "O'Brien Wang 2"], status="detained", slug__gte=slug
        ).exclude(name__contains="50%"),
        "<a slug>",
    )
    with CaptureQueriesContext(connection) as captured:
        assert [p.pk for p in query.run("")] == [prisoner.pk]
        assert [p.pk for p in query.run(prisoner.slug)] == [prisoner.pk]
        assert query.run("zzz") == []
    prepare = captured[0]["sql"].split(";\n")[0]
    assert "'detained'" in prepare and "'O''Brien Wang'" in prepare
    # The mark, and the constant whose quoted form holds a "%" (a LIKE pattern): $1, $2.
    assert "$1" in prepare and "$2" in prepare and "$3" not in prepare
    assert captured[1]["sql"].startswith("EXECUTE read_prisoner_")


@pytest.mark.django_db(transaction=True)
def test_a_generic_read_is_planned_once_for_any_values(monkeypatch, make_prisoner):
    # PostgreSQL makes a plan for each run's values for the first five runs at least
    # (custom plans), then only if it guesses them cheaper; a generic read never does.
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    prisoners = [make_prisoner(name=f"Generic {n}") for n in range(3)]

    def plans(generic: bool) -> tuple[int, int]:
        # Two statements of their own (the same text would share its server-side plans).
        query = Compiled(
            lambda pk: Prisoner.objects.filter(pk=pk).exclude(slug=f"none such {generic}"),
            -1,
            generic=generic,
        )
        for _ in range(3):
            for prisoner in prisoners:
                assert query.first(prisoner.pk).name == prisoner.name
        name = server_prepared._forms(query.plan().label, query.plan()._inlined_sql[0])[0]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
                [name],
            )
            return cursor.fetchone()

    assert plans(generic=True) == (9, 0)
    assert plans(generic=False)[1] >= 5


@pytest.mark.django_db(transaction=True)
def test_outside_autocommit_a_read_is_sent_as_text(monkeypatch, make_prisoner):
    # A generic read's SET LOCAL would last for the rest of the caller's transaction.
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    prisoner = make_prisoner(name="In A Transaction")
    query = Compiled(lambda pk: Prisoner.objects.filter(pk=pk), -1, generic=True)
    connection.set_autocommit(False)
    try:
        with CaptureQueriesContext(connection) as captured:
            assert query.first(prisoner.pk).name == "In A Transaction"
        connection.rollback()
    finally:
        connection.set_autocommit(True)
    assert captured[0]["sql"].startswith("SELECT ")
    with pytest.raises(TypeError):
        query.first(prisoner.pk, "one value too many")


@pytest.mark.django_db(transaction=True)
def test_a_read_the_server_cannot_prepare_is_sent_as_text(monkeypatch, make_prisoner):
    monkeypatch.setitem(server_prepared._preparing, "on", True)
    connection.close()
    prisoner = make_prisoner(name="Untyped")
    # "$1 IS NULL": a parameter whose type the server cannot tell on its own.
    query = Compiled(
        lambda said: Prisoner.objects.annotate(
            silent=RawSQL("%s IS NULL", [said], output_field=BooleanField())
        ).filter(pk=prisoner.pk),
        "<words>",
    )
    assert query.first("hello").silent is False
    with CaptureQueriesContext(connection) as captured:
        assert query.first("again").silent is False
    assert "PREPARE" not in captured[0]["sql"] and "EXECUTE" not in captured[0]["sql"]
    assert server_prepared._preparing["on"] is True


def test_values_rows_as_tuples_and_a_query_that_cannot_match(make_prisoner):
    prisoner = make_prisoner(name="Row Reader")
    rows = Compiled(
        lambda slug: Prisoner.objects.filter(slug=slug).values_list("pk", "name"), "<slug>"
    )
    assert rows.run(prisoner.slug) == [(prisoner.pk, "Row Reader")]
    # pk__in=[] compiles to no SQL at all (EmptyResultSet): nothing to run, no rows.
    nothing = Compiled(lambda: Prisoner.objects.filter(pk__in=[]).values_list("pk"))
    assert nothing.run() == [] and nothing.first() is None
