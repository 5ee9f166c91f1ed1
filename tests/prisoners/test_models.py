import datetime

import pytest
from django.db import IntegrityError

from prisoners.dates import Precision
from prisoners.models import CaseEvent, Prisoner, Sentence, Status


def test_pinyin_name_and_slug_are_generated_when_blank(make_prisoner):
    prisoner = make_prisoner(native_name="刘晓波")
    assert prisoner.pinyin == "Liú Xiǎobō"
    assert prisoner.name == "Liu Xiaobo"
    assert prisoner.slug == "liu-xiaobo"


def test_given_spellings_are_kept(make_prisoner):
    prisoner = make_prisoner(
        native_name="吴淦", name="Wu Gan (Super Vulgar Butcher)", pinyin="Wú Gàn"
    )
    assert prisoner.name == "Wu Gan (Super Vulgar Butcher)"
    assert prisoner.pinyin == "Wú Gàn"


def test_two_people_with_the_same_name_get_distinct_slugs(make_prisoner):
    first = make_prisoner(native_name="陈卫")
    second = make_prisoner(native_name="陈卫")
    third = make_prisoner(native_name="陈卫")
    assert [first.slug, second.slug, third.slug] == ["chen-wei", "chen-wei-2", "chen-wei-3"]


def test_aliases_are_searchable(make_prisoner):
    make_prisoner(native_name="吴淦", aliases="超级低俗屠夫, Tufu")
    assert Prisoner.objects.search("超级低俗屠夫").count() == 1
    assert Prisoner.objects.search("tufu").count() == 1


def test_a_prisoner_needs_some_name(db):
    with pytest.raises(IntegrityError):
        Prisoner.objects.bulk_create([Prisoner(slug="nobody")])


def test_only_a_fixed_term_has_an_end(make_prisoner):
    with pytest.raises(IntegrityError):
        make_prisoner(sentence=Sentence.LIFE, sentence_end=datetime.date(2030, 1, 1))


def test_days_detained_count_from_the_detention_day(make_prisoner):
    prisoner = make_prisoner(detained_on=datetime.date(2026, 11, 1))
    assert prisoner.days_detained(today=datetime.date(2026, 11, 22)) == 21
    assert not prisoner.days_detained_is_minimum


def test_days_detained_from_a_year_only_date_is_a_minimum(make_prisoner):
    prisoner = make_prisoner(
        detained_on=datetime.date(2020, 1, 1), detained_on_precision=Precision.YEAR
    )
    # Counted from the last day it can have been: never an overstatement.
    assert prisoner.days_detained(today=datetime.date(2021, 1, 1)) == 1
    assert prisoner.days_detained_is_minimum


def test_days_detained_from_a_month_only_date_count_from_its_last_day(make_prisoner):
    prisoner = make_prisoner(
        detained_on=datetime.date(2024, 2, 1), detained_on_precision=Precision.MONTH
    )
    assert prisoner.days_detained(today=datetime.date(2024, 3, 10)) == 10


def test_closed_cases_count_no_days_in_detention(make_prisoner):
    dead = make_prisoner(
        status=Status.DIED,
        detained_on=datetime.date(2008, 12, 8),
        death_date=datetime.date(2017, 7, 13),
    )
    assert dead.days_detained() is None
    assert dead.years_since_death(today=datetime.date(2026, 11, 22)) == 9


def test_years_since_release_come_from_the_release_event(make_prisoner):
    freed = make_prisoner(status=Status.RELEASED)
    CaseEvent.objects.create(
        prisoner=freed, date=datetime.date(2020, 6, 1), kind=CaseEvent.Kind.RELEASE, text="Freed"
    )
    assert freed.years_since_release(today=datetime.date(2026, 11, 22)) == 6


def test_held_excludes_closed_cases(make_prisoner):
    held = make_prisoner(status=Status.UNKNOWN)
    make_prisoner(status=Status.RELEASED)
    make_prisoner(status=Status.DIED)
    assert list(Prisoner.objects.held()) == [held]


def test_an_unconfirmed_status_shows_no_running_count(make_prisoner):
    prisoner = make_prisoner(status=Status.UNKNOWN, detained_on=datetime.date(2015, 5, 20))
    assert prisoner.days_detained() is None


def test_a_term_past_its_end_counts_up_to_the_end_only(make_prisoner):
    prisoner = make_prisoner(
        status=Status.SENTENCED,
        detained_on=datetime.date(2020, 1, 1),
        sentence=Sentence.TERM,
        sentence_end=datetime.date(2021, 1, 1),
    )
    today = datetime.date(2026, 11, 22)
    assert prisoner.term_passed(today)
    assert prisoner.days_detained(today) == 366
