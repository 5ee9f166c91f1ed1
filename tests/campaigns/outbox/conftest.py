"""The outbox in one process: the tick's rules, escalation, digests, SMTP behaviour
against a real aiosmtpd server, the outbox on /health/, the beat schedule and the
send_test_reminder command.

No Celery worker: the broker is either recorded (`doorbell`, then `send_chunk` is
called as a worker would) or eager (CELERY_TASK_ALWAYS_EAGER: the task runs inline
when the tick's transaction commits). The real processes: ../test_outbox_processes.py.
"""

import pytest

from campaigns.outbox import schedule
from tests.conftest import defend

from ..conftest import NOW, WEEK


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def _default_thresholds(settings):
    settings.REMINDER_NUDGE_AFTER_WEEKS = 2
    settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS = 3
    settings.REMINDER_LAPSE_AFTER_WEEKS = 4
    settings.REMINDER_MAX_ATTEMPTS = 8


def defender(make_user, make_prisoner, **user_fields):
    user = make_user(**user_fields)
    defend(user, make_prisoner())
    return user


def use_smtp(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def queued(make_user, make_prisoner, clock, doorbell, django_capture_on_commit_callbacks):
    """`queued(n)`: n defenders who claimed a week ago, ticked now with the doorbell
    recorded; returns them and the ids of the one broker message the tick rang."""

    def queue(count: int = 1):
        clock.move_to(NOW - WEEK)
        volunteers = [defender(make_user, make_prisoner) for _ in range(count)]
        clock.move_to(NOW)
        with django_capture_on_commit_callbacks(execute=True):
            schedule.tick()
        ((ids, _),) = doorbell
        return volunteers, ids

    return queue
