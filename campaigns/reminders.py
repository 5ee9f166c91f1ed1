"""The weekly heartbeat: the reminder outbox, its tick, its sender and its sweeper.

The database is the source of truth, the broker only a doorbell:

- `tick()` (beat, every 15 minutes) writes one `Reminder` row per due volunteer and
  period under unique constraints, with conflicts ignored, so that any number of ticks
  or beat processes makes each row once; it enqueues the new rows after commit.
- `send_chunk()` (a worker) locks each row, skips it unless it is still queued, marks it
  in flight, sends, and marks it sent, failed, or queued again with backoff.
- `sweep()` (beat, every 5 minutes) enqueues again rows that a lost broker message or a
  killed worker left queued or in flight. A row found in flight may have been sent just
  before its worker died: that possible duplicate is logged, and bounded by one message
  per worker process.
"""

import contextlib
import datetime
import functools
import logging
import random
import re
import smtplib
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from advocacy.access import ORGANIZERS, is_organizer
from prisoners.models import CaseEvent

from . import rollups
from .models import Adoption, Post, Reminder, VolunteerSettings
from .stats import counters_changed

logger = logging.getLogger(__name__)

# A volunteer's moment has passed this week: `local_now` (their wall clock) is past
# Monday 00:00 of their ISO week + (weekday - 1) days + hour hours. Comparing wall
# clocks means a DST change never moves the moment: it is never before their hour.
_LOCAL = """
    SELECT u.id AS volunteer_id, u.timezone AS tz,
           (%(now)s AT TIME ZONE u.timezone) AS local_now,
           date_trunc('week', %(now)s AT TIME ZONE u.timezone) AS week_start,
           COALESCE(s.reminder_weekday, 4) AS weekday,
           COALESCE(s.reminder_hour, 18) AS hour,
           s.paused_until,
           (s.unsubscribed_at IS NOT NULL OR s.undeliverable_at IS NOT NULL) AS mute,
           COALESCE(s.supporter_digest, TRUE) AS digest
      FROM advocacy_user u
      LEFT JOIN campaigns_volunteersettings s ON s.volunteer_id = u.id
     WHERE u.is_active
       -- One unknown time zone must not stop everybody's reminders.
       AND u.timezone = ANY(%(zones)s)
"""
_DUE = """
    local_now >= week_start + (weekday - 1) * INTERVAL '1 day' + hour * INTERVAL '1 hour'
    AND (paused_until IS NULL OR paused_until < local_now::date)
"""
_PERIOD = """to_char(local_now, 'IYYY-"W"IW')"""

# Defenders due this week who have not posted this week. Their weeks of silence count
# from the week of their last post, of their claim, or of the end of their pause,
# whichever is latest; that decides between a reminder, a nudge and a lapse.
WEEKLY_SQL = f"""
WITH local AS ({_LOCAL}),
due AS (
    SELECT l.*, a.prisoner_id, a.started_at, {_PERIOD} AS period,
           (SELECT max(p.posted_at) FROM campaigns_post p
             WHERE p.volunteer_id = l.volunteer_id) AS last_post
      FROM local l
      JOIN campaigns_adoption a
        ON a.volunteer_id = l.volunteer_id AND a.role = 'defender' AND a.ended_at IS NULL
      JOIN prisoners_prisoner pr
        ON pr.id = a.prisoner_id AND pr.is_published
       AND pr.status NOT IN ('released', 'exiled', 'died')
     WHERE {_DUE}
       AND NOT EXISTS (
           SELECT 1 FROM campaigns_post p
            WHERE p.volunteer_id = l.volunteer_id
              AND p.posted_at >= (l.week_start AT TIME ZONE l.tz))
       AND NOT EXISTS (
           SELECT 1 FROM campaigns_reminder r
            WHERE r.volunteer_id = l.volunteer_id AND r.period = {_PERIOD}
              AND r.kind IN ('reminder', 'nudge', 'lapsed'))
),
graded AS (
    SELECT due.*,
           -- Never below 0: a claim stamped just after `now`, in the next week, must
           -- not fail the column's check and with it the whole tick.
           GREATEST((week_start::date - date_trunc('week', GREATEST(
               last_post AT TIME ZONE tz, started_at AT TIME ZONE tz,
               paused_until::timestamp))::date) / 7, 0) AS weeks_quiet,
           -- A lapse needs a nudge that reached them since their last post or claim:
           -- after an outage of beat, workers or mail, they are nudged first. Who
           -- turned email off cannot be warned and lapses on the clock alone.
           (mute OR EXISTS (
               SELECT 1 FROM campaigns_reminder r
                WHERE r.volunteer_id = due.volunteer_id AND r.kind = 'nudge'
                  AND r.status = 'sent'
                  AND r.created_at > GREATEST(due.last_post, due.started_at))) AS warned
      FROM due
)
INSERT INTO campaigns_reminder
       (volunteer_id, prisoner_id, period, kind, status, weeks_quiet, created_at, queued_at)
SELECT volunteer_id, prisoner_id, period,
       CASE WHEN weeks_quiet >= %(lapse)s AND warned THEN 'lapsed'
            WHEN weeks_quiet >= %(nudge)s THEN 'nudge'
            ELSE 'reminder' END,
       CASE WHEN mute THEN 'suppressed' ELSE 'queued' END,
       weeks_quiet, %(now)s, %(now)s
  FROM graded
ON CONFLICT DO NOTHING
RETURNING id, kind, status, volunteer_id
"""  # noqa: S608 - built from constant fragments; values are parameters

# Supporters due this week whose cases had published news in the last seven days.
DIGEST_SQL = f"""
WITH local AS ({_LOCAL})
INSERT INTO campaigns_reminder (volunteer_id, period, kind, status, created_at, queued_at)
SELECT volunteer_id, {_PERIOD}, 'digest', 'queued', %(now)s, %(now)s
  FROM local
 WHERE digest AND NOT mute AND {_DUE}
   AND volunteer_id IN (
       SELECT a.volunteer_id FROM campaigns_adoption a
        WHERE a.role = 'supporter' AND a.ended_at IS NULL
          AND a.prisoner_id IN (
              SELECT e.prisoner_id FROM prisoners_caseevent e
               WHERE e.is_published AND e.created_at >= %(now)s - INTERVAL '7 days'
                 AND e.created_at <= %(now)s))
ON CONFLICT DO NOTHING
RETURNING id, kind, status, volunteer_id
"""  # noqa: S608 - built from constant fragments; values are parameters

# Active organizers: superusers and members of the organizers' group (advocacy.access).
_ORGANIZER = """
    u.is_active
    AND (u.is_superuser OR EXISTS (
         SELECT 1 FROM advocacy_user_groups ug JOIN auth_group g ON g.id = ug.group_id
          WHERE ug.user_id = u.id AND g.name = %(group)s))
"""

# Organizers hear, at most once a day, of defenders newly quiet for ALERT weeks: the
# nudges of that depth made since the last alert.
ALERT_SQL = f"""
INSERT INTO campaigns_reminder (volunteer_id, period, kind, status, created_at, queued_at)
SELECT u.id, %(day)s, 'organizer_alert', 'queued', %(now)s, %(now)s
  FROM advocacy_user u
 WHERE {_ORGANIZER}
   AND EXISTS (
        SELECT 1 FROM campaigns_reminder r
         WHERE r.kind = 'nudge' AND r.weeks_quiet >= %(alert)s
           AND r.created_at > COALESCE(
               (SELECT max(created_at) FROM campaigns_reminder
                 WHERE kind = 'organizer_alert'), '-infinity'))
ON CONFLICT DO NOTHING
RETURNING id, kind, status, volunteer_id
"""  # noqa: S608 - built from constant fragments; values are parameters

# Every organizer gets the weekly digest once per campaign week (the period), from
# Monday ORGANIZER_DIGEST_HOUR in the campaign's time zone; tick() decides the moment.
ORGANIZER_DIGEST_SQL = f"""
INSERT INTO campaigns_reminder (volunteer_id, period, kind, status, created_at, queued_at)
SELECT u.id, %(week)s, 'organizer_digest', 'queued', %(now)s, %(now)s
  FROM advocacy_user u
 WHERE {_ORGANIZER}
ON CONFLICT DO NOTHING
RETURNING id, kind, status, volunteer_id
"""  # noqa: S608 - built from constant fragments; values are parameters


def organizer_digest_week(now: datetime.datetime) -> str | None:
    """The campaign week whose organizer digest is due at `now`, else None.

    Due from Monday ORGANIZER_DIGEST_HOUR:00 on the campaign's wall clock, so that a
    DST change never moves it before that hour.
    """
    local = timezone.localtime(now, zoneinfo.ZoneInfo(settings.CAMPAIGN_TIME_ZONE))
    monday = local.date() - datetime.timedelta(days=local.weekday())
    moment = datetime.datetime.combine(monday, datetime.time(settings.ORGANIZER_DIGEST_HOUR))
    if local.replace(tzinfo=None) < moment:
        return None
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass
class TickResult:
    created: Counter = field(default_factory=Counter)
    lapsed: int = 0
    queued: list[int] = field(default_factory=list)


@functools.cache
def _known_zones() -> tuple[str, ...]:
    """The time zones PostgreSQL knows; read once per process (the view is slow)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_timezone_names")
        return tuple(name for (name,) in cursor.fetchall())


def _run(sql: str, params: dict) -> list[tuple]:
    if "%(zones)s" in sql:
        params = {**params, "zones": list(_known_zones())}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def tick(now: datetime.datetime | None = None) -> TickResult:
    """Write the rows that are due now and enqueue them once the transaction commits."""
    now = now or timezone.now()
    campaign_day = timezone.localtime(now, zoneinfo.ZoneInfo(settings.CAMPAIGN_TIME_ZONE))
    result = TickResult()
    # Imported here: organizing queues its thank-you emails through this module.
    from .organizing import close_adoptions_of_closed_cases

    close_adoptions_of_closed_cases()
    with transaction.atomic():
        rows = _run(
            WEEKLY_SQL,
            {
                "now": now,
                "nudge": settings.REMINDER_NUDGE_AFTER_WEEKS,
                "lapse": settings.REMINDER_LAPSE_AFTER_WEEKS,
            },
        )
        lapsed = [volunteer for _id, kind, _status, volunteer in rows if kind == "lapsed"]
        if lapsed:
            result.lapsed = (
                Adoption.objects.active()
                .defenders()
                .filter(volunteer_id__in=lapsed)
                .update(ended_at=now, end_reason=Adoption.EndReason.LAPSED)
            )
            rollups.bump(now, lapses=result.lapsed)
            # After the commit: a visitor recounting before it would cache the old figures.
            transaction.on_commit(counters_changed)
        rollups.snapshot(now)
        rows += _run(DIGEST_SQL, {"now": now})
        rows += _run(
            ALERT_SQL,
            {
                "now": now,
                "day": campaign_day.date().isoformat(),
                "group": ORGANIZERS,
                "alert": settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS,
            },
        )
        digest_week = organizer_digest_week(now)
        if digest_week:
            rows += _run(
                ORGANIZER_DIGEST_SQL, {"now": now, "week": digest_week, "group": ORGANIZERS}
            )
        result.created.update(kind for _id, kind, _status, _volunteer in rows)
        result.queued = [pk for pk, _kind, status, _v in rows if status == "queued"]
        transaction.on_commit(lambda: enqueue(result.queued))
    if rows:
        logger.info(
            "tick: %s; %d adoptions lapsed", dict(result.created) or "nothing new", result.lapsed
        )
    return result


def enqueue(ids: list[int], countdown: float | None = None) -> bool:
    """Ring the doorbell: a few hundred ids per broker message.

    When the broker is down the rows simply wait in the outbox; the sweeper enqueues
    them again later. Returns whether every message was published.
    """
    from .tasks import send_reminders

    size = settings.REMINDER_CHUNK_SIZE
    for start in range(0, len(ids), size):
        try:
            send_reminders.apply_async((list(ids[start : start + size]),), countdown=countdown)
        except (BrokerError, OSError, RedisError) as exc:
            logger.warning("broker unreachable (%s): reminders wait for the sweeper", exc)
            return False
    return True


class Outcome:
    SENT = "sent"
    SKIPPED = "skipped"
    SUPPRESSED = "suppressed"
    RETRY = "retry"
    FAILED = "failed"


def send_chunk(ids: list[int]) -> Counter:
    """Send the rows of one broker message over one SMTP connection.

    What decides whether a row is still wanted (settings, this week's posts, the
    adoption) is read once for the chunk; each row is then claimed by one conditional
    UPDATE that skips locked rows, so of two workers holding the same ids only one
    sends each row (R9).
    """
    from .emails import build_message

    outcomes: Counter = Counter()
    rows = {
        row.pk: row
        for row in Reminder.objects.filter(
            pk__in=ids, status=Reminder.Status.QUEUED
        ).select_related("volunteer", "prisoner")
    }
    facts = ChunkFacts(rows.values())
    mail = get_connection(fail_silently=False)
    opened = False
    # The "sent" mark of the previous email, committed with the next claim: one commit
    # per email instead of two. A worker that dies in between leaves that one row in
    # flight, the same single possible duplicate as before.
    done: list | None = None
    try:
        for position, pk in enumerate(ids):
            row = rows.get(pk)
            outcome = Outcome.SKIPPED
            if row:
                outcome, done = _claim(row, facts, done), None
            if outcome != Outcome.SENT:
                outcomes[outcome] += 1
                continue
            try:
                message = build_message(row)
            except Exception as exc:
                # A row that cannot be rendered is a bug to fix, not a reason to retry.
                logger.exception("reminder %s could not be rendered", row.pk)
                Reminder.objects.filter(pk=row.pk).update(
                    status=Reminder.Status.FAILED, last_error=f"{Reminder.RENDER_PREFIX}{exc}"[:500]
                )
                outcomes[Outcome.FAILED] += 1
                continue
            try:
                if not opened:
                    mail.open()
                    opened = True
                mail.send_messages([message])
            except Exception as exc:  # every failure is recorded on the row
                outcome, delay = _failed(row, exc)
                outcomes[outcome] += 1
                opened = _close_quietly(mail)
                if outcome == Outcome.RETRY and _is_connection_error(exc):
                    # The server is not answering: the rest of the chunk waits too.
                    _postpone(ids[position + 1 :], delay)
                    break
                continue
            done = [timezone.now(), message.extra_headers["Message-ID"], row.pk]
            outcomes[Outcome.SENT] += 1
    finally:
        if done:
            _execute(SENT_SQL, done)
        _close_quietly(mail)
    return outcomes


# The two statements every email costs, written out: they run once per message on the
# hot path of the fan-out (benchmark B6), where the ORM's query building showed.
CLAIM_SQL = """
UPDATE campaigns_reminder SET status = 'in_flight', started_at = %s, attempts = attempts + 1
 WHERE id = (SELECT id FROM campaigns_reminder
              WHERE id = %s AND status = 'queued' FOR UPDATE SKIP LOCKED)
"""
SENT_SQL = """
UPDATE campaigns_reminder SET status = 'sent', sent_at = %s, message_id = %s, last_error = ''
 WHERE id = %s AND status = 'in_flight'
"""


def _execute(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _close_quietly(mail) -> bool:
    with contextlib.suppress(Exception):  # a broken connection is closed anyway
        mail.close()
    return False


def _claim(row: Reminder, facts: "ChunkFacts", done: list | None = None) -> str:
    """Mark a still-queued, still-wanted row in flight; SENT means "go ahead and send".

    `done` is the previous email's "sent" mark, written in the same transaction.
    """
    queued = Reminder.objects.filter(pk=row.pk, status=Reminder.Status.QUEUED)
    reason = facts.reason(row)
    if done and (reason or row.attempts >= settings.REMINDER_MAX_ATTEMPTS):
        _execute(SENT_SQL, done)
    if reason:
        queued.update(status=Reminder.Status.SUPPRESSED, last_error=reason)
        return Outcome.SUPPRESSED
    if row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        queued.update(status=Reminder.Status.FAILED, last_error=row.last_error or Reminder.GAVE_UP)
        return Outcome.FAILED
    # One statement, which never waits: a row locked by someone else (another worker
    # claiming it, an unsubscribe suppressing it, the sweeper re-enqueueing it) is theirs
    # to finish; a row no longer queued is skipped. Never twice (R9), and unsubscribe and
    # pause, which suppress queued rows, win against a queued send (R12).
    now = timezone.now()
    with transaction.atomic():
        if done:
            _execute(SENT_SQL, done)
        claimed = _execute(CLAIM_SQL, [now, row.pk])
    if not claimed:
        return Outcome.SKIPPED
    row.status, row.started_at, row.attempts = Reminder.Status.IN_FLIGHT, now, row.attempts + 1
    return Outcome.SENT


class ChunkFacts:
    """What decides whether queued rows are still wanted, read in three queries."""

    def __init__(self, rows):
        rows = list(rows)
        volunteers = {row.volunteer_id for row in rows}
        self.prefs = {
            p.volunteer_id: p for p in VolunteerSettings.objects.filter(volunteer_id__in=volunteers)
        }
        self.todays = {row.volunteer_id: _local_today(row.volunteer) for row in rows}
        self.week_starts = {
            volunteer_id: datetime.datetime.combine(
                local.date() - datetime.timedelta(days=local.weekday()),
                datetime.time(),
                local.tzinfo,
            )
            for volunteer_id, local in self.todays.items()
        }
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

    def reason(self, row: Reminder) -> str:
        """Why a queued row must not be sent any more; empty when it should go."""
        volunteer = row.volunteer
        prefs = self.prefs.get(row.volunteer_id)
        if not volunteer.is_active:
            return "account inactive"
        if prefs and prefs.unsubscribed_at:
            return "unsubscribed"
        if prefs and prefs.undeliverable_at:
            return "address refused"
        if row.kind == Reminder.Kind.DIGEST and prefs and not prefs.supporter_digest:
            return "digest turned off"
        # The campaign's figures only ever go to someone who is still an organizer.
        if row.kind == Reminder.Kind.ORGANIZER_DIGEST and not is_organizer(volunteer):
            return "no longer an organizer"
        if row.kind in (Reminder.Kind.REMINDER, Reminder.Kind.NUDGE):
            if prefs and prefs.is_paused(self.todays[row.volunteer_id].date()):
                return "paused"
            last_post = self.last_posts.get(row.volunteer_id)
            if last_post and last_post >= self.week_starts[row.volunteer_id]:
                return "posted this week"
            if (row.volunteer_id, row.prisoner_id) not in self.defends:
                return "no longer defends this prisoner"
        return ""


def _local_today(volunteer) -> datetime.datetime:
    """Now on the volunteer's own clock (its tzinfo is their time zone)."""
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(volunteer.timezone))


def suppression_reason(row: Reminder) -> str:
    """Why one queued row must not be sent any more; empty when it should go."""
    return ChunkFacts([row]).reason(row)


def smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return min(codes) if codes else None
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    return None


def _is_connection_error(exc: Exception) -> bool:
    """The server, not this recipient, is the problem: the rest of the chunk waits too."""
    return not isinstance(exc, smtplib.SMTPRecipientsRefused) and (
        smtp_code(exc) is None or smtp_code(exc) >= 500
    )


def _recipient_refused(exc: Exception) -> bool:
    """Only a 5xx answer to RCPT is about the volunteer's address (a mailbox unknown)."""
    code = smtp_code(exc)
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and code is not None and code >= 500


def _failed(row: Reminder, exc: Exception) -> tuple[str, float]:
    code = smtp_code(exc)
    error = redact_addresses(f"{code or type(exc).__name__}: {exc}")[:500]
    if code is not None and code >= 500 and not _recipient_refused(exc):
        # A 5xx about the sending itself (a wrong password, the sender refused, a quota):
        # no volunteer's address is to blame. Retried with backoff like an outage, and
        # loud in the logs, until REMINDER_MAX_ATTEMPTS.
        logger.error("reminder %s: the mail server refused our sending: %s", row.pk, error)
    if _recipient_refused(exc):
        # Permanent: one attempt, the address is flagged, no retry storm (R7).
        Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.FAILED, last_error=error)
        VolunteerSettings.objects.update_or_create(
            volunteer=row.volunteer,
            defaults={"undeliverable_at": timezone.now(), "undeliverable_reason": error[:300]},
        )
        logger.warning(
            "reminder %s: address of volunteer %s refused (%s)", row.pk, row.volunteer_id, code
        )
        return Outcome.FAILED, 0
    if row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        Reminder.objects.filter(pk=row.pk).update(status=Reminder.Status.FAILED, last_error=error)
        logger.warning("reminder %s: gave up after %s attempts (%s)", row.pk, row.attempts, error)
        return Outcome.FAILED, 0
    delay = retry_delay(row.attempts)
    Reminder.objects.filter(pk=row.pk).update(
        status=Reminder.Status.QUEUED,
        queued_at=timezone.now() + datetime.timedelta(seconds=delay),
        last_error=error,
    )
    logger.info("reminder %s: temporary failure (%s), retry in %.0fs", row.pk, error, delay)
    enqueue([row.pk], countdown=delay)
    return Outcome.RETRY, delay


_ADDRESS = re.compile(r"[^\s<>@()\[\]\"',;:]+@[^\s<>@()\[\]\"',;:]+")


def redact_addresses(text: str) -> str:
    """SMTP errors quote the address; logs and the dashboard never show one (S11)."""
    return _ADDRESS.sub("<address>", text)


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: base x 2^(attempts-1) x [0.5, 1.5)."""
    base = settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return base * (0.5 + random.random())  # noqa: S311 - jitter, not a secret


def _postpone(ids: list[int], delay: float) -> None:
    if not ids:
        return
    Reminder.objects.filter(pk__in=ids, status=Reminder.Status.QUEUED).update(
        queued_at=timezone.now() + datetime.timedelta(seconds=delay)
    )
    enqueue(list(ids), countdown=delay)


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Enqueue again what a lost message or a killed worker left behind."""
    now = now or timezone.now()
    stuck_since = now - datetime.timedelta(seconds=settings.REMINDER_IN_FLIGHT_TIMEOUT_SECONDS)
    waiting_since = now - datetime.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        in_flight = list(
            Reminder.objects.filter(status=Reminder.Status.IN_FLIGHT, started_at__lt=stuck_since)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if in_flight:
            Reminder.objects.filter(pk__in=in_flight).update(
                status=Reminder.Status.QUEUED, queued_at=now
            )
            logger.warning(
                "sweep: %d reminders were in flight for too long and are queued again; "
                "each may have been sent before its worker stopped (possible duplicate): %s",
                len(in_flight),
                in_flight[:50],
            )
        queued = list(
            Reminder.objects.filter(status=Reminder.Status.QUEUED, queued_at__lt=waiting_since)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if queued:
            Reminder.objects.filter(pk__in=queued).update(queued_at=now)
            logger.info("sweep: %d queued reminders enqueued again", len(queued))
        ids = in_flight + queued
        transaction.on_commit(lambda: enqueue(ids))
    return {"in_flight": len(in_flight), "queued": len(queued)}


def backlog_age(now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How long the oldest row still waiting to be sent has waited."""
    oldest = (
        Reminder.objects.pending()
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return (now or timezone.now()) - oldest if oldest else None


def news_since(prisoner_ids, since: datetime.datetime, limit: int = 5):
    """Published case events recorded since `since`, newest first."""
    return (
        CaseEvent.objects.published()
        .filter(prisoner_id__in=prisoner_ids, created_at__gt=since)
        .select_related("prisoner")
        .order_by("-created_at")[:limit]
    )
