"""Celery entry points only: each takes ids or nothing and calls one function of the
outbox, where the rules live. The beat schedule is in settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

# The censorship watch's tasks live with it; imported for Celery's autodiscovery.
from .linkcheck import tasks as linkcheck_tasks  # noqa: F401
from .organize import importing
from .outbox import schedule, send, sweep

# An import of 50,000 rows takes minutes: beyond the default limits meant for email chunks.
IMPORT_LIMITS = {"time_limit": 60 * 60, "soft_time_limit": 55 * 60}


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


@shared_task(ignore_result=True, **IMPORT_LIMITS)
def check_import(job_id: int) -> None:
    """An uploaded file's dry run: the preview (the job's row holds the state)."""
    importing.check(job_id)


@shared_task(ignore_result=True, **IMPORT_LIMITS)
def run_import(job_id: int) -> None:
    """A confirmed file's import, in batches, its progress counted on the job."""
    importing.run(job_id)
