"""The tick's new rows go to the broker in chunks, only after commit; a chunk is sent
over one SMTP connection."""

from campaigns.outbox import schedule, send
from tests.conftest import rung_ids

from ..conftest import NOW, WEEK
from .conftest import defender


def test_the_doorbell_rings_in_chunks_after_commit_only(
    make_user, make_prisoner, clock, doorbell, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_CHUNK_SIZE = 2
    clock.move_to(NOW - WEEK)
    for _ in range(5):
        defender(make_user, make_prisoner)
    clock.move_to(NOW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = schedule.tick()
    assert doorbell == []  # nothing on the broker before the rows are committed
    for callback in callbacks:
        callback()
    assert [len(ids) for ids, _ in doorbell] == [2, 2, 1]
    assert sorted(rung_ids(doorbell)) == sorted(result.queued)


def test_a_chunk_is_sent_over_one_smtp_connection(
    queued,
    smtp_server,
):
    volunteers, ids = queued(5)

    assert send.send_chunk(ids) == {"sent": 5}
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(v.email for v in volunteers)
    assert smtp_server.connections == 1
