"""The weekly heartbeat in-process: tick rules, escalation, digests, SMTP behaviour
(R6, R7, R9, R12) against a real aiosmtpd server, the outbox on /health/ (R13), the
reminder settings and the send_test_reminder command.

No Celery worker: the broker is either recorded (`doorbell`, then `send_chunk` is
called as a worker would) or eager (CELERY_TASK_ALWAYS_EAGER: the task runs inline
when the tick's transaction commits).
"""

import datetime
import smtplib
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from campaigns import reminders, tokens
from campaigns.coverage import coverage
from campaigns.models import Adoption, Post, Reminder, VolunteerSettings
from campaigns.stats import campaign_counters
from prisoners.models import CaseEvent, Prisoner
from tests.conftest import rung_ids
from tests.smtp import SMTPServer

from .conftest import settings_form

UTC = datetime.UTC
# Thursday 26 Nov 2026, 19:00 UTC: an hour past the default moment (Thursday 18:00).
NOW = datetime.datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _default_thresholds(settings):
    settings.REMINDER_NUDGE_AFTER_WEEKS = 2
    settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS = 3
    settings.REMINDER_LAPSE_AFTER_WEEKS = 4
    settings.REMINDER_MAX_ATTEMPTS = 8


def defend(user, prisoner) -> Adoption:
    return Adoption.objects.create(volunteer=user, prisoner=prisoner, role="defender")


def defender(make_user, make_prisoner, **user_fields):
    user = make_user(**user_fields)
    defend(user, make_prisoner())
    return user


def use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def queued(make_user, make_prisoner, clock, doorbell, django_capture_on_commit_callbacks):
    """`queued(n)`: n defenders who claimed a week ago, ticked now with the doorbell
    recorded; returns them and the ids of the one broker message the tick rang."""

    def queue(count: int = 1):
        clock.move_to(NOW - WEEK)
        volunteers = [defender(make_user, make_prisoner) for _ in range(count)]
        clock.move_to(NOW)
        with django_capture_on_commit_callbacks(execute=True):
            reminders.tick()
        ((ids, _),) = doorbell
        return volunteers, ids

    return queue


# -- Tick rules --------------------------------------------------------------------


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
            reminders.tick()

    rows = {row.volunteer_id: row for row in Reminder.objects.all()}
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
            reminders.tick()
    later = Reminder.objects.exclude(volunteer_id__in=rows)
    assert set(later.values_list("volunteer_id", flat=True)) == {
        friday.pk,
        later_today.pk,
        paused.pk,
    }
    assert later.get(volunteer=paused).weeks_quiet == 0
    assert Reminder.objects.count() == 7
    assert len(mail.outbox) == 5
    assert not Reminder.objects.filter(volunteer__in=[posted, inactive, supporter]).exists()


def test_a_tick_never_backfills_missed_weeks(
    make_user, make_prisoner, clock, doorbell, django_capture_on_commit_callbacks
):
    clock.move_to(NOW - 3 * WEEK)
    quiet = defender(make_user, make_prisoner)
    clock.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.tick()
    (row,) = Reminder.objects.filter(volunteer=quiet)
    assert row.period == "2026-W48"
    assert (row.kind, row.weeks_quiet) == ("nudge", 3)
    assert rung_ids(doorbell) == [row.pk] == result.queued


def test_the_doorbell_rings_in_chunks_after_commit_only(
    make_user, make_prisoner, clock, doorbell, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_CHUNK_SIZE = 2
    clock.move_to(NOW - WEEK)
    for _ in range(5):
        defender(make_user, make_prisoner)
    clock.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = reminders.tick()
    assert doorbell == []  # nothing on the broker before the rows are committed
    for callback in callbacks:
        callback()
    assert [len(ids) for ids, _ in doorbell] == [2, 2, 1]
    assert sorted(rung_ids(doorbell)) == sorted(result.queued)


# -- Escalation and digest ------------------------------------------------------------


def weekly_tick(clock, week: int, capture) -> reminders.TickResult:
    """Tick on Thursday 18:30 UTC of `week` weeks after the claim week (2026-W45)."""
    clock.move_to(datetime.datetime(2026, 11, 5, 18, 30, tzinfo=UTC) + week * WEEK)
    with capture(execute=True):
        return reminders.tick()


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
        row = Reminder.objects.get(volunteer=quiet, period=f"2026-W{45 + week}")
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
            assert not Reminder.objects.filter(kind="organizer_alert").exists()
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
    assert Reminder.objects.filter(kind="organizer_alert").count() == 1
    weekly_tick(clock, 5, capture)
    assert Reminder.objects.filter(volunteer=quiet).count() == 5


def test_a_post_resets_the_quiet_weeks(
    make_user, prisoner, clock, doorbell, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    clock.move_to(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    volunteer = make_user()
    defend(volunteer, prisoner)
    for week in range(3):
        weekly_tick(clock, week, capture)
    assert Reminder.objects.get(period="2026-W47").kind == "nudge"
    # Posts on Tuesday of W48: no reminder that week, and the count starts again.
    clock.move_to(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    Post.objects.create(volunteer=volunteer, prisoner=prisoner, platform="x")
    weekly_tick(clock, 3, capture)
    assert not Reminder.objects.filter(period="2026-W48").exists()
    weekly_tick(clock, 4, capture)
    row = Reminder.objects.get(period="2026-W49")
    assert (row.kind, row.weeks_quiet) == ("reminder", 1)


def test_supporter_digest_once_when_there_is_news_and_never_when_opted_out(
    make_user, make_prisoner, clock, eager, django_capture_on_commit_callbacks
):
    news, quiet_case, hidden = make_prisoner(), make_prisoner(), make_prisoner()
    clock.move_to(NOW - datetime.timedelta(days=2))
    CaseEvent.objects.create(prisoner=news, date=NOW.date(), text="Moved to a new prison")
    CaseEvent.objects.create(
        prisoner=hidden, date=NOW.date(), text="Not yet checked", is_published=False
    )
    old = CaseEvent.objects.create(prisoner=quiet_case, date=NOW.date(), text="Old news")
    CaseEvent.objects.filter(pk=old.pk).update(created_at=NOW - 3 * WEEK)

    reader, opted_out, no_news, unpublished_only = (make_user() for _ in range(4))
    for person, case in [
        (reader, news),
        (opted_out, news),
        (no_news, quiet_case),
        (unpublished_only, hidden),
    ]:
        Adoption.objects.create(volunteer=person, prisoner=case, role="supporter")
    VolunteerSettings.objects.create(volunteer=opted_out, supporter_digest=False)
    clock.move_to(NOW)

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.tick()

    (row,) = Reminder.objects.all()
    assert (row.volunteer, row.kind, row.status) == (reader, "digest", "sent")
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "Moved to a new prison" in message.body
    assert "Not yet checked" not in message.body


# -- SMTP: R6, R7, R9, R12 -------------------------------------------------------------


@pytest.fixture
def down_server(settings):
    """An SMTP server that is not running yet: connections are refused."""
    with SMTPServer(start=False) as server:
        use_smtp(settings, server.port)
        yield server


def test_r6_refused_then_421_three_times_then_delivered_exactly_once(
    make_user,
    make_prisoner,
    clock,
    doorbell,
    down_server,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.REMINDER_RETRY_BASE_SECONDS = 10
    clock.move_to(NOW - WEEK)
    volunteer = defender(make_user, make_prisoner)
    clock.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.tick()
    (row,) = Reminder.objects.all()
    ((ids, countdown),) = doorbell
    assert (ids, countdown) == ([row.pk], None)

    def worker():
        """Take the next message off the recorded broker, after its countdown."""
        ids, countdown = doorbell.pop(0)
        assert not doorbell
        clock.shift(countdown or 0)
        return reminders.send_chunk(ids), countdown

    # 1. Nothing listens: a connection error, retried later with backoff.
    outcomes, _ = worker()
    assert outcomes == {"retry": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("queued", 1)
    assert "ConnectionRefused" in row.last_error
    # 2. The server is up but answers 421 three times.
    down_server.start()
    down_server.sink.answer_data("421 4.3.2 Service not available, try later", times=3)
    countdowns = []
    for attempt in (2, 3, 4):
        outcomes, countdown = worker()
        countdowns.append(countdown)
        assert outcomes == {"retry": 1}
        row.refresh_from_db()
        assert (row.status, row.attempts) == ("queued", attempt)
        assert row.last_error.startswith("421")
    # Exponential backoff with jitter: base x 2^(attempts-1) x [0.5, 1.5).
    for attempts, countdown in enumerate(countdowns, start=1):
        base = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
        assert 0.5 * base <= countdown < 1.5 * base
    # 3. Then it accepts: delivered once.
    outcomes, _ = worker()
    assert outcomes == {"sent": 1}
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == ("sent", 5, "")
    assert [m["To"] for m in down_server.sink.messages] == [volunteer.email]
    assert [answer[:3] for _to, answer in down_server.sink.data_attempts] == ["421"] * 3 + ["250"]
    assert doorbell == []  # nothing left to retry
    # A late duplicate of an old broker message sends nothing more.
    assert reminders.send_chunk([row.pk]) == {"skipped": 1}
    assert len(down_server.sink.messages) == 1


def test_r6_with_an_eager_broker_the_retries_run_inline_and_deliver_once(
    make_user,
    make_prisoner,
    clock,
    eager,
    smtp_server,
    settings,
    django_capture_on_commit_callbacks,
):
    # Eager Celery ignores the countdown: each retry runs at once, nested in the send.
    settings.REMINDER_RETRY_BASE_SECONDS = 0.01
    clock.move_to(NOW - WEEK)
    volunteer = defender(make_user, make_prisoner)
    clock.move_to(NOW)
    smtp_server.answer_data("421 4.3.2 Try later", times=3)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.tick()
    (row,) = Reminder.objects.all()
    assert (row.status, row.attempts) == ("sent", 4)
    assert [m["To"] for m in smtp_server.messages] == [volunteer.email]
    assert len(smtp_server.data_attempts) == 4


def test_r6_gives_up_after_max_attempts(
    make_user,
    make_prisoner,
    clock,
    eager,
    down_server,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.REMINDER_RETRY_BASE_SECONDS = 0.01
    settings.REMINDER_MAX_ATTEMPTS = 3
    clock.move_to(NOW - WEEK)
    defender(make_user, make_prisoner)
    clock.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.tick()
    (row,) = Reminder.objects.all()
    assert (row.status, row.attempts) == ("failed", 3)
    assert not VolunteerSettings.objects.filter(undeliverable_at__isnull=False).exists()


def test_r7_a_550_fails_after_one_attempt_and_the_volunteer_is_told_in_the_app(
    queued,
    clock,
    doorbell,
    smtp_server,
    client,
    django_capture_on_commit_callbacks,
):
    (volunteer,), ids = queued()
    smtp_server.refuse_recipient(volunteer.email, "550 5.1.1 No such mailbox")
    assert reminders.send_chunk(ids) == {"failed": 1}
    (row,) = Reminder.objects.all()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error.startswith("550")
    assert len(doorbell) == 1  # no retry was enqueued: no retry storm
    assert smtp_server.messages == []
    prefs = VolunteerSettings.objects.get(volunteer=volunteer)
    assert prefs.undeliverable_at == NOW
    assert "550" in prefs.undeliverable_reason
    # Sweeping does not try it again.
    assert reminders.sweep(NOW + datetime.timedelta(hours=2)) == {"in_flight": 0, "queued": 0}

    client.force_login(volunteer)
    banner = "Our emails to your address are refused"
    assert banner in client.get("/me/").content.decode()
    response = client.post("/me/settings/address-works/")
    assert response.status_code == 302
    prefs.refresh_from_db()
    assert (prefs.undeliverable_at, prefs.undeliverable_reason) == (None, "")
    assert banner not in client.get("/me/").content.decode()

    # Next week the address is tried again.
    clock.move_to(NOW + WEEK)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.tick()
    assert Reminder.objects.get(period="2026-W49").status == "queued"


def test_r9_the_same_chunk_sent_twice_sends_one_email_with_a_deterministic_message_id(
    queued,
    smtp_server,
):
    volunteers, ids = queued(3)
    assert reminders.send_chunk(ids) == {"sent": 3}
    assert reminders.send_chunk(ids) == {"skipped": 3}
    assert len(smtp_server.messages) == 3
    for row in Reminder.objects.all():
        expected = f"<reminder.{row.pk}.reminder.2026-W48@testserver>"
        assert row.message_id == expected
        (message,) = [m for m in smtp_server.messages if m["To"] == row.volunteer.email]
        assert message["Message-ID"] == expected
    assert {m["To"] for m in smtp_server.messages} == {v.email for v in volunteers}


@pytest.mark.django_db(transaction=True)
def test_r9_the_same_chunk_sent_concurrently_by_two_workers_sends_each_email_once(
    make_user, make_prisoner, doorbell, smtp_server
):
    with time_machine.travel(NOW - WEEK, tick=False) as clock:
        for _ in range(6):
            defender(make_user, make_prisoner)
        clock.move_to(NOW)
        reminders.tick()  # commits; the on_commit doorbell is recorded
        ids = rung_ids(doorbell)
        assert len(ids) == 6

    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker(order):
        try:
            barrier.wait(timeout=10)
            results.append(reminders.send_chunk(order))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(ids,)),
        threading.Thread(target=worker, args=(list(reversed(ids)),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(r["sent"] for r in results) == 6
    assert sum(r["skipped"] for r in results) == 6
    assert len(smtp_server.messages) == 6
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 6
    assert set(Reminder.objects.values_list("status", flat=True)) == {"sent"}


def test_r12_one_click_unsubscribe_while_queued_sends_nothing(
    queued,
    smtp_server,
):
    (volunteer,), ids = queued()
    assert Reminder.objects.get().status == "queued"

    token = tokens.make(tokens.UNSUBSCRIBE, volunteer.pk)
    response = Client(enforce_csrf_checks=True).post(
        f"/r/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    row = Reminder.objects.get()
    assert row.status == "suppressed"

    assert reminders.send_chunk(ids) == {"skipped": 1}
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("change", "reason"), [("unsubscribe", "unsubscribed"), ("pause", "paused")]
)
def test_r12_a_change_saved_in_settings_while_queued_wins_against_the_send(
    queued,
    clock,
    smtp_server,
    client,
    change,
    reason,
):
    (volunteer,), ids = queued()
    client.force_login(volunteer)
    form = settings_form(volunteer, email_reminders=change != "unsubscribe")
    if change == "pause":
        form["settings-paused_until"] = "2026-12-10"
    assert client.post("/me/settings/", form).status_code == 302

    assert reminders.send_chunk(ids) == {"suppressed": 1}
    row = Reminder.objects.get()
    assert (row.status, row.last_error) == ("suppressed", reason)
    assert smtp_server.messages == []
    if change == "unsubscribe":
        return
    assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until == datetime.date(
        2026, 12, 10
    )
    # Paused, the next weeks make no reminder either; the week after the pause does.
    for day in (datetime.date(2026, 12, 3), datetime.date(2026, 12, 10)):
        clock.move_to(datetime.datetime.combine(day, NOW.timetz()))
        reminders.tick()
    assert Reminder.objects.count() == 1
    clock.move_to(datetime.datetime(2026, 12, 17, 19, 0, tzinfo=UTC))
    reminders.tick()
    assert Reminder.objects.filter(period="2026-W51").exists()


def test_a_chunk_is_sent_over_one_smtp_connection(
    queued,
    smtp_server,
):
    volunteers, ids = queued(5)

    assert reminders.send_chunk(ids) == {"sent": 5}
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(v.email for v in volunteers)
    assert smtp_server.connections == 1


def test_connection_error_postpones_the_rest_of_the_chunk(
    queued,
    doorbell,
    down_server,
    settings,
):
    settings.REMINDER_RETRY_BASE_SECONDS = 10
    _volunteers, ids = queued(3)
    assert reminders.send_chunk(ids) == {"retry": 1}
    rows = Reminder.objects.order_by("pk")
    # One attempt against a dead server, not three: the rest wait without an attempt.
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert {r.status for r in rows} == {"queued"}
    assert sorted(rung_ids(doorbell[1:])) == sorted(ids)
    assert all(countdown and countdown > 0 for _ids, countdown in doorbell[1:])
    down_server.start()
    for later, _countdown in doorbell[1:]:
        reminders.send_chunk(later)
    assert {r.status for r in Reminder.objects.all()} == {"sent"}
    assert len(down_server.sink.messages) == 3


# -- R13: the outbox on /health/ ------------------------------------------------------


def test_r13_health_is_503_naming_the_outbox_when_a_queued_row_is_too_old(
    client, make_user, settings, clock
):
    settings.REMINDER_BACKLOG_ALERT_SECONDS = 3600
    volunteer = make_user()
    young = Reminder.objects.create(
        volunteer=volunteer, period="2026-W48", kind="digest", created_at=NOW
    )
    response = client.get("/health/")
    assert (response.status_code, response.json()["outbox"]) == (200, "ok")

    old = Reminder.objects.create(
        volunteer=volunteer,
        period="2026-W47",
        kind="digest",
        created_at=NOW - datetime.timedelta(seconds=3601),
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["outbox"]

    # In flight counts as waiting too; sent or failed rows do not.
    Reminder.objects.filter(pk=old.pk).update(status="in_flight")
    assert client.get("/health/").status_code == 503
    Reminder.objects.filter(pk=old.pk).update(status="sent")
    Reminder.objects.filter(pk=young.pk).update(status="failed")
    assert client.get("/health/").status_code == 200


def test_the_schedule_is_code_in_utc_a_tick_every_quarter_hour_and_a_sweep_every_five():
    from celery.schedules import crontab
    from django.conf import settings as django_settings

    from advocacy.celery import app

    beat = django_settings.CELERY_BEAT_SCHEDULE
    assert django_settings.CELERY_TIMEZONE == "UTC"
    tick, sweep = beat["reminders-tick"], beat["reminders-sweep"]
    assert isinstance(tick["schedule"], crontab) and isinstance(sweep["schedule"], crontab)
    assert tick["schedule"].minute == {0, 15, 30, 45}
    assert tick["schedule"].hour == set(range(24))
    assert sweep["schedule"].minute == set(range(0, 60, 5))
    app.loader.import_default_modules()  # what a worker does: the tasks it would run exist
    assert {tick["task"], sweep["task"]} <= set(app.tasks)
    # A tick that waited longer than a quarter hour in the broker is dropped, not run late
    # on top of the next one.
    assert tick["options"]["expires"] < 15 * 60


def test_the_outbox_alarm_rings_after_two_hours_by_default():
    from django.conf import settings as django_settings

    assert django_settings.REMINDER_BACKLOG_ALERT_SECONDS == 2 * 3600


# -- Settings and the command ---------------------------------------------------------


def test_turning_email_reminders_off_unsubscribes_and_on_subscribes_again(client, volunteer, clock):
    client.force_login(volunteer)
    page = client.get("/me/settings/").content.decode()
    assert 'name="settings-email_reminders"' in page

    response = client.post("/me/settings/", settings_form(volunteer, email_reminders=False))
    assert response.status_code == 302
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at == NOW

    # Saving again with reminders off keeps the first date.
    clock.shift(3600)
    client.post("/me/settings/", settings_form(volunteer, email_reminders=False))
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at == NOW

    response = client.post("/me/settings/", settings_form(volunteer, email_reminders=True))
    assert response.status_code == 302
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at is None


def test_send_test_reminder_sends_one_message(volunteer, prisoner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    defend(volunteer, prisoner)
    call_command("send_test_reminder", volunteer.email.upper())
    (message,) = mail.outbox
    assert message.to == [volunteer.email]
    assert message.extra_headers["Message-ID"].startswith("<reminder.test.")
    assert not Reminder.objects.exists()  # outside the outbox


def test_send_test_reminder_for_an_unknown_address_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("send_test_reminder", "nobody@example.org")
    assert mail.outbox == []


def test_smtp_code_reads_refusals_and_connection_errors():
    refused = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no")})
    assert reminders.smtp_code(refused) == 550
    assert reminders.smtp_code(smtplib.SMTPDataError(421, b"later")) == 421
    assert reminders.smtp_code(ConnectionRefusedError()) is None


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
        result = reminders.tick(sunday_night)
    assert sum(result.created.values()) == 3
    rows = Reminder.objects.filter(period="2026-W48")
    assert {r.volunteer_id for r in rows} == {v.pk for v in [*others, late]}
    assert rows.get(volunteer=late).weeks_quiet == 0
