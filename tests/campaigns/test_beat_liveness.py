"""Beat's liveness (issue 16): nothing else notices when the one `celery beat` dies.

A real beat process writes its heartbeat into PostgreSQL as it ticks (advocacy/beat.py);
/health/ answers 200 "never" before any tick, 200 "ok" while ticks are recent, and 503
naming "beat" once the last is older than BEAT_STALE_AFTER_SECONDS; the organizers'
dashboard says the same.
"""

import datetime

import pytest
from django.utils import timezone

from advocacy.beat import BEAT
from advocacy.models import Heartbeat
from tests.smtp import free_port

from .processes import Processes, SMTPServer, wait_until

SENDS_TICK = r"Sending due task reminders-tick"


def _beat_at(when):
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"at": when})


def test_before_any_tick_health_says_never_and_is_not_down(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["beat"] == "never"


def test_a_recent_tick_is_ok(client, db):
    _beat_at(timezone.now() - datetime.timedelta(minutes=29))
    response = client.get("/health/")
    assert (response.status_code, response.json()["beat"]) == (200, "ok")


def test_a_tick_older_than_the_limit_is_503_naming_beat(client, db, settings):
    _beat_at(timezone.now() - datetime.timedelta(minutes=31))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["beat"]
    assert response.json()["beat"] == "down"

    settings.BEAT_STALE_AFTER_SECONDS = 3600  # the limit is a setting
    assert client.get("/health/").status_code == 200


@pytest.fixture
def procs(broker, tmp_path, transactional_db):
    with SMTPServer() as smtp:
        processes = Processes(broker, smtp.port, tmp_path)
        yield processes
        processes.stop_all()


def test_a_real_beat_process_records_its_ticks(procs, client):
    assert not Heartbeat.objects.exists()
    started = timezone.now()
    procs.beat("beat", REMINDER_TICK_SECONDS=1)
    wait_until(
        lambda: Heartbeat.objects.filter(name=BEAT, at__gte=started).exists(),
        timeout=30,
        what="beat's first heartbeat",
    )
    response = client.get("/health/")
    assert (response.status_code, response.json()["beat"]) == (200, "ok")
    # At most one write a minute, however often beat wakes: three more due tasks sent
    # (one a second) and the heartbeat has not moved.
    (first,) = Heartbeat.objects.values_list("at", flat=True)
    beat = procs.started[-1]
    beat.wait_for_log(SENDS_TICK, count=beat.count(SENDS_TICK) + 3)
    assert Heartbeat.objects.get().at == first


def test_a_beat_that_cannot_reach_the_database_keeps_sending(procs):
    """The heartbeat is a side line: beat's real work (queuing the reminders' tick) goes
    on when PostgreSQL cannot be reached, and the failure is logged each time it retries."""
    nowhere = f"postgres://root@127.0.0.1:{free_port()}/advocacy"
    beat = procs.beat("beat", REMINDER_TICK_SECONDS=1, DATABASE_URL=nowhere)
    beat.wait_for_log(SENDS_TICK, count=5)
    assert "beat: could not record its heartbeat" in beat.log()
    assert beat.process.poll() is None
    assert not Heartbeat.objects.exists()
