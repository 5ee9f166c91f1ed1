"""This week and the streak, in the volunteer's own time zone (invariant 5)."""

import datetime
import zoneinfo

import pytest

from campaigns.models import Post
from campaigns.weeks import week_status

UTC = datetime.UTC


def at(text: str, zone: str = "UTC") -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo(zone))


@pytest.fixture
def post_at(volunteer, prisoner):
    def make(when: datetime.datetime, who=None):
        return Post.objects.create(
            volunteer=who or volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/a/status/{when.timestamp():.0f}",
            posted_at=when,
        )

    return make


def test_nothing_posted(volunteer):
    status = week_status(volunteer, now=at("2026-11-22T12:00"))
    assert (status.posted_this_week, status.streak) == (False, 0)
    assert status.week_start == datetime.date(2026, 11, 16)


def test_a_week_that_has_turned_in_shanghai_but_not_in_utc(make_user, post_at):
    shanghai = make_user(timezone="Asia/Shanghai")
    london = make_user(timezone="Europe/London")
    # Sunday 22 Nov 17:30 UTC is already Monday 23 Nov 01:30 in Shanghai.
    now = at("2026-11-22T17:30")
    post_at(at("2026-11-22T16:45"), shanghai)  # Monday 00:45 in Shanghai
    post_at(at("2026-11-22T16:45"), london)  # Sunday 16:45 in London

    in_shanghai = week_status(shanghai, now=now)
    assert in_shanghai.week_start == datetime.date(2026, 11, 23)
    assert (in_shanghai.posted_this_week, in_shanghai.streak) == (True, 1)

    in_london = week_status(london, now=now)
    assert in_london.week_start == datetime.date(2026, 11, 16)
    assert (in_london.posted_this_week, in_london.streak) == (True, 1)

    # A post late on Sunday in Shanghai belongs to the week before there.
    late = make_user(timezone="Asia/Shanghai")
    post_at(at("2026-11-22T15:30"), late)  # Sunday 23:30 in Shanghai
    status = week_status(late, now=now)
    assert (status.posted_this_week, status.streak) == (False, 1)


def test_the_streak_counts_consecutive_weeks(volunteer, post_at):
    now = at("2026-11-25T09:00")  # Wednesday
    for day in ["2026-11-24", "2026-11-17", "2026-11-19", "2026-11-10", "2026-10-27"]:
        post_at(at(f"{day}T10:00"))
    status = week_status(volunteer, now=now)
    # Weeks of 23 Nov, 16 Nov (two posts count once), 9 Nov; 2 Nov has none.
    assert (status.posted_this_week, status.streak) == (True, 3)


def test_a_week_not_over_yet_does_not_break_the_streak(volunteer, post_at):
    now = at("2026-11-25T09:00")
    post_at(at("2026-11-18T10:00"))
    post_at(at("2026-11-11T10:00"))
    status = week_status(volunteer, now=now)
    assert (status.posted_this_week, status.streak) == (False, 2)


def test_a_missed_week_resets_the_streak(volunteer, post_at):
    now = at("2026-11-25T09:00")
    post_at(at("2026-11-10T10:00"))
    assert week_status(volunteer, now=now).streak == 0


def test_iso_week_53_and_the_new_year(make_user, post_at):
    # 2026 has an ISO week 53: Monday 28 Dec 2026 to Sunday 3 Jan 2027.
    sydney = make_user(timezone="Australia/Sydney")
    post_at(at("2026-12-29T12:00", "Australia/Sydney"), sydney)  # W53
    post_at(at("2027-01-05T12:00", "Australia/Sydney"), sydney)  # 2027-W01
    status = week_status(sydney, now=at("2027-01-06T12:00", "Australia/Sydney"))
    assert status.week_start == datetime.date(2027, 1, 4)
    assert (status.posted_this_week, status.streak) == (True, 2)


def test_the_me_page_shows_the_streak(volunteer_client, volunteer, prisoner, post_at):
    from campaigns.models import Adoption

    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    post_at(datetime.datetime.now(UTC))
    page = volunteer_client.get("/me/")
    assert page.context["status"].streak == 1
    assert "You have posted this week" in page.content.decode()
