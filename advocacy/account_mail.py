"""Account emails leave the request through the broker, like every other email.

allauth's emails (address confirmation, "you already have an account", password reset,
"unknown address", notices) are rendered in the request, in the recipient's language
with links from SITE_URL, and handed to a Celery worker once the transaction commits.
No request waits for the mail server, so that a sign-up, a reset or an address change
costs the same whichever email it sends: waiting for SMTP in one case and not in the
other told whether an address has an account (issue 11).

The rendered message itself is the broker message (allauth builds its emails from
objects that are no rows: an HMAC key, a reset token), so the broker holds what the mail
server will. An email is not lost on the way: a temporary SMTP failure retries with
backoff, and when the broker cannot be reached the request sends the email itself.
"""

import logging
import random
import smtplib
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, make_msgid
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .celery import app
from .smtp import recipient_refused, smtp_code

logger = logging.getLogger(__name__)

# Published by name (advocacy/tasks.py registers it in the worker).
SEND_TASK = "advocacy.tasks.send_account_email"
# A retry further away than this would outlive the broker's visibility timeout.
MAX_RETRY_DELAY_SECONDS = 1800


def send_later(message: EmailMessage) -> None:
    """Queue `message` for a worker once the current transaction commits: the address
    or confirmation it speaks of is then there, and a rolled-back request sends nothing."""
    transaction.on_commit(partial(hand_over, to_wire(message)))


def hand_over(payload: dict) -> None:
    """Publish to the broker; when it cannot be reached, send now rather than lose it."""
    try:
        app.send_task(SEND_TASK, args=(payload,))
    except (BrokerError, OSError, RedisError) as exc:
        logger.warning("broker unreachable (%s): account email sent from the request", exc)
        try:
            deliver(payload)
        except (smtplib.SMTPException, OSError):
            logger.exception("account email lost: neither the broker nor SMTP answered")


def to_wire(message: EmailMessage) -> dict:
    """The message as JSON, with its Message-ID fixed now so that a retry is recognisable."""
    headers = dict(message.extra_headers)
    headers.setdefault("Message-ID", make_msgid(domain=urlsplit(settings.SITE_URL).hostname))
    return {
        "subject": str(message.subject),
        "body": message.body,
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": headers,
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def from_wire(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        payload["subject"],
        payload["body"],
        payload["from_email"],
        payload["to"],
        headers=payload["headers"],
        alternatives=[tuple(alternative) for alternative in payload["alternatives"]],
    )
    message.content_subtype = payload["content_subtype"]
    return message


def deliver(payload: dict) -> None:
    from_wire(payload).send(fail_silently=False)


def deliver_or_retry(task, payload: dict) -> None:
    """Send; on a temporary failure ask Celery to run `task` again later. A mailbox the
    server refuses for good (5xx at RCPT) is not tried again."""
    try:
        deliver(payload)
    except (smtplib.SMTPException, OSError) as exc:
        code = smtp_code(exc) or type(exc).__name__
        if recipient_refused(exc):
            logger.warning("account email refused for good (%s): not retried", code)
            return
        attempt = task.request.retries + 1
        if attempt >= settings.ACCOUNT_MAIL_MAX_ATTEMPTS:
            logger.error("account email given up after %s attempts (%s)", attempt, code)
            raise
        delay = retry_delay(attempt)
        logger.info("account email: temporary failure (%s), retry in %.0fs", code, delay)
        raise task.retry(exc=exc, countdown=delay, max_retries=None) from exc


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter: base x 2^(attempt-1) x [0.5, 1.5), capped."""
    base = settings.ACCOUNT_MAIL_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return min(base * (0.5 + random.random()), MAX_RETRY_DELAY_SECONDS)  # noqa: S311 - jitter
