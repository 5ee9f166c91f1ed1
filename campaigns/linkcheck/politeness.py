"""Per-host politeness, shared by every worker through Redis (Django's cache).

A host gets at most LINK_CHECK_PER_HOST_PER_MINUTE requests a minute (a fixed window per
clock minute), and after a 429 or a 5xx it rests: for its Retry-After (at most an hour),
else LINK_CHECK_BACKOFF_SECONDS, doubling with each failure in a row. The rest is kept
as the time it ends, so the cache's expiry (whole seconds) only tidies up.
"""

import datetime
import math
import threading
import time
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.core.cache import cache

MAX_REST_SECONDS = 3600
# Failures in a row are forgotten after a day without one.
_FAILURES_KEPT_SECONDS = 24 * 3600

# One round trip (B8): is the host resting? if not, take requests from this minute's
# window; and has it failures in a row to forget on success? Atomic in Redis, so two
# workers never both take the last request of a minute. The time comes from the
# caller (time-machine in tests), the keys' expiry only tidies up.
_WAIT_FOR = """
local rest = redis.call('GET', KEYS[1])
if rest and tonumber(rest) > tonumber(ARGV[1]) then return {rest, 0, 0} end
local sent = redis.call('INCRBY', KEYS[2], ARGV[2])
if sent == tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[2], 120) end
return {'', sent, redis.call('EXISTS', KEYS[3])}
"""
# A host allowed many requests a minute (a platform's API) is asked for in blocks: a
# process takes up to this many of the minute's requests at once and spends them
# itself. A host at the default 60 a minute is asked for one request at a time.
BLOCK = 32
# host -> (minute, requests this process took and has not spent yet)
_held: dict[str, tuple[int, int]] = {}
_held_lock = threading.Lock()
# Hosts this process saw with failures in a row: only they need a reset on success.
_failing: set[str] = set()


_client = {}


def _redis():
    """The cache's own Redis (CACHE_URL): `cache.clear()` in tests empties it too.

    One client per process: building one costs more than the round trip (B8). Its
    connection pool is fork-safe (a Celery pool process makes its own connections).
    """
    if "redis" not in _client:
        _client["redis"] = cache._cache.get_client(write=True)
        _client["wait_for"] = _client["redis"].register_script(_WAIT_FOR)
    return _client["redis"]


def _key(kind: str, host: str) -> str:
    return f"linkcheck:{kind}:{host.lower()}"


def wait_for(host: str) -> float | None:
    """Seconds before `host` may be contacted, or None: go, the request is counted."""
    now = time.time()
    minute = int(now // 60)
    with _held_lock:
        held_minute, held = _held.get(host, (minute, 0))
        if held_minute == minute and held > 0:
            _held[host] = (minute, held - 1)
            return None
    limit = settings.LINK_CHECK_PER_HOST_PER_MINUTE
    block = max(1, min(BLOCK, limit // BLOCK))
    keys = [_key("rest", host), _key(f"minute:{minute}", host), _key("failures", host)]
    _redis()
    rest, sent, failing = _client["wait_for"](keys=keys, args=[repr(now), block])
    if rest:
        return float(rest) - now
    if failing:
        _failing.add(host)
    granted = min(block, limit - (sent - block))
    if granted <= 0:
        return (minute + 1) * 60 - now
    with _held_lock:
        _held[host] = (minute, granted - 1)
    return None


def forget_held() -> None:
    """This process's unspent requests are given up (tests; a host that failed)."""
    with _held_lock:
        _held.clear()


def failed(host: str, retry_after: str | None = None) -> float:
    """The host answered 429 or 5xx: it rests. Returns the rest, in seconds."""
    with _held_lock:
        _held.pop(host, None)  # this process stops at once; the others at their next block
    client = _redis()
    key = _key("failures", host)
    failures = client.incr(key)
    client.expire(key, _FAILURES_KEPT_SECONDS)
    _failing.add(host)
    rest = parse_retry_after(retry_after)
    if rest is None:
        rest = settings.LINK_CHECK_BACKOFF_SECONDS * 2 ** min(failures - 1, 16)
    rest = min(max(rest, 1.0), MAX_REST_SECONDS)
    client.set(_key("rest", host), repr(time.time() + rest), ex=math.ceil(rest) + 1)
    return rest


def succeeded(host: str) -> None:
    """The host answered: its failures in a row start again from zero."""
    if host in _failing:
        _redis().delete(_key("failures", host))
        _failing.discard(host)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds (a number of seconds or an HTTP date), None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(when.timestamp() - time.time(), 0.0)
