"""Logs: one format for every process, and no email address in any line (S11), nor the
token of a link sent by email.

LOGGING (advocacy/settings/operations.py) sends every record to one handler on standard
error, written by `PlainFormatter` or, with LOG_FORMAT=json, by `JsonFormatter`: one
JSON object a line. Before either, `RedactEmails` replaces every email address in the
record (its message, its arguments, its extra fields, its exception's text) with
"[email]", and a one-time link's token with "[token]"; both formatters redact their
output once more. Celery's worker and beat log through the same LOGGING
(advocacy/celery.py), where a failed or retried task is logged with `describe`: its
arguments, which are ids, with anything else summarised.
"""

import logging
import re

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REDACTED = "[email]"
# Whatever looks like local@domain.tld, in any script: the top-level domain is letters
# (or punycode), so that user:password@127.0.0.1 is not taken for one. A worker named
# worker@host.example.org is redacted too; a bare worker@host is not.
EMAIL = re.compile(r"[\w.%+-]+@(?:[\w-]+\.)+(?:xn--[\w-]+|[^\W\d_]{2,})\b")
# The one-time part of the links in emails (campaigns/urls.py "r/...", allauth's
# confirmation and reset keys), wherever a path is logged: a 404, a 500, runserver.
TOKEN_IN_PATH = re.compile(
    r"(/r/(?:post|pause|unsubscribe)/|/accounts/confirm-email/|/accounts/password/reset/key/)"
    r"(?!done/)[^/\s'\"?#&]+"
)
# Celery's own "received" and "raised" lines carry the task's arguments in full in the
# extra field `data`: an account email's are its rendered message, with its recipient
# and its one-time link. Our own task lines carry them summarised (describe).
CELERY_DATA_DROPPED = ("args", "kwargs", "traceback")
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Attributes every LogRecord has; anything else on a record is an extra field.
STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
}
MAX_DEPTH = 4
MAX_ITEMS = 10
MAX_STRING = 200


def redact(text: str) -> str:
    """`text` without email addresses, nor the tokens of the links in emails."""
    return TOKEN_IN_PATH.sub(r"\1[token]", EMAIL.sub(REDACTED, text))


def redact_value(value, depth: int = 0):
    """`value` with every string in it redacted; containers are copied, never changed."""
    if isinstance(value, str):
        return redact(value)
    if depth >= MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {redact_value(k, depth + 1): redact_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_value(item, depth + 1) for item in value]
    if isinstance(value, tuple):
        return tuple(redact_value(item, depth + 1) for item in value)
    return value


def _redact_argument(value):
    """A log call's argument, redacted; an object whose text holds an address becomes
    that text redacted (its %r then shows quotes), any other is left as it is."""
    if value is None or isinstance(value, int | float | str | dict | list | tuple):
        return redact_value(value)
    try:
        text = str(value)
    except Exception:  # a broken __str__: the formatter reports it, as without us
        return value
    return redact(text) if EMAIL.search(text) else value


class RedactEmails(logging.Filter):
    """Redacts email addresses from a record before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        elif isinstance(record.msg, dict):
            record.msg = redact_value(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _redact_argument(v) for key, v in record.args.items()}
        elif record.args:
            record.args = tuple(_redact_argument(arg) for arg in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = _exception_formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        self._extra_fields(record)
        return True

    def _extra_fields(self, record: logging.LogRecord) -> None:
        data = record.__dict__.get("data")
        if record.name.startswith("celery") and isinstance(data, dict):
            record.data = {k: v for k, v in data.items() if k not in CELERY_DATA_DROPPED}
        for key, value in list(record.__dict__.items()):
            if key not in STANDARD_ATTRIBUTES:
                record.__dict__[key] = redact_value(value)


_exception_formatter = logging.Formatter()


class PlainFormatter(logging.Formatter):
    """One line a record (an exception's traceback follows it), redacted once more."""

    def __init__(self, fmt: str = PLAIN_FORMAT, **kwargs):
        super().__init__(fmt, **kwargs)

    def formatException(self, ei) -> str:
        return redact(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, then the
    record's extra fields, and `exc_info` (the traceback as text) when there is one."""

    def __init__(self, **kwargs):
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            json_ensure_ascii=False,
            **kwargs,
        )

    def process_log_record(self, log_data: dict) -> dict:
        return {"time": log_data.pop("time"), **log_data}

    def formatException(self, ei) -> str:
        return redact(super().formatException(ei))

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def describe(value, depth: int = 0):
    """A task's arguments as a log line may show them: numbers (ids) as they are,
    short strings redacted, lists of them, and of a dict only its keys (an account
    email's argument is its whole message, recipient and one-time link included)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        text = redact(value)
        return text if len(text) <= MAX_STRING else text[:MAX_STRING] + "…"
    if isinstance(value, dict):
        return "<dict: " + ", ".join(sorted(redact(str(key)) for key in value)) + ">"
    if isinstance(value, list | tuple) and depth < MAX_DEPTH:
        items = [describe(item, depth + 1) for item in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            items.append(f"… {len(value)} in all")
        return items
    return f"<{type(value).__name__}>"


def _describe_kwargs(kwargs) -> dict:
    return {redact(str(key)): describe(value, 1) for key, value in (kwargs or {}).items()}


def _exception_fields(exc: BaseException | None) -> dict:
    return {
        "exc_type": type(exc).__name__ if exc is not None else None,
        "exc_message": describe(str(exc)) if exc is not None else None,
    }


def task_failed(logger: logging.Logger, task, task_id, args, kwargs, exc) -> None:
    """One ERROR line: which task, which run, on which ids, and what it raised."""
    fields = {
        "task": getattr(task, "name", str(task)),
        "task_id": task_id,
        "task_args": describe(list(args or ())),
        "task_kwargs": _describe_kwargs(kwargs),
        **_exception_fields(exc),
    }
    logger.error(
        "task failed: %s[%s] args=%s kwargs=%s: %s: %s",
        *_line(fields),
        extra=fields,
    )


def task_retried(logger: logging.Logger, task, request, reason) -> None:
    """One WARNING line: the task will run again (reason: Celery's Retry, or the error)."""
    exc = getattr(reason, "exc", None) or reason
    fields = {
        "task": getattr(task, "name", str(task)),
        "task_id": getattr(request, "id", None),
        "task_args": describe(list(getattr(request, "args", None) or ())),
        "task_kwargs": _describe_kwargs(getattr(request, "kwargs", None)),
        "retries": getattr(request, "retries", None),
        **_exception_fields(exc if isinstance(exc, BaseException) else None),
    }
    logger.warning(
        "task retry: %s[%s] args=%s kwargs=%s: %s: %s (retries so far: %s)",
        *_line(fields),
        fields["retries"],
        extra=fields,
    )


def _line(fields: dict) -> tuple:
    return (
        fields["task"],
        fields["task_id"],
        fields["task_args"],
        fields["task_kwargs"],
        fields["exc_type"],
        fields["exc_message"],
    )
