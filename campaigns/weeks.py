"""The campaign's clock: its time zone, the Monday of a week, ISO periods, a volunteer's
own "now", and their week: posted yet, and the streak of weeks with a post.

A campaign week is an ISO week (Monday to Sunday). The campaign's figures count weeks
on the campaign's wall clock (CAMPAIGN_TIME_ZONE); a volunteer's week, their streak
and their reminder moment count on their own. Everything that says "this week" asks
here, and the SQL of the tick uses the same definition (`date_trunc('week', ...)`, ISO
`IYYY-"W"IW`); tests/campaigns/test_reminder_clock.py checks the tick against an
independent model of the clock, across DST changes and week 53.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models.functions import TruncWeek
from django.utils import timezone

from .models import Post

# How far back a streak is counted: two years of weeks is plenty, and bounds the query.
STREAK_HORIZON_WEEKS = 104


def campaign_tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.CAMPAIGN_TIME_ZONE)


def volunteer_tz(volunteer) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(getattr(volunteer, "timezone", "") or settings.TIME_ZONE)


def monday(day: datetime.date) -> datetime.date:
    """The Monday of the ISO week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


def campaign_now(now: datetime.datetime | None = None) -> datetime.datetime:
    """Now (or `now`) on the campaign's wall clock."""
    return timezone.localtime(now or timezone.now(), campaign_tz())


def volunteer_now(volunteer, now: datetime.datetime | None = None) -> datetime.datetime:
    """Now (or `now`) on the volunteer's own wall clock (its tzinfo is their zone)."""
    return timezone.localtime(now or timezone.now(), volunteer_tz(volunteer))


def week_of(moment: datetime.datetime) -> datetime.date:
    """The Monday of the campaign week holding `moment`: the key of its rollup row."""
    return monday(campaign_now(moment).date())


def week_start(local: datetime.datetime) -> datetime.datetime:
    """Monday 00:00 of the week of `local`, on the same wall clock (an aware datetime)."""
    return datetime.datetime.combine(monday(local.date()), datetime.time(), local.tzinfo)


def iso_period(day: datetime.date) -> str:
    """The ISO week holding `day`, as the outbox writes it: "2026-W53"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class WeekStatus:
    posted_this_week: bool
    streak: int
    week_start: datetime.date


def streak_since(local: datetime.datetime) -> datetime.datetime:
    """From when the weeks of a streak are read, on the wall clock of `local` (now)."""
    since = monday(local.date()) - datetime.timedelta(weeks=STREAK_HORIZON_WEEKS)
    return datetime.datetime.combine(since, datetime.time(), local.tzinfo)


def week_status(volunteer, now: datetime.datetime | None = None) -> WeekStatus:
    """This week's status and the streak of consecutive weeks with a post.

    Weeks are ISO weeks (Monday to Sunday) in the volunteer's own time zone. A week not
    over yet does not break the streak: it counts once it has a post.
    """
    local = volunteer_now(volunteer, now)
    found = set(
        Post.objects.filter(volunteer=volunteer, posted_at__gte=streak_since(local))
        .annotate(week=TruncWeek("posted_at", tzinfo=local.tzinfo))
        .values_list("week", flat=True)
        .distinct()
    )
    return status_from([w.date() for w in found], local)


def status_from(mondays, local: datetime.datetime) -> WeekStatus:
    """The status of the week of `local` (now, on the volunteer's clock), from the
    Mondays of the weeks with a post since `streak_since(local)`."""
    mondays = set(mondays)
    this_monday = monday(local.date())
    posted = this_monday in mondays
    streak = 0
    week = this_monday if posted else this_monday - datetime.timedelta(weeks=1)
    while week in mondays:
        streak += 1
        week -= datetime.timedelta(weeks=1)
    return WeekStatus(posted_this_week=posted, streak=streak, week_start=this_monday)
