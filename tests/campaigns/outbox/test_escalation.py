"""Escalation of a quiet defender week by week: reminder, nudge, the organizers alerted,
then the adoption lapses; a post starts the count again; a defender never warned (the
beat was down) is nudged, not lapsed."""

import datetime

import time_machine
from django.core import mail

from campaigns.figures import campaign_counters, coverage
from campaigns.models import Adoption, OutgoingEmail, Post
from campaigns.outbox import schedule
from prisoners.models import Prisoner
from tests.conftest import defend

from ..conftest import NOW, UTC, WEEK


def weekly_tick(clock, week: int, capture) -> schedule.TickResult:
    """Tick on Thursday 18:30 UTC of `week` weeks after the claim week (2026-W45)."""
    clock.move_to(datetime.datetime(2026, 11, 5, 18, 30, tzinfo=UTC) + week * WEEK)
    with capture(execute=True):
        return schedule.tick()


def test_escalation_reminder_nudge_organizer_alert_then_lapse(
    make_user,
    prisoner,
    organizer,
    clock,
    eager,
    django_capture_on_commit_callbacks,
    settings,
):
    capture = django_capture_on_commit_callbacks
    clock.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=UTC))  # Monday, W45
    quiet = make_user(display_name="Quiet Lotus", email="quiet.lotus@example.org")
    defend(quiet, prisoner)
    campaign_counters()  # cached: the lapse must refresh it
    needing_before = campaign_counters()["needing"]

    def weekly_mail():
        return [m for m in mail.outbox if m.to == [quiet.email]]

    kinds = []
    for week in range(5):
        before = len(mail.outbox)
        weekly_tick(clock, week, capture)
        row = OutgoingEmail.objects.get(volunteer=quiet, period=f"2026-W{45 + week}")
        assert row.status == "sent"
        kinds.append((row.kind, row.weeks_quiet))
        # The organizers' weekly digest goes out too; it is tested in tests/organize/.
        new = [
            m
            for m in mail.outbox[before:]
            if ".organizer_digest." not in m.extra_headers["Message-ID"]
        ]
        if week < 3:
            assert [m.to for m in new] == [[quiet.email]]
            assert not OutgoingEmail.objects.filter(kind="organizer_alert").exists()
        if week == 3:
            # Three quiet weeks: the organizers hear of it, with the display name only.
            (alert,) = [m for m in new if m.to == [organizer.email]]
            body = alert.body + alert.alternatives[0][0]
            assert "Quiet Lotus" in body
            assert quiet.email not in body and "quiet.lotus" not in body
            assert prisoner.primary_name() in body
        if week < 4:
            assert Adoption.objects.active().filter(volunteer=quiet).exists()

    assert kinds == [("reminder", 0), ("reminder", 1), ("nudge", 2), ("nudge", 3), ("lapsed", 4)]
    assert len(weekly_mail()) == 5
    # At four weeks the adoption ended as lapsed, the volunteer was told kindly with a
    # way back, and the prisoner needs a defender again.
    adoption = Adoption.objects.get(volunteer=quiet)
    assert adoption.end_reason == Adoption.EndReason.LAPSED
    assert adoption.ended_at is not None
    lapse_note = weekly_mail()[-1]
    assert settings.SITE_URL + "/find/" in lapse_note.body
    assert prisoner in coverage.needing_defender(Prisoner.objects.all())
    assert campaign_counters()["needing"] == needing_before + 1
    # One alert, to the organizer only; after the lapse nothing more is sent.
    assert OutgoingEmail.objects.filter(kind="organizer_alert").count() == 1
    weekly_tick(clock, 5, capture)
    assert OutgoingEmail.objects.filter(volunteer=quiet).count() == 5


def test_a_post_resets_the_quiet_weeks(
    make_user, prisoner, clock, doorbell, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    clock.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    volunteer = make_user()
    defend(volunteer, prisoner)
    for week in range(3):
        weekly_tick(clock, week, capture)
    assert OutgoingEmail.objects.get(period="2026-W47").kind == "nudge"
    # Posts on Tuesday of W48: no reminder that week, and the count starts again.
    clock.move_to(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
    )
    weekly_tick(clock, 3, capture)
    assert not OutgoingEmail.objects.filter(period="2026-W48").exists()
    weekly_tick(clock, 4, capture)
    row = OutgoingEmail.objects.get(period="2026-W49")
    assert (row.kind, row.weeks_quiet) == ("reminder", 1)


def test_a_defender_never_warned_is_nudged_before_a_lapse(
    make_user, make_prisoner, doorbell, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - 4 * WEEK, tick=False) as clock:
        volunteer, prisoner = make_user(), make_prisoner()
        Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
        Post.objects.create(
            volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/a/status/1"
        )
        clock.move_to(NOW)  # beat, workers or mail were down for the weeks in between
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
    row = OutgoingEmail.objects.get()
    assert (row.kind, row.weeks_quiet) == ("nudge", 4)
    assert Adoption.objects.active().filter(volunteer=volunteer).exists()
