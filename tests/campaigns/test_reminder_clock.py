"""The reminder clock (R10, R11): the tick run by a clock moved hour by hour.

Volunteers in five time zones, at several weekdays and hours, across the 2026 DST
changes (US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct, Sydney 5 Apr / 4 Oct) and ISO week
2026-W53 (28 Dec 2026 - 3 Jan 2027): each gets exactly one reminder in every ISO week
of their own time zone, at the first tick at or after their local moment, never
before it. The expected rows are computed here in Python (zoneinfo), independently
of the SQL in campaigns.reminders.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from campaigns.models import Adoption, OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule

UTC = datetime.UTC
HOUR = datetime.timedelta(hours=1)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_escalation(settings):
    # Months of ticking without a post would nudge and lapse these defenders; here
    # only the clock is under test (escalation has its own tests).
    settings.REMINDER_NUDGE_AFTER_WEEKS = 500
    settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS = 500
    settings.REMINDER_LAPSE_AFTER_WEEKS = 500


# (time zone, ISO weekday, hour); None = no settings row, the defaults (Thursday 18:00).
PEOPLE = [
    ("America/New_York", 7, 1),  # 1 Nov: 01:00 happens twice
    ("America/New_York", 7, 2),  # 8 Mar: 02:00 does not exist
    ("Europe/London", 7, 1),  # 29 Mar: 01:00 does not exist; 25 Oct: twice
    ("Asia/Shanghai", 1, 0),  # Monday 00:00 there is Sunday 16:00 UTC
    ("Australia/Sydney", 7, 2),  # 5 Apr: 02:00 twice; 4 Oct: does not exist
    ("Australia/Sydney", 1, 0),  # Monday 00:00 there is still Sunday in UTC
    ("UTC", None, None),
    ("UTC", 7, 23),
]
ZONES = sorted({zone for zone, _w, _h in PEOPLE})

TRANSITIONS = [
    utc("2026-03-08T07:00"),  # US spring forward
    utc("2026-03-29T01:00"),  # EU spring forward
    utc("2026-04-04T16:00"),  # Sydney back (5 Apr 03:00 AEDT)
    utc("2026-10-03T16:00"),  # Sydney forward (4 Oct 02:00 AEST)
    utc("2026-10-25T01:00"),  # EU back
    utc("2026-11-01T06:00"),  # US back
]

# The ISO weeks of the DST changes, and 2026-W52 / W53 / 2027-W01.
WEEKS = [(2026, 10), (2026, 13), (2026, 14), (2026, 40), (2026, 43), (2026, 44)]
WEEKS += [(2026, 52), (2026, 53), (2027, 1)]


def moment(zone: str, weekday: int, hour: int, week: tuple[int, int]) -> datetime.datetime:
    """The volunteer's moment of that ISO week, in UTC (fold=0: a wall-clock hour that
    does not exist is reached at the first instant after it; one that happens twice,
    the first time). In UTC, because Python never finds an instant in a repeated hour
    equal to one in another zone (PEP 495)."""
    day = datetime.date.fromisocalendar(week[0], week[1], weekday)
    local = datetime.datetime.combine(day, datetime.time(hour), zoneinfo.ZoneInfo(zone))
    return local.astimezone(UTC)


def iso_week(instant: datetime.datetime, zone: str) -> tuple[int, int]:
    year, week, _day = instant.astimezone(zoneinfo.ZoneInfo(zone)).isocalendar()
    return year, week


def label(week: tuple[int, int]) -> str:
    return f"{week[0]}-W{week[1]:02d}"


def beat_instants(people, weeks) -> list[datetime.datetime]:
    """The beat, moved over `weeks`. A tick costs ~50 ms of PostgreSQL time, so rather
    than every quarter hour of nine weeks: every instant where the answer can change
    and the quarter hour before it (each volunteer's moment, each local Monday 00:00),
    each DST change every 15 minutes for half an hour either side, and a tick every
    day between, so that each week is ticked through and across its edges."""
    quarter = datetime.timedelta(minutes=15)
    ticks = set()
    for week in weeks:
        first = moment("UTC", 1, 12, week) - datetime.timedelta(days=1)
        ticks.update(first + k * datetime.timedelta(days=1) for k in range(9))
        for zone, weekday, hour in people:
            at = moment(zone, weekday or 4, 18 if hour is None else hour, week)
            ticks.update({at - quarter, at})
        for zone in ZONES:
            at = moment(zone, 1, 0, week)
            ticks.update({at - quarter, at})
    for change in TRANSITIONS:
        ticks.update(change + k * quarter for k in range(-2, 3))
    return sorted(ticks)


def make_defenders(make_user, make_prisoner, people=PEOPLE):
    defenders = []
    for zone, weekday, hour in people:
        user = make_user(timezone=zone)
        if weekday is not None:
            VolunteerSettings.objects.create(
                volunteer=user, reminder_weekday=weekday, reminder_hour=hour
            )
        Adoption.objects.create(volunteer=user, prisoner=make_prisoner(), role="defender")
        defenders.append((user, zone, weekday or 4, 18 if hour is None else hour))
    return defenders


def expected_rows(ticks, zone, weekday, hour) -> dict[str, datetime.datetime]:
    """ISO week label -> the first tick at or after the moment of that week."""
    first: dict[str, datetime.datetime] = {}
    for now in ticks:
        week = iso_week(now, zone)
        if now >= moment(zone, weekday, hour, week):
            first.setdefault(label(week), now)
    return first


def test_one_reminder_per_iso_week_never_before_the_local_hour_across_dst_and_w53(
    make_user, make_prisoner, doorbell, django_capture_on_commit_callbacks
):
    ticks = beat_instants(PEOPLE, WEEKS)
    with time_machine.travel(ticks[0] - datetime.timedelta(days=30), tick=False) as clock:
        defenders = make_defenders(make_user, make_prisoner)
        with django_capture_on_commit_callbacks(execute=True):
            for now in ticks:
                clock.move_to(now)
                schedule.tick()

    rows = list(OutgoingEmail.objects.order_by("created_at"))
    assert {row.kind for row in rows} == {OutgoingEmail.Kind.REMINDER}
    for user, zone, weekday, hour in defenders:
        mine = [row for row in rows if row.volunteer_id == user.pk]
        for row in mine:
            week = (int(row.period[:4]), int(row.period[6:]))
            # The period is the ISO week of the volunteer's own time zone ...
            assert iso_week(row.created_at, zone) == week, (zone, row.period, row.created_at)
            # ... and the row is never made before their local moment.
            assert row.created_at >= moment(zone, weekday, hour, week), (zone, row.period)
        # Exactly the weeks, and at exactly the ticks, that the rule says.
        expected = expected_rows(ticks, zone, weekday, hour)
        assert {row.period: row.created_at for row in mine} == expected, (zone, weekday, hour)
        # In every week under test the reminder came at the moment itself: one a week,
        # none skipped, none late.
        for week in WEEKS:
            assert expected[label(week)] == moment(zone, weekday, hour, week), (zone, week)

    assert len(rows) == sum(len(expected_rows(ticks, *d[1:])) for d in defenders)
    assert len(rows) >= len(PEOPLE) * len(WEEKS)
    # Each new row rang the doorbell once, and only once.
    rung = [pk for ids, _countdown in doorbell for pk in ids]
    assert sorted(rung) == sorted(row.pk for row in rows)


@pytest.mark.parametrize(
    ("zone", "weekday", "hour", "due_at"),
    [
        # The wall-clock hour 02:00 does not exist on 8 Mar 2026 in New York: the
        # reminder comes at 03:00 EDT (07:00 UTC), not an hour early at 06:00 UTC.
        ("America/New_York", 7, 2, "2026-03-08T07:00"),
        # 01:00 happens twice on 1 Nov 2026 in New York: the first one (05:00 UTC).
        ("America/New_York", 7, 1, "2026-11-01T05:00"),
        # 02:00 is twice on 5 Apr 2026 in Sydney (AEDT then AEST): the first.
        ("Australia/Sydney", 7, 2, "2026-04-04T15:00"),
        # 02:00 does not exist on 4 Oct 2026 in Sydney: 03:00 AEDT (16:00 UTC).
        ("Australia/Sydney", 7, 2, "2026-10-03T16:00"),
        # London, 29 Mar: 01:00 GMT does not exist; 02:00 BST is 01:00 UTC.
        ("Europe/London", 7, 1, "2026-03-29T01:00"),
        # London, 25 Oct: 01:00 happens twice; the first is 00:00 UTC.
        ("Europe/London", 7, 1, "2026-10-25T00:00"),
        # Thursday 31 Dec 2026 is in 2026-W53.
        ("UTC", 4, 18, "2026-12-31T18:00"),
        # Monday 00:00 in Shanghai, 4 Jan 2027 (2027-W01), is Sunday 16:00 UTC.
        ("Asia/Shanghai", 1, 0, "2027-01-03T16:00"),
    ],
)
def test_the_moment_is_the_first_instant_at_or_after_the_local_hour(
    make_user, make_prisoner, doorbell, zone, weekday, hour, due_at
):
    due = utc(due_at)
    # Made on the Monday before, so the week under test starts without a row.
    with time_machine.travel(due - datetime.timedelta(days=7), tick=False) as clock:
        ((user, *_rest),) = make_defenders(make_user, make_prisoner, [(zone, weekday, hour)])
        OutgoingEmail.objects.create(
            volunteer=user,
            period=label(iso_week(due - datetime.timedelta(days=7), zone)),
            kind="reminder",
            status="sent",
        )
        for before in (3 * HOUR, HOUR, datetime.timedelta(minutes=15), datetime.timedelta(0.0001)):
            clock.move_to(due - before)
            assert not schedule.tick().created, f"made at {due - before} in {zone}, due {due}"
        clock.move_to(due)
        assert schedule.tick().created == {"reminder": 1}
    row = OutgoingEmail.objects.get(volunteer=user, created_at=due)
    assert row.period == label(iso_week(due, zone))
    assert moment(zone, weekday, hour, iso_week(due, zone)) == due


def test_beat_down_three_weeks_then_one_reminder_for_the_current_week_only(
    make_user, make_prisoner, doorbell, django_capture_on_commit_callbacks
):
    """R11: no ticks for three weeks; when they resume, no flood, no back-fill."""
    people = [("UTC", None, None), ("Asia/Shanghai", 1, 0), ("America/New_York", 2, 9)]
    # Week 23, ticked every three hours until Sunday noon UTC (before Monday begins
    # in Shanghai).
    week_23 = [utc("2026-06-01T00:00") + k * 3 * HOUR for k in range(6 * 8 + 5)]
    with time_machine.travel(week_23[0] - datetime.timedelta(days=1), tick=False) as clock:
        defenders = make_defenders(make_user, make_prisoner, people)
        with django_capture_on_commit_callbacks(execute=True):
            for now in week_23:
                clock.move_to(now)
                schedule.tick()
        before = {r.pk for r in OutgoingEmail.objects.all()}
        doorbell.clear()

        # Beat is down for three weeks; it comes back on Saturday of week 27, when every
        # one of them has long passed their moment of that week.
        back = utc("2026-07-04T12:00")
        clock.move_to(back)
        with django_capture_on_commit_callbacks(execute=True):
            result = schedule.tick()
            for _ in range(4):  # several beats catching up at once
                assert not schedule.tick().created

    assert result.created == {"reminder": len(people)}
    for user, zone, _weekday, _hour in defenders:
        periods = set(OutgoingEmail.objects.filter(volunteer=user).values_list("period", flat=True))
        new = set(
            OutgoingEmail.objects.filter(volunteer=user)
            .exclude(pk__in=before)
            .values_list("period", flat=True)
        )
        assert new == {"2026-W27"}, zone
        assert not periods & {"2026-W24", "2026-W25", "2026-W26"}, zone
    # As many ids on the broker as new rows: no flood.
    assert sorted(pk for ids, _ in doorbell for pk in ids) == sorted(result.queued)
    assert len(result.queued) == len(people)
