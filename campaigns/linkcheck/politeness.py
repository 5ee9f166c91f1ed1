"""Per-host politeness, shared by every worker through Redis (Django's cache).

A host gets at most LINK_CHECK_PER_HOST_PER_MINUTE requests a minute (a fixed window per
clock minute), and after a 429 or a 5xx it rests: for its Retry-After (at most an hour),
else LINK_CHECK_BACKOFF_SECONDS, doubling with each failure in a row. The rest is kept
as the time it ends, so the cache's expiry (whole seconds) only tidies up.
"""

import datetime
import math
import time
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.core.cache import cache

MAX_REST_SECONDS = 3600
# Failures in a row are forgotten after a day without one.
_FAILURES_KEPT_SECONDS = 24 * 3600


def _key(kind: str, host: str) -> str:
    return f"linkcheck:{kind}:{host.lower()}"


def wait_for(host: str) -> float | None:
    """Seconds before `host` may be contacted, or None: go, the request is counted."""
    now = time.time()
    until = cache.get(_key("rest", host))
    if until is not None and until > now:
        return until - now
    minute = int(now // 60)
    key = _key(f"minute:{minute}", host)
    # add + incr: atomic in Redis, so workers never both take the last request.
    cache.add(key, 0, timeout=120)
    try:
        sent = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=120)
        sent = 1
    if sent > settings.LINK_CHECK_PER_HOST_PER_MINUTE:
        return (minute + 1) * 60 - now
    return None


def failed(host: str, retry_after: str | None = None) -> float:
    """The host answered 429 or 5xx: it rests. Returns the rest, in seconds."""
    key = _key("failures", host)
    cache.add(key, 0, timeout=_FAILURES_KEPT_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:
        failures = 1
    rest = parse_retry_after(retry_after)
    if rest is None:
        rest = settings.LINK_CHECK_BACKOFF_SECONDS * 2 ** min(failures - 1, 16)
    rest = min(max(rest, 1.0), MAX_REST_SECONDS)
    cache.set(_key("rest", host), time.time() + rest, timeout=math.ceil(rest) + 1)
    return rest


def succeeded(host: str) -> None:
    """The host answered: its failures in a row start again from zero."""
    cache.delete(_key("failures", host))


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
