"""Partial dates: a day, a month or only a year is known, and we never invent the rest.

A partial date is stored as two columns: a DateField holding the first day of the
known period, and a precision saying how much of it is real.
"""

import datetime
import re
from typing import NamedTuple

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


class PartialDate(NamedTuple):
    date: datetime.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError for anything else."""
        match = _PARTIAL_DATE.fullmatch(text.strip())
        if not match:
            raise ValueError(text)
        year, month, day = match.groups()
        date = datetime.date(int(year), int(month or 1), int(day or 1))
        if day:
            return cls(date, Precision.DAY)
        return cls(date, Precision.MONTH if month else Precision.YEAR)

    def last_day(self) -> datetime.date:
        """The latest day the partial date can stand for."""
        if self.precision == Precision.YEAR:
            return datetime.date(self.date.year, 12, 31)
        if self.precision == Precision.MONTH:
            next_month = (self.date.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            return next_month - datetime.timedelta(days=1)
        return self.date

    def iso(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def display(self) -> str:
        """The date in the active language, showing only what is known: "7 December
        2019", "December 2019", "2019"; in Chinese "2019年12月7日", "2019年12月", "2019年"
        (Django has no format for a year alone, so the format itself is translated)."""
        if self.precision == Precision.YEAR:
            return formats.date_format(self.date, pgettext("date format of a year alone", "Y"))
        if self.precision == Precision.MONTH:
            return formats.date_format(self.date, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.date, "DATE_FORMAT")


def partial(date: datetime.date | None, precision: str) -> PartialDate | None:
    return PartialDate(date, precision or Precision.DAY) if date else None


class PartialDateOf:
    """A model attribute that reads a DateField and its `<field>_precision` as one date:
    `birth = PartialDateOf("birth_date")` makes `prisoner.birth.display()` work."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        precision = getattr(instance, f"{self.field}_precision")
        return partial(getattr(instance, self.field), precision)


def whole_years_between(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)
