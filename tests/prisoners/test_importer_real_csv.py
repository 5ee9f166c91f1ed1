"""The importer on the real list of 926 prisoners, read from ../shared/data/."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from prisoners.dates import Precision
from prisoners.importer import decode, import_prisoners
from prisoners.models import Prisoner, Sentence, Source, Status

REAL_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "chinese-political-prisoners.csv"


@pytest.fixture(scope="module")
def real_csv_text() -> str:
    assert REAL_CSV.exists(), f"the shared list is expected at {REAL_CSV}"
    return decode(REAL_CSV.read_bytes())


@pytest.fixture(scope="module")
def _imported_once(django_db_setup, django_db_blocker, real_csv_text):
    # Import the 926 rows once for the module; each test then runs in a transaction
    # that is rolled back, so a test that changes data changes it for itself only.
    with django_db_blocker.unblock():
        report = import_prisoners(real_csv_text)
        yield report
        Prisoner.objects.all().delete()


@pytest.fixture
def imported(_imported_once, db):
    return _imported_once


def test_every_one_of_the_926_rows_loads(imported):
    assert imported.created == 926
    assert imported.refused == []
    assert Prisoner.objects.count() == 926
    assert Prisoner.objects.published().count() == 926


def test_liu_xiaobo_died_on_a_known_day(imported):
    liu = Prisoner.objects.get(native_name="刘晓波")
    assert liu.status == Status.DIED
    assert liu.death_date == datetime.date(2017, 7, 13)
    assert liu.death_date_precision == Precision.DAY
    assert liu.name == "Liu Xiaobo"


def test_a_year_only_date_keeps_year_precision(imported, real_csv_text):
    # Find a row whose Sentence is a bare year, e.g. "2015", in the file itself.
    line = next(r for r in real_csv_text.splitlines()[1:] if r.split(",")[5].isdigit())
    name = line.split(",")[0]
    prisoner = Prisoner.objects.filter(native_name=name, sentence=Sentence.TERM).first()
    assert prisoner.sentence_end_precision == Precision.YEAR
    assert prisoner.sentence_end.year == int(line.split(",")[5])
    assert (prisoner.sentence_end.month, prisoner.sentence_end.day) == (1, 1)


def test_sentence_words_are_understood(imported):
    life = Prisoner.objects.filter(sentence=Sentence.LIFE)
    assert life.count() == 26
    # Two of them have since died in prison: the date of death decides their status.
    assert set(life.values_list("status", flat=True)) == {Status.SENTENCED, Status.DIED}
    assert life.filter(death_date__isnull=False).exclude(status=Status.DIED).count() == 0
    detention = Prisoner.objects.filter(sentence=Sentence.NONE)
    assert detention.count() == 94
    assert detention.filter(death_date__isnull=True).exclude(status=Status.DETAINED).count() == 0
    wang = Prisoner.objects.get(native_name="王炳章")
    assert wang.sentence == Sentence.LIFE


def test_people_with_the_same_name_stay_distinct(imported):
    for name in ("陈卫", "宋桂香"):
        twins = Prisoner.objects.filter(native_name=name)
        assert twins.count() == 2
        assert len({p.slug for p in twins}) == 2


def test_malformed_dates_are_warned_about_by_line(imported):
    warned = {w.line: w.message for w in imported.warnings}
    assert set(warned) == {6, 331, 651}
    assert "1952-08021" in warned[331]
    assert "19812" in warned[651]
    assert Prisoner.objects.get(import_key__endswith="cppc00330.html").birth_date is None


def test_rows_with_several_sources_keep_them_all(imported, real_csv_text):
    multi = [r for r in real_csv_text.splitlines()[1:] if len(r.split(",")[6].split()) > 1]
    assert len(multi) == 4
    for row in multi:
        urls = row.split(",")[6].split()
        assert (
            list(Source.objects.filter(prisoner__import_key=urls[0]).values_list("url", flat=True))
            == urls
        )


def test_importing_twice_creates_nothing_new(imported, real_csv_text):
    again = import_prisoners(real_csv_text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 926)
    assert Prisoner.objects.count() == 926
    assert Source.objects.count() == 930


def test_reimport_updates_what_changed(imported, real_csv_text):
    changed = real_csv_text.replace(",长春,", ",沈阳,", 1)
    report = import_prisoners(changed)
    assert (report.created, report.updated) == (0, 1)
    assert Prisoner.objects.get(native_name="刘晓波").place == "沈阳"
