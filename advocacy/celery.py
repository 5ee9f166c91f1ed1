"""The Celery app, after the official "First steps with Django" recipe.

Worker and beat log through Django's LOGGING (advocacy/settings/operations.py), not
through handlers of Celery's own: the same format (LOG_FORMAT), the same level
(LOG_LEVEL, whatever `--loglevel` says) and the same redaction of email addresses. A
task that fails is logged with its name, its id and its arguments (the ids of the rows
it was working on), and so is a task that will be retried (advocacy/logs.py).
"""

import logging
import os

from celery import Celery
from celery.signals import setup_logging, task_failure, task_retry
from django.conf import settings
from django.utils.log import configure_logging

from .logs import task_failed, task_retried

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advocacy.settings")

app = Celery("advocacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """Celery configures no logging of its own when this signal has a receiver."""
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@task_failure.connect
def log_task_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, **_):
    task_failed(logger, sender, task_id, args, kwargs, exception)


@task_retry.connect
def log_task_retry(sender=None, request=None, reason=None, **_):
    task_retried(logger, sender, request, reason)
