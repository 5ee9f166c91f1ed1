"""Beat's heartbeat: the scheduler writes the time of its ticks into the database.

If the one `celery beat` process dies, no reminder is ever queued again and nothing else
would notice: /health/ reads this row and answers 503 "beat" when it is older than
BEAT_STALE_AFTER_SECONDS (advocacy/views.py), and the organizers' dashboard shows it. The
time is written by beat's own process, so a stopped worker does not pass for a dead beat.
"""

import logging
import time

from celery.beat import PersistentScheduler

logger = logging.getLogger(__name__)

BEAT = "beat"
# At most one write a minute, however often the scheduler wakes.
WRITE_EVERY_SECONDS = 60


def record(name: str = BEAT) -> None:
    """Upsert the heartbeat in one statement (two beats by mistake race harmlessly). Raw
    SQL: beat's process never sets Django's apps up (its logging is Django's LOGGING all
    the same: advocacy/celery.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO advocacy_heartbeat (name, at) VALUES (%s, now())"
            " ON CONFLICT (name) DO UPDATE SET at = EXCLUDED.at",
            [name],
        )


class HeartbeatScheduler(PersistentScheduler):
    """The default scheduler (its schedule file), writing a heartbeat as it ticks."""

    _last_write = 0.0

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        now = time.monotonic()
        if now - self._last_write >= WRITE_EVERY_SECONDS or not self._last_write:
            self._write()
            self._last_write = now
        return min(interval, WRITE_EVERY_SECONDS)

    def _write(self) -> None:
        from django.db import Error, close_old_connections

        try:
            close_old_connections()
            record()
        except Error:
            # A database that is down (or a connection it closed: InterfaceError, not a
            # DatabaseError) must not stop the schedule: the next write retries.
            logger.warning("beat: could not record its heartbeat", exc_info=True)
