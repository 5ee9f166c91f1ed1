"""Celery entry points only: each takes ids or nothing and calls one function of the
outbox, where the rules live. The beat schedule is in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

# The censorship watch's tasks live with it; imported for Celery's autodiscovery.
from .linkcheck import tasks as linkcheck_tasks  # noqa: F401
from .outbox import schedule, send, sweep


@shared_task(ignore_result=True)
def tick() -> None:
    schedule.tick()


@shared_task(name="campaigns.tasks.sweep", ignore_result=True)
def sweep_outbox() -> None:
    sweep.sweep()


@shared_task(ignore_result=True, acks_late=True)
def send_reminders(ids: list[int]) -> None:
    """Send one chunk of the outbox (any kind of email; the name is the wire name)."""
    send.send_chunk(ids)
