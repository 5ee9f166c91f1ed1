"""The weekly heartbeat: the tick that writes the outbox rows that are due.

`tick()` (beat, every 15 minutes) writes one OutgoingEmail row per due recipient, kind
and period under unique constraints, with conflicts ignored, so that any number of
ticks or beat processes makes each row once; it enqueues the new rows after commit.
Escalation for quiet defenders: a reminder, a nudge after REMINDER_NUDGE_AFTER_WEEKS,
the organizers told after REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS, and the adoption ends
as lapsed after REMINDER_LAPSE_AFTER_WEEKS.
"""

import datetime
import functools
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from advocacy.models import ORGANIZER_SQL, ORGANIZERS
from prisoners.models import CLOSED_STATUSES

from .. import figures, services, weeks
from ..models import Adoption
from ..organize.services import close_adoptions_of_closed_cases
from . import news
from .send import enqueue

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
       AND pr.status <> ALL(%(closed)s)
     WHERE {_DUE}
       AND NOT EXISTS (
           SELECT 1 FROM campaigns_post p
            WHERE p.volunteer_id = l.volunteer_id
              AND p.posted_at >= (l.week_start AT TIME ZONE l.tz))
       AND NOT EXISTS (
           SELECT 1 FROM campaigns_outgoingemail r
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
               SELECT 1 FROM campaigns_outgoingemail r
                WHERE r.volunteer_id = due.volunteer_id AND r.kind = 'nudge'
                  AND r.status = 'sent'
                  AND r.created_at > GREATEST(due.last_post, due.started_at))) AS warned
      FROM due
)
INSERT INTO campaigns_outgoingemail
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

# Supporters due this week to whose cases published events were added since their last
# digest went out (a first digest: in the last FIRST_WINDOW), as news.for_reader reads
# them: news, or older events added to the timeline (the email tells which).
DIGEST_SQL = f"""
WITH local AS ({_LOCAL})
INSERT INTO campaigns_outgoingemail (volunteer_id, period, kind, status, created_at, queued_at)
SELECT volunteer_id, {_PERIOD}, 'digest', 'queued', %(now)s, %(now)s
  FROM local l
 WHERE digest AND NOT mute AND {_DUE}
   AND EXISTS (
       SELECT 1 FROM campaigns_adoption a
         JOIN prisoners_caseevent e ON e.prisoner_id = a.prisoner_id
        WHERE a.volunteer_id = l.volunteer_id AND a.role = 'supporter' AND a.ended_at IS NULL
          AND e.is_published AND e.created_at <= %(now)s
          AND e.created_at > COALESCE(
              (SELECT max(r.sent_at) FROM campaigns_outgoingemail r
                WHERE r.volunteer_id = l.volunteer_id AND r.kind = 'digest'
                  AND r.status = 'sent'),
              %(now)s - %(first)s))
ON CONFLICT DO NOTHING
RETURNING id, kind, status, volunteer_id
"""  # noqa: S608 - built from constant fragments; values are parameters

# Organizers: the one definition (advocacy.models.ORGANIZER_SQL) over the row `u`.
_ORGANIZER = ORGANIZER_SQL.format(user="u", group="%(organizers)s")

# Organizers hear, at most once a day, of defenders newly quiet for ALERT weeks: the
# nudges of that depth made since the last alert.
ALERT_SQL = f"""
INSERT INTO campaigns_outgoingemail (volunteer_id, period, kind, status, created_at, queued_at)
SELECT u.id, %(day)s, 'organizer_alert', 'queued', %(now)s, %(now)s
  FROM advocacy_user u
 WHERE {_ORGANIZER}
   AND EXISTS (
        SELECT 1 FROM campaigns_outgoingemail r
         WHERE r.kind = 'nudge' AND r.weeks_quiet >= %(alert)s
           AND r.created_at > COALESCE(
               (SELECT max(created_at) FROM campaigns_outgoingemail
                 WHERE kind = 'organizer_alert'), '-infinity'))
ON CONFLICT DO NOTHING
RETURNING id, kind, status, volunteer_id
"""  # noqa: S608 - built from constant fragments; values are parameters

# Every organizer gets the weekly digest once per campaign week (the period), from
# Monday ORGANIZER_DIGEST_HOUR in the campaign's time zone; tick() decides the moment.
ORGANIZER_DIGEST_SQL = f"""
INSERT INTO campaigns_outgoingemail (volunteer_id, period, kind, status, created_at, queued_at)
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
    local = weeks.campaign_now(now)
    moment = datetime.datetime.combine(
        weeks.monday(local.date()), datetime.time(settings.ORGANIZER_DIGEST_HOUR)
    )
    if local.replace(tzinfo=None) < moment:
        return None
    return weeks.iso_period(local.date())


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
    result = TickResult()
    # Defences of cases closed outside the dashboard end first: nobody is reminded
    # about someone released or dead.
    close_adoptions_of_closed_cases()
    with transaction.atomic():
        rows = _weekly_rows(now, result)
        figures.snapshot(now)
        rows += _run(DIGEST_SQL, {"now": now, "first": news.FIRST_WINDOW})
        rows += _organizer_rows(now)
        result.created.update(kind for _id, kind, _status, _volunteer in rows)
        result.queued = [pk for pk, _kind, status, _v in rows if status == "queued"]
        transaction.on_commit(lambda: enqueue(result.queued))
    if rows:
        logger.info(
            "tick: %s; %d adoptions lapsed", dict(result.created) or "nothing new", result.lapsed
        )
    return result


def _weekly_rows(now: datetime.datetime, result: TickResult) -> list[tuple]:
    """Reminders, nudges and lapse notes; a lapse ends the adoption in the same commit."""
    rows = _run(
        WEEKLY_SQL,
        {
            "now": now,
            "closed": list(CLOSED_STATUSES),
            "nudge": settings.REMINDER_NUDGE_AFTER_WEEKS,
            "lapse": settings.REMINDER_LAPSE_AFTER_WEEKS,
        },
    )
    lapsed = [volunteer for _id, kind, _status, volunteer in rows if kind == "lapsed"]
    if lapsed:
        ended = services.end_adoptions(
            Adoption.objects.active().defenders().filter(volunteer_id__in=lapsed),
            reason=Adoption.EndReason.LAPSED,
            at=now,
        )
        result.lapsed = len(ended)
    return rows


def _organizer_rows(now: datetime.datetime) -> list[tuple]:
    """The organizers' daily alert of quiet defenders, and their Monday digest."""
    day = weeks.campaign_now(now).date().isoformat()
    alert = settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS
    params = {"now": now, "organizers": ORGANIZERS}
    rows = _run(ALERT_SQL, {**params, "day": day, "alert": alert})
    digest_week = organizer_digest_week(now)
    if digest_week:
        rows += _run(ORGANIZER_DIGEST_SQL, {**params, "week": digest_week})
    return rows
