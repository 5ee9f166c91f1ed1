"""The censorship watch's Celery entry points (queue `links`, settings.CELERY_TASK_ROUTES).

The beat entry "link-check-due" runs `check_due`; `check_links` checks one chunk of
[id, token] pairs. Both are safe to run twice: the rules are in schedule.py and record.py.
"""

from celery import shared_task

from . import record, schedule


@shared_task(ignore_result=True)
def check_due() -> None:
    schedule.check_due()


@shared_task(ignore_result=True, acks_late=True)
def check_links(pairs: list[list]) -> None:
    record.check_chunk(pairs)
