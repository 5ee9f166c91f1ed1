"""R9: a chunk sent twice, one after the other or by two workers at once, sends each
email once, with a deterministic Message-ID."""

import threading

import pytest
import time_machine
from django.db import connection

from campaigns.models import OutgoingEmail
from campaigns.outbox import schedule, send
from tests.conftest import rung_ids

from ..conftest import NOW, WEEK
from .conftest import defender


def test_r9_the_same_chunk_sent_twice_sends_one_email_with_a_deterministic_message_id(
    queued,
    smtp_server,
):
    volunteers, ids = queued(3)
    assert send.send_chunk(ids) == {"sent": 3}
    assert send.send_chunk(ids) == {"skipped": 3}
    assert len(smtp_server.messages) == 3
    for row in OutgoingEmail.objects.all():
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
        schedule.tick()  # commits; the on_commit doorbell is recorded
        ids = rung_ids(doorbell)
        assert len(ids) == 6

    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker(order):
        try:
            barrier.wait(timeout=10)
            results.append(send.send_chunk(order))
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
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
