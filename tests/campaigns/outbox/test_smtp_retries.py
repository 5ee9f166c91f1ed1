"""SMTP failures (R6, R7): a connection error or a 4xx is retried with backoff and
delivered once, up to REMINDER_MAX_ATTEMPTS; a 5xx for the address fails at once and
the volunteer is told in the app, even when refused at RCPT; a 5xx about our sending (a
quota) flags no volunteer and is retried; one connection error postpones the rest of the
chunk."""

import datetime
import smtplib

import pytest
import time_machine

from campaigns.models import Adoption, OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule, send, sweep
from tests.conftest import rung_ids
from tests.smtp import SMTPServer

from ..conftest import NOW, WEEK
from .conftest import defender, use_smtp


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
        schedule.tick()
    (row,) = OutgoingEmail.objects.all()
    ((ids, countdown),) = doorbell
    assert (ids, countdown) == ([row.pk], None)

    def worker():
        """Take the next message off the recorded broker, after its countdown."""
        ids, countdown = doorbell.pop(0)
        assert not doorbell
        clock.shift(countdown or 0)
        return send.send_chunk(ids), countdown

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
    assert send.send_chunk([row.pk]) == {"skipped": 1}
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
        schedule.tick()
    (row,) = OutgoingEmail.objects.all()
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
        schedule.tick()
    (row,) = OutgoingEmail.objects.all()
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
    assert send.send_chunk(ids) == {"failed": 1}
    (row,) = OutgoingEmail.objects.all()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error.startswith("550")
    assert len(doorbell) == 1  # no retry was enqueued: no retry storm
    assert smtp_server.messages == []
    prefs = VolunteerSettings.objects.get(volunteer=volunteer)
    assert prefs.undeliverable_at == NOW
    assert "550" in prefs.undeliverable_reason
    # Sweeping does not try it again.
    assert sweep.sweep(NOW + datetime.timedelta(hours=2)) == {"in_flight": 0, "queued": 0}

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
        schedule.tick()
    assert OutgoingEmail.objects.get(period="2026-W49").status == "queued"


def test_a_5xx_about_our_sending_flags_no_volunteer_and_is_retried(
    make_user, make_prisoner, doorbell, settings, django_capture_on_commit_callbacks
):
    with SMTPServer() as server, time_machine.travel(NOW - WEEK, tick=False) as clock:
        use_smtp(settings, server.port)
        for _ in range(3):
            Adoption.objects.create(
                volunteer=make_user(), prisoner=make_prisoner(), role="defender"
            )
        clock.move_to(NOW)
        # The provider refuses our message (a quota): nothing to do with the addresses.
        server.sink.answer_data("554 5.7.1 Daily sending quota exceeded", times=3)
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
        (ids, _countdown), *_ = doorbell
        outcome = send.send_chunk(ids)
    assert not VolunteerSettings.objects.filter(undeliverable_at__isnull=False).exists()
    # One attempt, then the whole chunk waits for a retry, as in an outage.
    assert outcome == {"retry": 1}
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"queued"}


def test_an_address_refused_at_rcpt_is_still_flagged(
    make_user, make_prisoner, doorbell, settings, django_capture_on_commit_callbacks
):
    with SMTPServer() as server, time_machine.travel(NOW - WEEK, tick=False) as clock:
        use_smtp(settings, server.port)
        volunteer = make_user()
        Adoption.objects.create(volunteer=volunteer, prisoner=make_prisoner(), role="defender")
        clock.move_to(NOW)
        server.sink.refuse_recipient(volunteer.email, "550 5.1.1 No such mailbox")
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
        ((ids, _),) = doorbell
        send.send_chunk(ids)
    assert VolunteerSettings.objects.get(volunteer=volunteer).undeliverable_at is not None
    assert "@" not in OutgoingEmail.objects.get().last_error  # the quoted address is redacted


def test_connection_error_postpones_the_rest_of_the_chunk(
    queued,
    doorbell,
    down_server,
    settings,
):
    settings.REMINDER_RETRY_BASE_SECONDS = 10
    _volunteers, ids = queued(3)
    assert send.send_chunk(ids) == {"retry": 1}
    rows = OutgoingEmail.objects.order_by("pk")
    # One attempt against a dead server, not three: the rest wait without an attempt.
    assert [r.attempts for r in rows] == [1, 0, 0]
    assert {r.status for r in rows} == {"queued"}
    assert sorted(rung_ids(doorbell[1:])) == sorted(ids)
    assert all(countdown and countdown > 0 for _ids, countdown in doorbell[1:])
    down_server.start()
    for later, _countdown in doorbell[1:]:
        send.send_chunk(later)
    assert {r.status for r in OutgoingEmail.objects.all()} == {"sent"}
    assert len(down_server.sink.messages) == 3


def test_smtp_code_reads_refusals_and_connection_errors():
    refused = smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no")})
    assert send.smtp_code(refused) == 550
    assert send.smtp_code(smtplib.SMTPDataError(421, b"later")) == 421
    assert send.smtp_code(ConnectionRefusedError()) is None
