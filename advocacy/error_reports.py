"""Error reports to Sentry (or a server that speaks its protocol), only when SENTRY_DSN
is set: otherwise sentry_sdk is never initialised and nothing leaves the machine.

Web requests (the Django integration), Celery tasks (the Celery integration) and
ERROR log lines are reported, without personal data: no user, no cookies, no request
body, no local variables, and every email address in the event replaced by "[email]"
(`before_send`), as in the logs (advocacy/logs.py).
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

from .logs import redact_value

# A failed task is reported by the Celery integration, with its exception and
# traceback; our own "task failed" line about it (advocacy/celery.py) would be a
# second event. Celery's "received" line carries the task's arguments.
NOT_REPORTED_LOGGERS = ("advocacy.celery", "celery.worker.strategy")
USER_FIELDS_KEPT = ("id",)
# Deep enough for every part of an event (exception values, breadcrumbs, request).
EVENT_DEPTH = 12


def init(dsn: str, environment: str) -> bool:
    """Start reporting to `dsn`; an empty `dsn` starts nothing. True if started."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
    )
    for name in NOT_REPORTED_LOGGERS:
        ignore_logger(name)
    return True


def before_send(event: dict, hint: dict) -> dict:
    """The event with every email address replaced, and of its user only the id."""
    event = _redact_deep(event)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {key: user[key] for key in USER_FIELDS_KEPT if key in user}
    return event


def before_breadcrumb(crumb: dict, hint: dict) -> dict:
    return _redact_deep(crumb)


def _redact_deep(value, depth: int = 0):
    if depth >= EVENT_DEPTH or not isinstance(value, dict | list | tuple):
        return redact_value(value)
    if isinstance(value, dict):
        return {redact_value(k): _redact_deep(v, depth + 1) for k, v in value.items()}
    return [_redact_deep(item, depth + 1) for item in value]
