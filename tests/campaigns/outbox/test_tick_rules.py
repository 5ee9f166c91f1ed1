"""The tick's rules: one reminder per due volunteer per ISO week, at their moment, and
none for those who posted, paused, left or only support; no backfill of missed weeks;
an adoption stamped in the next week does not stop the tick."""

import datetime

from django.core import mail

from campaigns.models import Adoption, OutgoingEmail, Post, VolunteerSettings
from campaigns.outbox import schedule
from tests.conftest import rung_ids

from ..conftest import NOW, UTC, WEEK
from .conftest import defender


def test_tick_rules_one_reminder_per_due_volunteer_and_none_for_the_others(
    make_user, make_prisoner, clock, eager, django_capture_on_commit_callbacks
):
    clock.move_to(NOW - WEEK)  # everybody claimed a week ago
    due = defender(make_user, make_prisoner, display_name="Due")
    posted = defender(make_user, make_prisoner)
    paused = defender(make_user, make_prisoner)
    pause_over = defender(make_user, make_prisoner, display_name="Pause over")
    unsubscribed = defender(make_user, make_prisoner)
    undeliverable = defender(make_user, make_prisoner)
    friday = defender(make_user, make_prisoner)
    later_today = defender(make_user, make_prisoner)
    inactive = defender(make_user, make_prisoner, is_active=True)
    supporter = make_user()
    Adoption.objects.create(volunteer=supporter, prisoner=make_prisoner(), role="supporter")
    clock.move_to(NOW)

    today = NOW.date()
    Post.objects.create(
        volunteer=posted,
        prisoner=posted.adoptions.get().prisoner,
        platform="x",
        link="https://x.com/a/status/1",
        posted_at=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC),  # this Monday
    )
    VolunteerSettings.objects.create(volunteer=paused, paused_until=today)
    VolunteerSettings.objects.create(
        volunteer=pause_over, paused_until=today - datetime.timedelta(days=1)
    )
    VolunteerSettings.objects.create(volunteer=unsubscribed, unsubscribed_at=NOW)
    VolunteerSettings.objects.create(volunteer=undeliverable, undeliverable_at=NOW)
    VolunteerSettings.objects.create(volunteer=friday, reminder_weekday=5)
    VolunteerSettings.objects.create(volunteer=later_today, reminder_weekday=4, reminder_hour=20)
    inactive.is_active = False
    inactive.save()

    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()

    rows = {row.volunteer_id: row for row in OutgoingEmail.objects.all()}
    assert set(rows) == {due.pk, pause_over.pk, unsubscribed.pk, undeliverable.pk}
    assert {rows[due.pk].status, rows[pause_over.pk].status} == {"sent"}
    assert rows[unsubscribed.pk].status == rows[undeliverable.pk].status == "suppressed"
    assert all(row.kind == "reminder" and row.period == "2026-W48" for row in rows.values())
    assert rows[due.pk].weeks_quiet == 1
    # One email each, only to those who are due.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([due.email, pause_over.email])

    # Later the same week: those whose moment has come now get theirs, once, and so
    # does the one whose pause ended yesterday (counted from the pause: 0 weeks).
    clock.move_to(datetime.datetime(2026, 11, 27, 18, 0, tzinfo=UTC))  # Friday 18:00
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
    later = OutgoingEmail.objects.exclude(volunteer_id__in=rows)
    assert set(later.values_list("volunteer_id", flat=True)) == {
        friday.pk,
        later_today.pk,
        paused.pk,
    }
    assert later.get(volunteer=paused).weeks_quiet == 0
    assert OutgoingEmail.objects.count() == 7
    assert len(mail.outbox) == 5
    assert not OutgoingEmail.objects.filter(volunteer__in=[posted, inactive, supporter]).exists()


def test_a_tick_never_backfills_missed_weeks(
    make_user, make_prisoner, clock, doorbell, django_capture_on_commit_callbacks
):
    clock.move_to(NOW - 3 * WEEK)
    quiet = defender(make_user, make_prisoner)
    clock.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        result = schedule.tick()
    (row,) = OutgoingEmail.objects.filter(volunteer=quiet)
    assert row.period == "2026-W48"
    assert (row.kind, row.weeks_quiet) == ("nudge", 3)
    assert rung_ids(doorbell) == [row.pk] == result.queued


def test_an_adoption_stamped_in_the_next_week_does_not_stop_the_tick(
    make_user, make_prisoner, clock, doorbell, django_capture_on_commit_callbacks
):
    """A claim committed while a tick runs at the turn of the week (or stamped by a web
    host whose clock is a little ahead) starts after the tick's `now`, in the next
    ISO week. It must not make a negative count of quiet weeks, which the column
    refuses: that would roll back the whole tick, everybody's reminders with it."""
    clock.move_to(NOW - WEEK)
    others = [defender(make_user, make_prisoner) for _ in range(2)]
    clock.move_to(datetime.datetime(2026, 11, 30, 0, 0, 1, tzinfo=UTC))  # Monday, W49
    late = defender(make_user, make_prisoner)
    sunday_night = datetime.datetime(2026, 11, 29, 23, 59, 59, tzinfo=UTC)  # W48
    with django_capture_on_commit_callbacks(execute=True):
        result = schedule.tick(sunday_night)
    assert sum(result.created.values()) == 3
    rows = OutgoingEmail.objects.filter(period="2026-W48")
    assert {r.volunteer_id for r in rows} == {v.pk for v in [*others, late]}
    assert rows.get(volunteer=late).weeks_quiet == 0
