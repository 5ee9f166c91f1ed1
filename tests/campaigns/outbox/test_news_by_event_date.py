"""News is chosen by the event's own date: added since the reader's last email and dated
within NEWS_DAYS of their today; older events added since are timeline additions."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from campaigns.outbox import news

from .news_cases import LAST_EMAIL, NOW, TEN_DAYS_AGO, TODAY, event, ilham_tohti


def texts(found: news.CaseNews) -> list[str]:
    return [event.text for event in found.events]


def test_old_events_added_today_are_timeline_additions_not_news(make_prisoner, clock):
    prisoner = ilham_tohti(make_prisoner)

    found = news.for_reader([prisoner.pk], since=LAST_EMAIL, today=TODAY, limit=5)

    # The event dated 10 days ago but added before the last email is in neither.
    assert texts(found) == ["Moved to another prison."]
    (added,) = found.added
    assert (added.prisoner, added.count) == (prisoner, 3)
    assert [when.iso() for when in added.whens] == ["2026-09-17", "2019", "2014-09-23"]
    with translation.override("en"):
        assert added.dates == "Sept. 17, 2026; 2019; Sept. 23, 2014"
    with translation.override("zh-hans"):
        assert added.dates == "2026年9月17日、2019年、2014年9月23日"


def test_a_partial_date_counts_by_the_latest_day_it_can_mean(make_prisoner, clock):
    """60 days before 26 November 2026 is 27 September 2026."""
    prisoner = make_prisoner()
    cases = {
        "day on the 60th day": (datetime.date(2026, 9, 27), "day"),
        "day on the 61st day": (datetime.date(2026, 9, 26), "day"),
        "September 2026": (datetime.date(2026, 9, 1), "month"),
        "August 2026": (datetime.date(2026, 8, 1), "month"),
        "2026": (datetime.date(2026, 1, 1), "year"),
        "2025": (datetime.date(2025, 1, 1), "year"),
        "a trial next month": (datetime.date(2026, 12, 14), "day"),
    }
    for text, (dated, precision) in cases.items():
        event(prisoner, dated=dated, precision=precision, added=NOW, text=text)

    found = news.for_reader([prisoner.pk], since=LAST_EMAIL, today=TODAY, limit=10)

    assert sorted(texts(found)) == sorted(
        ["day on the 60th day", "September 2026", "2026", "a trial next month"]
    )
    (added,) = found.added
    assert added.count == 3
    assert [when.iso() for when in added.whens] == ["2026-09-26", "2026-08", "2025"]


def test_more_old_events_than_the_line_shows_are_counted_and_elided(make_prisoner, clock):
    prisoner = make_prisoner()
    for year in range(2010, 2016):
        event(prisoner, dated=datetime.date(year, 1, 1), precision="year", added=NOW, text="x")

    (added,) = news.for_reader([prisoner.pk], since=LAST_EMAIL, today=TODAY, limit=5).added

    assert added.count == 6
    with translation.override("en"):
        assert added.dates == "2015; 2014; 2013…"


def test_the_query_count_does_not_grow_with_the_events(make_prisoner, clock):
    prisoners = [make_prisoner() for _ in range(3)]

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            found = news.for_reader(
                [p.pk for p in prisoners], since=LAST_EMAIL, today=TODAY, limit=20
            )
            assert found.events and found.added
            assert [a.dates for a in found.added]  # the dates need no further query
        return len(queries)

    for prisoner in prisoners:
        event(prisoner, dated=TEN_DAYS_AGO, added=NOW, text="new")
        event(prisoner, dated=datetime.date(2014, 1, 1), added=NOW, text="old")
    few = count_queries()
    for prisoner in prisoners:
        for n in range(10):
            event(prisoner, dated=TEN_DAYS_AGO, added=NOW, text=f"new {n}")
            event(prisoner, dated=datetime.date(2000 + n, 1, 1), added=NOW, text=f"old {n}")

    assert count_queries() == few == 2
