"""Ilham Tohti's case as issue 15 found it: the digest called his 2014 sentence and his
2019 prize "news this week" because they were entered this week. Shared by the tests of
the news rule (campaigns/outbox/news.py) in the digest and the weekly email.

The clock stands at NOW (Thursday 26 November 2026, 19:00 UTC); the reader's last email
went out a week before. Four events were added since then, one before it:

- sentenced to life, 23 September 2014, and the Sakharov Prize, "2019": old, added late;
- a transfer dated 10 days ago: news;
- a hunger strike dated 70 days ago: old, added late;
- a family visit dated 10 days ago, added before the last email: already told.
"""

import datetime

from prisoners.models import CaseEvent

from ..conftest import NOW, WEEK

TODAY = NOW.date()
LAST_EMAIL = NOW - WEEK
ADDED_TODAY = NOW - datetime.timedelta(hours=3)
TEN_DAYS_AGO = TODAY - datetime.timedelta(days=10)
SEVENTY_DAYS_AGO = TODAY - datetime.timedelta(days=70)


def event(prisoner, *, dated, added, text: str, precision: str = "day") -> CaseEvent:
    """A published event of `prisoner` dated `dated`, recorded at `added`."""
    made = CaseEvent.objects.create(
        prisoner=prisoner, date=dated, date_precision=precision, text=text
    )
    CaseEvent.objects.filter(pk=made.pk).update(created_at=added)
    return made


def ilham_tohti(make_prisoner):
    prisoner = make_prisoner(name="Ilham Tohti", native_name="伊力哈木·土赫提")
    event(
        prisoner,
        dated=datetime.date(2014, 9, 23),
        added=ADDED_TODAY,
        text="Sentenced to life for separatism.",
    )
    event(
        prisoner,
        dated=datetime.date(2019, 1, 1),
        precision="year",
        added=ADDED_TODAY,
        text="Awarded the Sakharov Prize.",
    )
    event(prisoner, dated=TEN_DAYS_AGO, added=ADDED_TODAY, text="Moved to another prison.")
    event(prisoner, dated=SEVENTY_DAYS_AGO, added=ADDED_TODAY, text="Began a hunger strike.")
    event(
        prisoner,
        dated=TEN_DAYS_AGO,
        added=LAST_EMAIL - datetime.timedelta(days=1),
        text="His daughter was allowed a visit.",
    )
    return prisoner
