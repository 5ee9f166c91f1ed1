"""The sweeper (beat, every 5 minutes): what a lost broker message or a killed worker
left queued or in flight is enqueued again.

A row found in flight may have been sent just before its worker died: that possible
duplicate is logged, and bounded by one message per worker process (R3).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import OutgoingEmail
from .send import enqueue

logger = logging.getLogger(__name__)


def _take(rows) -> list[int]:
    """The ids of `rows`, locked until commit; rows another worker holds are skipped."""
    return list(rows.select_for_update(skip_locked=True).values_list("pk", flat=True))


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Enqueue again what a lost message or a killed worker left behind."""
    now = now or timezone.now()
    stuck_since = now - datetime.timedelta(seconds=settings.REMINDER_IN_FLIGHT_TIMEOUT_SECONDS)
    waiting_since = now - datetime.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    status = OutgoingEmail.Status
    with transaction.atomic():
        in_flight = _take(
            OutgoingEmail.objects.filter(status=status.IN_FLIGHT, started_at__lt=stuck_since)
        )
        if in_flight:
            OutgoingEmail.objects.filter(pk__in=in_flight).update(
                status=status.QUEUED, queued_at=now
            )
            logger.warning(
                "sweep: %d emails were in flight for too long and are queued again; "
                "each may have been sent before its worker stopped (possible duplicate): %s",
                len(in_flight),
                in_flight[:50],
            )
        queued = _take(
            OutgoingEmail.objects.filter(status=status.QUEUED, queued_at__lt=waiting_since)
        )
        if queued:
            OutgoingEmail.objects.filter(pk__in=queued).update(queued_at=now)
            logger.info("sweep: %d queued emails enqueued again", len(queued))
        ids = in_flight + queued
        transaction.on_commit(lambda: enqueue(ids))
    return {"in_flight": len(in_flight), "queued": len(queued)}
