"""When each post's link is checked, and handing due checks out to the `links` workers.

A post with a link is due at once when it is logged, then 1 day, 1 week and 30 days
after, then every 30 days until a year has passed; then never again. A transient failure
(timeout, 5xx) retries sooner, after 1 h, 4 h and 16 h (LINK_CHECK_BACKOFF_SECONDS x 60,
x 4 each time), then falls back to the schedule.

`Post.link_next_check_at` is both the schedule and the lease. `claim()` moves every due
post it takes LINK_CHECK_LEASE_SECONDS ahead in one statement that skips locked rows, and
hands out (id, token) pairs, the token being the new value: only a message carrying the
value the row still holds may check it (campaigns/linkcheck/record.py), so a message
delivered twice, or two beats, check a post once; a message that is lost leaves the post
due again when the lease ends.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from advocacy.celery import app

from ..models import Post

logger = logging.getLogger(__name__)

DAY = datetime.timedelta(days=1)
# After the first check: these, then every MONTH until HORIZON after the post was logged.
STEPS = (DAY, 7 * DAY, 30 * DAY)
MONTH = 30 * DAY
HORIZON = 365 * DAY
# Transient failures in a row retried sooner: 1 h, 4 h, 16 h (with the default setting).
RETRIES = 3
RETRY_GROWTH = 4
# Posts claimed per statement, and at most per beat tick: a backlog (the migration made
# every old post due at once) is handed out over several ticks, not in one burst that
# would outlive its lease in the queue.
CLAIM_BATCH = 1000
CLAIMS_PER_TICK = 20_000

# The tasks (campaigns/linkcheck/tasks.py) by name: they import this module.
CHECK_TASK = "campaigns.linkcheck.tasks.check_links"

Pair = tuple[int, str]


def regular_after(created_at: datetime.datetime, now: datetime.datetime):
    """The first point of the schedule after `now`, or None once the year is over."""
    for step in STEPS:
        if created_at + step > now:
            return created_at + step
    months = (now - created_at) // MONTH + 1
    moment = created_at + months * MONTH
    return moment if moment <= created_at + HORIZON else None


def backoff(failures: int) -> datetime.timedelta:
    """How long after the `failures`-th transient failure in a row to try again."""
    seconds = settings.LINK_CHECK_BACKOFF_SECONDS * 60 * RETRY_GROWTH ** (failures - 1)
    return datetime.timedelta(seconds=seconds)


def next_check(created_at, now, *, transient: bool, failures: int):
    """When to check again after a check at `now`: (next check or None, failures).

    `failures` is the number of transient failures in a row before this check.
    """
    regular = regular_after(created_at, now)
    if not transient:
        return regular, 0
    failures += 1
    if failures > RETRIES:
        return regular, failures
    retry = now + backoff(failures)
    return (retry if regular is None else min(retry, regular)), failures


def token(moment: datetime.datetime) -> str:
    return moment.isoformat()


def due_now(post: Post) -> None:
    """A post being logged: due a first check at once if it has a link."""
    post.link_next_check_at = timezone.now() if post.link else None


def check_soon(post: Post) -> None:
    """After the commit, a check of the post just logged (inside its transaction).

    Its result is what the volunteer sees ("this link does not open"). With the broker
    down the post waits for the beat: it is due.
    """
    if post.link_next_check_at is not None:
        pair = (post.pk, token(post.link_next_check_at))
        # robust: the post is committed whatever happens here; an unexpected failure
        # to enqueue is logged, never a 500 after the fact, and the beat finds it due.
        transaction.on_commit(lambda: enqueue([pair]), robust=True)


def enqueue(pairs: list[Pair]) -> bool:
    """LINK_CHECK_CHUNK_SIZE (id, token) pairs per broker message; whether all went."""
    task = app.tasks[CHECK_TASK]
    size = settings.LINK_CHECK_CHUNK_SIZE
    for start in range(0, len(pairs), size):
        chunk = [list(pair) for pair in pairs[start : start + size]]
        # What monitoring shows of the arguments, as Celery's saferepr writes them, written
        # here for the one post just logged (saferepr was a sixth of a publish's Python).
        shown = {"argsrepr": f"({chunk!r},)", "kwargsrepr": "{}"} if len(chunk) == 1 else {}
        try:
            task.apply_async((chunk,), **shown)
        except (BrokerError, OSError, RedisError) as exc:
            # The posts are leased: they are due again when the lease ends.
            logger.warning("broker unreachable (%s): link checks wait for the lease", exc)
            return False
    return True


# The lease is never the value a row held before (GREATEST with one microsecond more): a
# frozen or stepped-back clock cannot hand out a token an older message still carries.
CLAIM_SQL = """
UPDATE campaigns_post
   SET link_next_check_at = GREATEST(%(lease)s, link_next_check_at + INTERVAL '1 microsecond')
 WHERE id IN (SELECT id FROM campaigns_post
               WHERE link_next_check_at <= %(now)s AND link <> ''
               ORDER BY link_next_check_at
               LIMIT %(limit)s
                 FOR UPDATE SKIP LOCKED)
RETURNING id, link_next_check_at
"""


def claim(limit: int, now: datetime.datetime | None = None) -> list[Pair]:
    """Lease up to `limit` due posts, oldest due first: their (id, token) pairs."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=settings.LINK_CHECK_LEASE_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL, {"now": now, "lease": lease, "limit": limit})
        rows = cursor.fetchall()
    return [(pk, token(moment)) for pk, moment in sorted(rows)]


def check_due(limit: int = CLAIMS_PER_TICK) -> int:
    """The beat's tick: claim due posts and enqueue them in chunks; how many."""
    handed = 0
    while handed < limit:
        pairs = claim(min(CLAIM_BATCH, limit - handed))
        if not pairs:
            break
        handed += len(pairs)
        if not enqueue(pairs):
            break
    if handed:
        logger.info("link checks handed out: %d", handed)
    return handed
