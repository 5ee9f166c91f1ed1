"""A partial date whose precision is the plain string stored in the database (not the
Precision enum) shows only what is known, like one just parsed."""

import datetime

from django.utils import translation

from prisoners.dates import PartialDate


def test_iso_with_a_stored_precision():
    assert PartialDate(datetime.date(2015, 1, 1), "year").iso() == "2015"
    assert PartialDate(datetime.date(2020, 5, 1), "month").iso() == "2020-05"
    assert PartialDate(datetime.date(2020, 5, 9), "day").iso() == "2020-05-09"


def test_display_with_a_stored_precision():
    with translation.override("en"):
        assert PartialDate(datetime.date(2015, 1, 1), "year").display() == "2015"
        assert PartialDate(datetime.date(2020, 5, 1), "month").display() == "May 2020"
