"""The latest day a partial date can stand for: what day counts start from."""

import datetime

import pytest

from prisoners.dates import PartialDate


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("2023-01", datetime.date(2023, 1, 31)),
        ("2023-02", datetime.date(2023, 2, 28)),  # a common year
        ("2024-02", datetime.date(2024, 2, 29)),  # a leap year
        ("2023-04", datetime.date(2023, 4, 30)),
        ("2023-12", datetime.date(2023, 12, 31)),  # the next month is in the next year
        ("2023", datetime.date(2023, 12, 31)),
        ("2023-06-15", datetime.date(2023, 6, 15)),
    ],
)
def test_the_last_day_is_the_end_of_the_known_month_or_year(text, last):
    assert PartialDate.parse(text).last_day() == last


def test_a_precision_read_from_the_database_works_like_the_enum():
    # The model gives plain strings ("month"), not Precision members.
    assert PartialDate(datetime.date(2023, 1, 1), "year").last_day() == datetime.date(2023, 12, 31)
    assert PartialDate(datetime.date(2023, 2, 1), "month").last_day() == datetime.date(2023, 2, 28)
