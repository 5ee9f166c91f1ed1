"""Checking one chunk of posts, once each, and keeping what was found.

`check_chunk(pairs)` takes the chunk's posts by compare-and-set: a post is taken only if
its `link_next_check_at` still holds the message's token, and moved to a new lease value
in the same statement, so that a message delivered twice, or a post claimed again after
its lease, is checked by one worker. The fetching (campaigns.linkcheck.checkers) runs
outside any transaction or row lock. The results are written together, in one
transaction per batch, again only where the row still holds the lease this worker set:
the `LinkCheck` history rows, the post's current state and next check, and the daily
rollup (`CensorshipDay`), bumped by upsert. The statements per chunk do not depend on
its size.
"""

import datetime
import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import LinkCheck, Post
from . import checkers, schedule
from .outcome import Outcome

logger = logging.getLogger(__name__)

Status = Post.LinkStatus
GONE = (Status.REMOVED, Status.ACCOUNT_SUSPENDED)
# Results are written at least this often, so that a chunk cut short (a killed worker)
# keeps most of what it found.
FLUSH_SECONDS = 30
# A chunk stops checking after this share of the task's soft time limit (slow hosts,
# timeouts): the posts it did not reach are due again at once, for another message.
BUDGET = 0.75

TAKE_SQL = """
UPDATE campaigns_post p
   SET link_next_check_at = GREATEST(%(lease)s, p.link_next_check_at + INTERVAL '1 microsecond')
  FROM unnest(%(ids)s::bigint[], %(tokens)s::timestamptz[]) AS t(id, token)
 WHERE p.id = t.id AND p.link_next_check_at = t.token AND p.link <> ''
RETURNING p.id, p.link, p.platform, p.prisoner_id, p.created_at, p.link_status,
          p.link_checked_at, p.link_live_at, p.link_gone_at, p.link_check_failures,
          p.link_next_check_at
"""

WRITE_SQL = """
UPDATE campaigns_post p
   SET link_status = v.status, link_checked_at = v.checked_at, link_live_at = v.live_at,
       link_gone_at = v.gone_at, link_check_failures = v.failures,
       link_next_check_at = v.next_at
  FROM unnest(%s::bigint[], %s::timestamptz[], %s::varchar[], %s::timestamptz[],
              %s::timestamptz[], %s::timestamptz[], %s::integer[], %s::timestamptz[])
       AS v(id, lease, status, checked_at, live_at, gone_at, failures, next_at)
 WHERE p.id = v.id AND p.link_next_check_at = v.lease
RETURNING p.id
"""

BUMP_SQL = """
INSERT INTO campaigns_censorshipday (day, platform, prisoner_id, checked, removed, suspended)
SELECT * FROM unnest(%s::date[], %s::varchar[], %s::bigint[], %s::integer[], %s::integer[],
                     %s::integer[])
ON CONFLICT (day, platform, prisoner_id) DO UPDATE
   SET checked = campaigns_censorshipday.checked + EXCLUDED.checked,
       removed = campaigns_censorshipday.removed + EXCLUDED.removed,
       suspended = campaigns_censorshipday.suspended + EXCLUDED.suspended
"""


@dataclass(frozen=True)
class Taken:
    """A post as this worker took it (its state before the check) and its lease."""

    id: int
    link: str
    platform: str
    prisoner_id: int
    created_at: datetime.datetime
    status: str
    checked_at: datetime.datetime | None
    live_at: datetime.datetime | None
    gone_at: datetime.datetime | None
    failures: int
    lease: datetime.datetime


@dataclass(frozen=True)
class Result:
    """What to write for one post: its new state, and the check, if one counts."""

    post: Taken
    status: str
    checked_at: datetime.datetime | None
    live_at: datetime.datetime | None
    gone_at: datetime.datetime | None
    failures: int
    next_at: datetime.datetime | None
    outcome: Outcome | None = None


def take(pairs, now: datetime.datetime | None = None) -> list[Taken]:
    """The posts of `pairs` ([id, token]) that still hold their token, leased anew."""
    if not pairs:
        return []
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=settings.LINK_CHECK_LEASE_SECONDS)
    ids = [int(pk) for pk, _token in pairs]
    tokens = [datetime.datetime.fromisoformat(value) for _pk, value in pairs]
    with connection.cursor() as cursor:
        cursor.execute(TAKE_SQL, {"lease": lease, "ids": ids, "tokens": tokens})
        rows = cursor.fetchall()
    return [Taken(*row) for row in sorted(rows)]


def judge(post: Taken, outcome: Outcome, now: datetime.datetime) -> Result:
    """The post's new state after `outcome`, found at `now`."""
    if outcome.retry_after is not None:
        # The host asked us to wait: no check happened, the post only moves.
        return postpone(post, now + datetime.timedelta(seconds=outcome.retry_after))
    transient = outcome.transient and outcome.status == Status.UNKNOWN
    next_at, failures = schedule.next_check(
        post.created_at, now, transient=transient, failures=post.failures
    )
    live_at, gone_at = post.live_at, post.gone_at
    if outcome.status == Status.LIVE:
        live_at, gone_at = now, None
    elif outcome.status in GONE and gone_at is None:
        gone_at = now
    return Result(post, outcome.status, now, live_at, gone_at, failures, next_at, outcome)


def postpone(post: Taken, until: datetime.datetime) -> Result:
    """The post unchanged, due again at `until`: no check counts."""
    return Result(
        post, post.status, post.checked_at, post.live_at, post.gone_at, post.failures, until
    )


def check_one(post: Taken) -> Outcome:
    """The checker's answer; a checker's bug is an unknown, transient, not a lost chunk."""
    try:
        return checkers.check(post.link, post.platform)
    except SoftTimeLimitExceeded:
        raise
    except Exception as exc:
        logger.exception("checking post %s failed", post.id)
        return Outcome(Status.UNKNOWN, detail=f"error: {type(exc).__name__}"[:200], transient=True)


def check_chunk(pairs) -> Counter:
    """Check the posts of one broker message, once each; counts by status written.

    The fetches run in LINK_CHECK_THREADS threads: a check mostly waits for a distant
    server, and the waits overlap (B8). Only this thread touches the database.
    """
    posts = take(pairs)
    written: Counter = Counter()
    results: list[Result] = []
    flushed = time.monotonic()
    budget = BUDGET * (settings.CELERY_TASK_SOFT_TIME_LIMIT or 240)
    pool = ThreadPoolExecutor(settings.LINK_CHECK_THREADS, thread_name_prefix="linkcheck")
    pending = {pool.submit(check_one, post): post for post in posts}
    try:
        for future in as_completed(list(pending), timeout=budget):
            post = pending.pop(future)
            results.append(judge(post, future.result(), timezone.now()))
            if time.monotonic() - flushed > FLUSH_SECONDS:
                written += write(results)
                results, flushed = [], time.monotonic()
    except FuturesTimeout:
        # Past the budget: the posts not reached are due again at once, for another
        # message; a fetch already running ends within its own deadline and counts.
        running = [future for future in pending if not future.cancel()]
        for future in running:
            results.append(judge(pending.pop(future), future.result(), timezone.now()))
        logger.warning("link checks handed back at the time budget: %d", len(pending))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        # Also when the time limit cuts the chunk short: what was found is kept.
        now = timezone.now()
        written += write(results + [postpone(post, now) for post in pending.values()])
    return written


@transaction.atomic
def write(results: list[Result]) -> Counter:
    """Write the results whose posts still hold this worker's lease, in one transaction."""
    if not results:
        return Counter()
    kept = _write_posts(results)
    if len(kept) < len(results):
        logger.warning("link checks that lost their lease: %d", len(results) - len(kept))
    results = [result for result in results if result.post.id in kept]
    checks = [result for result in results if result.outcome is not None]
    LinkCheck.objects.bulk_create(
        [
            LinkCheck(
                post_id=result.post.id,
                checked_at=result.checked_at,
                status=result.status,
                previous_status=result.post.status,
                http_status=result.outcome.http_status,
                detail=result.outcome.detail[:200],
            )
            for result in checks
        ]
    )
    _bump(checks)
    return Counter("postponed" if r.outcome is None else r.status for r in results)


def _write_posts(results: list[Result]) -> set[int]:
    columns = [
        [r.post.id for r in results],
        [r.post.lease for r in results],
        [r.status for r in results],
        [r.checked_at for r in results],
        [r.live_at for r in results],
        [r.gone_at for r in results],
        [r.failures for r in results],
        [r.next_at for r in results],
    ]
    with connection.cursor() as cursor:
        cursor.execute(WRITE_SQL, columns)
        return {pk for (pk,) in cursor.fetchall()}


def _bump(checks: list[Result]) -> None:
    """The daily rollup: a post's first check; a post gone since it was last seen."""
    counts: Counter = Counter()
    for result in checks:
        key = (result.checked_at.date(), result.post.platform, result.post.prisoner_id)
        if result.post.checked_at is None:
            counts[(*key, "checked")] += 1
        if result.post.gone_at is None and result.gone_at is not None:
            column = "removed" if result.status == Status.REMOVED else "suspended"
            counts[(*key, column)] += 1
    keys = sorted({key[:3] for key in counts})
    if not keys:
        return
    columns = [
        [day for day, _p, _r in keys],
        [platform for _d, platform, _r in keys],
        [prisoner for _d, _p, prisoner in keys],
        *([counts[(*key, name)] for key in keys] for name in ("checked", "removed", "suspended")),
    ]
    with connection.cursor() as cursor:
        cursor.execute(BUMP_SQL, columns)
