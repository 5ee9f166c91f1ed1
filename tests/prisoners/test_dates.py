import datetime

import pytest
from django.utils import translation

from prisoners.dates import PartialDate, Precision, whole_years_between


@pytest.mark.parametrize(
    ("text", "date", "precision", "iso"),
    [
        ("1955-12-28", datetime.date(1955, 12, 28), Precision.DAY, "1955-12-28"),
        ("2020-05", datetime.date(2020, 5, 1), Precision.MONTH, "2020-05"),
        ("2015", datetime.date(2015, 1, 1), Precision.YEAR, "2015"),
    ],
)
def test_partial_dates_keep_their_precision(text, date, precision, iso):
    parsed = PartialDate.parse(text)
    assert parsed == (date, precision)
    assert parsed.iso() == iso


@pytest.mark.parametrize("text", ["1952-08021", "19812", "1954-02-29", "2020-13", "soon", ""])
def test_malformed_dates_are_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_display_shows_only_what_is_known():
    with translation.override("en"):
        assert PartialDate.parse("2015").display() == "2015"
        assert PartialDate.parse("2020-05").display() == "May 2020"
        assert "13" in PartialDate.parse("2017-07-13").display()
    with translation.override("zh-hans"):
        assert PartialDate.parse("2020-05").display() == "2020年5月"


def test_whole_years_count_birthdays_not_calendar_years():
    assert whole_years_between(datetime.date(2017, 7, 13), datetime.date(2026, 7, 12)) == 8
    assert whole_years_between(datetime.date(2017, 7, 13), datetime.date(2026, 7, 13)) == 9
