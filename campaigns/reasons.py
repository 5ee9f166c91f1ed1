"""Reasons to post this week: the prisoner's birthday, the anniversary of their
detention, and every hundredth day of it, when one falls in the volunteer's week.

The week is the ISO week (Monday to Sunday) holding the volunteer's today, on their
own clock (campaigns.weeks): a volunteer in Auckland may be in next week while one in
Los Angeles is still in this one. Only dates known to the day count: a birth or a
detention known only to the month or the year has no day to mark, and none is invented.

A day that does not exist in a year (29 February, in a common year) is marked on
28 February: the anniversary stays in its month, and is never a day late.

The hundredth days are counted as the profile's counter counts ("days in detention",
`Prisoner.days_detained`): day 1000 is the day the counter shows 1000, so a post and
the page it links to never disagree by one.
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from prisoners.chinese import number
from prisoners.dates import Precision
from prisoners.models import Prisoner

from .weeks import monday

MILESTONE_EVERY = 100


class Kind:
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    MILESTONE = "milestone"


@dataclass(frozen=True)
class Reason:
    kind: str
    day: datetime.date
    # The age turned, the years since the detention, or the day of detention.
    number: int


def anniversary(date: datetime.date, year: int) -> datetime.date:
    """`date`'s day and month in `year`; 29 February is 28 February in a common year."""
    try:
        return date.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def _yearly(date: datetime.date, first: datetime.date, last: datetime.date):
    """(day, whole years) of each anniversary of `date` from `first` to `last`."""
    for year in sorted({first.year, last.year}):
        day = anniversary(date, year)
        if first <= day <= last and year > date.year:
            yield day, year - date.year


def reasons_in_week(prisoner: Prisoner, *, today: datetime.date) -> list[Reason]:
    """The reasons of the week holding `today` (the volunteer's), today's first, then
    by date. None for a prisoner not known to be held now."""
    if prisoner.days_detained(today) is None or prisoner.term_passed(today):
        return []
    first = monday(today)
    last = first + datetime.timedelta(days=6)
    found = []
    if prisoner.birth_date and prisoner.birth_date_precision == Precision.DAY:
        found += [Reason(Kind.BIRTHDAY, d, n) for d, n in _yearly(prisoner.birth_date, first, last)]
    detained = prisoner.detained_on
    if detained and prisoner.detained_on_precision == Precision.DAY:
        found += [Reason(Kind.ANNIVERSARY, d, n) for d, n in _yearly(detained, first, last)]
        for offset in range(7):
            day = first + datetime.timedelta(days=offset)
            held = (day - detained).days
            if held > 0 and held % MILESTONE_EVERY == 0:
                found.append(Reason(Kind.MILESTONE, day, held))
    return sorted(found, key=lambda reason: (reason.day != today, reason.day))


def _today_text(reason: Reason, name: str, n: str) -> str:
    if reason.kind == Kind.BIRTHDAY:
        return _("Today %(name)s turns %(age)s, in detention.") % {"name": name, "age": n}
    if reason.kind == Kind.ANNIVERSARY:
        return ngettext(
            "Today it is %(years)s year since %(name)s was detained.",
            "Today it is %(years)s years since %(name)s was detained.",
            reason.number,
        ) % {"name": name, "years": n}
    return _("Today is day %(days)s of %(name)s's detention.") % {"name": name, "days": n}


def _week_text(reason: Reason, name: str, n: str, day: str) -> str:
    values = {"name": name, "day": day}
    if reason.kind == Kind.BIRTHDAY:
        return _("This week (%(day)s) %(name)s turns %(age)s, in detention.") % {
            **values,
            "age": n,
        }
    if reason.kind == Kind.ANNIVERSARY:
        return ngettext(
            "This week (%(day)s) it is %(years)s year since %(name)s was detained.",
            "This week (%(day)s) it is %(years)s years since %(name)s was detained.",
            reason.number,
        ) % {**values, "years": n}
    return _("This week (%(day)s) is day %(days)s of %(name)s's detention.") % {
        **values,
        "days": n,
    }


def say(reason: Reason, prisoner: Prisoner, *, today: datetime.date, language: str) -> str:
    """The reason as one sentence in `language`: "Today is day 1,000 of Xu Zhiyong's
    detention.", "今天是许志永被羁押的第1000天。"; on another day of the week, "This
    week (November 26) ..."."""
    with translation.override(language):
        name = prisoner.primary_name(language)
        n = number(reason.number, language)
        if reason.day == today:
            return _today_text(reason, name, n)
        day = formats.date_format(reason.day, pgettext("date format of a month and day", "F j"))
        return _week_text(reason, name, n, day)
