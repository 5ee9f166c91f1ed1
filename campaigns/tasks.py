"""Celery tasks: thin doors into campaigns.reminders, where the rules live."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def tick() -> None:
    reminders.tick()


@shared_task(ignore_result=True)
def sweep() -> None:
    reminders.sweep()


@shared_task(ignore_result=True, acks_late=True)
def send_reminders(ids: list[int]) -> None:
    reminders.send_chunk(ids)
