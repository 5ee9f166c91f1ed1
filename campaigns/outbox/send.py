"""Sending the outbox: a worker claims each row, renders it and sends it, once.

`send_chunk()` sends the rows of one broker message over one SMTP connection. Each row
is claimed by one conditional UPDATE that skips locked rows, so of two workers holding
the same ids only one sends each row (R9); unsubscribe and pause, which suppress queued
rows, win against a queued send (R12). A temporary failure is queued again with backoff
and jitter (R6); a mailbox refused for good fails at once and flags the address (R7).
"""

import contextlib
import datetime
import logging
import random
import smtplib
from collections import Counter

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from advocacy.access import is_organizer
from advocacy.celery import app
from advocacy.smtp import recipient_refused, smtp_code

from .. import weeks
from ..models import Adoption, OutgoingEmail, Post, VolunteerSettings, redact_addresses
from .emails import build_message

logger = logging.getLogger(__name__)

# The Celery task that sends a chunk (campaigns.tasks), looked up by name: tasks.py
# imports this module, not the other way round.
# Its name is kept from when the outbox held only reminders: a task's name is what a
# queued broker message carries.
SEND_TASK = "campaigns.tasks.send_reminders"


def enqueue(ids: list[int], countdown: float | None = None) -> bool:
    """Ring the doorbell: REMINDER_CHUNK_SIZE ids per broker message.

    When the broker is down the rows simply wait in the outbox; the sweeper enqueues
    them again later. Returns whether every message was published.
    """
    task = app.tasks[SEND_TASK]
    size = settings.REMINDER_CHUNK_SIZE
    for start in range(0, len(ids), size):
        try:
            task.apply_async((list(ids[start : start + size]),), countdown=countdown)
        except (BrokerError, OSError, RedisError) as exc:
            logger.warning("broker unreachable (%s): emails wait for the sweeper", exc)
            return False
    return True


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"
    SUPPRESSED = "suppressed"
    RETRY = "retry"
    FAILED = "failed"


# The two statements every email costs, written out: they run once per message on the
# hot path of the fan-out (benchmark B6), where the ORM's query building showed.
CLAIM_SQL = """
UPDATE campaigns_outgoingemail
   SET status = 'in_flight', started_at = %s, attempts = attempts + 1
 WHERE id = (SELECT id FROM campaigns_outgoingemail
              WHERE id = %s AND status = 'queued' FOR UPDATE SKIP LOCKED)
"""
SENT_SQL = """
UPDATE campaigns_outgoingemail
   SET status = 'sent', sent_at = %s, message_id = %s, last_error = ''
 WHERE id = %s AND status = 'in_flight'
"""


class _Chunk:
    """One chunk on its way out over one SMTP connection, opened at the first email.

    The "sent" mark of each email is committed with the next row's claim: one commit per
    email instead of two. A worker that dies in between leaves that one row in flight,
    the single possible duplicate the sweeper logs.
    """

    def __init__(self, ids: list[int]):
        self.ids = ids
        self.rows = {
            row.pk: row
            for row in OutgoingEmail.objects.filter(
                pk__in=ids, status=OutgoingEmail.Status.QUEUED
            ).select_related("volunteer", "prisoner")
        }
        self.facts = ChunkFacts(self.rows.values())
        self.mail = get_connection(fail_silently=False)
        self.opened = False
        self.done: list | None = None
        self.outcomes: Counter = Counter()
        # Set when the server stops answering: the rest of the chunk waits this long.
        self.postpone_by: float | None = None

    def send_all(self) -> Counter:
        try:
            for position, pk in enumerate(self.ids):
                self.send_one(self.rows.get(pk))
                if self.postpone_by is not None:
                    _postpone(self.ids[position + 1 :], self.postpone_by)
                    break
        finally:
            if self.done:
                _execute(SENT_SQL, self.done)
            _close_quietly(self.mail)
        return self.outcomes

    def send_one(self, row: OutgoingEmail | None) -> None:
        outcome = Outcome.SKIPPED
        if row:
            outcome, self.done = _claim(row, self.facts, self.done), None
        if outcome == Outcome.SENT:
            outcome = self.deliver(row)
        self.outcomes[outcome] += 1

    def deliver(self, row: OutgoingEmail) -> str:
        try:
            message = build_message(row)
        except Exception as exc:
            # A row that cannot be rendered is a bug to fix, not a reason to retry.
            logger.exception("email %s could not be rendered", row.pk)
            OutgoingEmail.objects.filter(pk=row.pk).update(
                status=OutgoingEmail.Status.FAILED,
                last_error=f"{OutgoingEmail.RENDER_PREFIX}{exc}"[:500],
            )
            return Outcome.FAILED
        try:
            if not self.opened:
                self.mail.open()
                self.opened = True
            self.mail.send_messages([message])
        except Exception as exc:  # every failure is recorded on the row
            outcome, delay = _failed(row, exc)
            self.opened = _close_quietly(self.mail)
            if outcome == Outcome.RETRY and _is_connection_error(exc):
                self.postpone_by = delay
            return outcome
        self.done = [timezone.now(), message.extra_headers["Message-ID"], row.pk]
        return Outcome.SENT


def send_chunk(ids: list[int]) -> Counter:
    """Send the rows of one broker message over one SMTP connection."""
    return _Chunk(ids).send_all()


def _execute(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _close_quietly(mail) -> bool:
    with contextlib.suppress(Exception):  # a broken connection is closed anyway
        mail.close()
    return False


def _claim(row: OutgoingEmail, facts: "ChunkFacts", done: list | None = None) -> str:
    """Mark a still-queued, still-wanted row in flight; SENT means "go ahead and send".

    `done` is the previous email's "sent" mark, written in the same transaction.
    """
    queued = OutgoingEmail.objects.filter(pk=row.pk, status=OutgoingEmail.Status.QUEUED)
    reason = facts.reason(row)
    if done and (reason or row.attempts >= settings.REMINDER_MAX_ATTEMPTS):
        _execute(SENT_SQL, done)
    if reason:
        queued.update(status=OutgoingEmail.Status.SUPPRESSED, last_error=reason)
        return Outcome.SUPPRESSED
    if row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        queued.update(
            status=OutgoingEmail.Status.FAILED, last_error=row.last_error or OutgoingEmail.GAVE_UP
        )
        return Outcome.FAILED
    # One statement, which never waits: a row locked by someone else (another worker
    # claiming it, an unsubscribe suppressing it, the sweeper re-enqueueing it) is theirs
    # to finish; a row no longer queued is skipped.
    now = timezone.now()
    with transaction.atomic():
        if done:
            _execute(SENT_SQL, done)
        claimed = _execute(CLAIM_SQL, [now, row.pk])
    if not claimed:
        return Outcome.SKIPPED
    row.status, row.started_at, row.attempts = OutgoingEmail.Status.IN_FLIGHT, now, row.attempts + 1
    return Outcome.SENT


class ChunkFacts:
    """What decides whether queued rows are still wanted, read in three queries."""

    def __init__(self, rows):
        rows = list(rows)
        volunteers = {row.volunteer_id for row in rows}
        self.prefs = {
            p.volunteer_id: p for p in VolunteerSettings.objects.filter(volunteer_id__in=volunteers)
        }
        self.nows = {row.volunteer_id: weeks.volunteer_now(row.volunteer) for row in rows}
        self.week_starts = {pk: weeks.week_start(local) for pk, local in self.nows.items()}
        earliest = min(self.week_starts.values(), default=timezone.now())
        self.last_posts = dict(
            Post.objects.filter(volunteer_id__in=volunteers, posted_at__gte=earliest)
            .values("volunteer_id")
            .annotate(last=Max("posted_at"))
            .values_list("volunteer_id", "last")
        )
        self.defends = set(
            Adoption.objects.active()
            .defenders()
            .filter(volunteer_id__in=volunteers)
            .values_list("volunteer_id", "prisoner_id")
        )

    def reason(self, row: OutgoingEmail) -> str:
        """Why a queued row must not be sent any more; empty when it should go."""
        return self._recipient_reason(row) or self._kind_reason(row)

    def _recipient_reason(self, row: OutgoingEmail) -> str:
        prefs = self.prefs.get(row.volunteer_id)
        if not row.volunteer.is_active:
            return "account inactive"
        if prefs and prefs.unsubscribed_at:
            return "unsubscribed"
        if prefs and prefs.undeliverable_at:
            return "address refused"
        return ""

    def _kind_reason(self, row: OutgoingEmail) -> str:
        prefs = self.prefs.get(row.volunteer_id)
        kind = OutgoingEmail.Kind
        if row.kind == kind.DIGEST and prefs and not prefs.supporter_digest:
            return "digest turned off"
        # The campaign's figures only ever go to someone who is still an organizer.
        if row.kind == kind.ORGANIZER_DIGEST and not is_organizer(row.volunteer):
            return "no longer an organizer"
        if row.kind in (kind.REMINDER, kind.NUDGE):
            return self._weekly_reason(row, prefs)
        # A welcome to a defence that ended before it went out would mislead.
        if row.kind == kind.ASSIGNED and (row.volunteer_id, row.prisoner_id) not in self.defends:
            return "no longer defends this prisoner"
        return ""

    def _weekly_reason(self, row: OutgoingEmail, prefs: VolunteerSettings | None) -> str:
        if prefs and prefs.is_paused(self.nows[row.volunteer_id].date()):
            return "paused"
        last_post = self.last_posts.get(row.volunteer_id)
        if last_post and last_post >= self.week_starts[row.volunteer_id]:
            return "posted this week"
        if (row.volunteer_id, row.prisoner_id) not in self.defends:
            return "no longer defends this prisoner"
        return ""


def _is_connection_error(exc: Exception) -> bool:
    """The server, not this recipient, is the problem: the rest of the chunk waits too."""
    return not isinstance(exc, smtplib.SMTPRecipientsRefused) and (
        smtp_code(exc) is None or smtp_code(exc) >= 500
    )


def _failed(row: OutgoingEmail, exc: Exception) -> tuple[str, float]:
    code = smtp_code(exc)
    error = redact_addresses(f"{code or type(exc).__name__}: {exc}")[:500]
    this = OutgoingEmail.objects.filter(pk=row.pk)
    if recipient_refused(exc):
        # Permanent: one attempt, the address is flagged, no retry storm (R7).
        this.update(status=OutgoingEmail.Status.FAILED, last_error=error)
        VolunteerSettings.objects.update_or_create(
            volunteer=row.volunteer,
            defaults={"undeliverable_at": timezone.now(), "undeliverable_reason": error[:300]},
        )
        logger.warning(
            "email %s: address of volunteer %s refused (%s)", row.pk, row.volunteer_id, code
        )
        return Outcome.FAILED, 0
    if code is not None and code >= 500:
        # A 5xx about the sending itself (a wrong password, the sender refused, a quota):
        # no volunteer's address is to blame. Retried with backoff like an outage, and
        # loud in the logs, until REMINDER_MAX_ATTEMPTS.
        logger.error("email %s: the mail server refused our sending: %s", row.pk, error)
    if row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        this.update(status=OutgoingEmail.Status.FAILED, last_error=error)
        logger.warning("email %s: gave up after %s attempts (%s)", row.pk, row.attempts, error)
        return Outcome.FAILED, 0
    delay = retry_delay(row.attempts)
    this.update(
        status=OutgoingEmail.Status.QUEUED,
        queued_at=timezone.now() + datetime.timedelta(seconds=delay),
        last_error=error,
    )
    logger.info("email %s: temporary failure (%s), retry in %.0fs", row.pk, error, delay)
    enqueue([row.pk], countdown=delay)
    return Outcome.RETRY, delay


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: base x 2^(attempts-1) x [0.5, 1.5)."""
    base = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return base * (0.5 + random.random())  # noqa: S311 - jitter, not a secret


def _postpone(ids: list[int], delay: float) -> None:
    if not ids:
        return
    OutgoingEmail.objects.filter(pk__in=ids, status=OutgoingEmail.Status.QUEUED).update(
        queued_at=timezone.now() + datetime.timedelta(seconds=delay)
    )
    enqueue(list(ids), countdown=delay)
