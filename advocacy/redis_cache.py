"""Django's Redis cache, for a Redis that may be down (QUALITY R5: the web app stays up).

Everything the cache holds can be recomputed: pages, card fragments, counts, sessions
(kept in PostgreSQL, advocacy/sessions.py). So when Redis does not answer, a read is a
miss, a write is dropped, an `add` succeeds, and the page is rendered from the database,
slower but whole.

allauth's rate limits (sign-in failures, sign-ups, mails sent) are the exception: a
limit that lapses whenever Redis does would invite guessing passwords during an outage.
Their keys are kept in this process's memory while Redis is away (OUTAGE_CACHE), so each
process still counts; with N processes an address gets at most N times its limit until
Redis is back, when the shared counts in Redis apply again.

After a failure the cache is not asked again for DOWN_SECONDS, so that a Redis that
hangs (each call waiting for its socket timeout) costs one wait, not one per call.
`incr` and the raw client (advocacy/pagecache.py) still raise: their callers decide.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0
RATE_LIMITS = "allauth:rl:"  # allauth.core.internal.ratelimit.get_cache_key
OUTAGE_CACHE = LocMemCache("advocacy-outage", {"OPTIONS": {"MAX_ENTRIES": 20_000}})


class ReusedClients(RedisCacheClient):
    """One redis-py client per connection pool, made once: Django makes a new one for
    every call, which cost more Python than the rest of reading a session (issue 17).
    A client is safe to share between threads; its pool hands out the connections."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


def _super(cache):
    return super(TolerantRedisCache, cache)


class TolerantRedisCache(RedisCache):
    _down_until = 0.0  # per process: monotonic time before which Redis is not asked

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients

    def _guarded(self, call, fallback, here=None):
        """call(), or while Redis is away `here()` for a rate limit, else fallback."""
        if time.monotonic() < TolerantRedisCache._down_until:
            return here() if here else fallback
        try:
            return call()
        except RedisError as error:
            if TolerantRedisCache._down_until == 0.0:
                logger.error("Redis cache unreachable, pages are rendered without it: %s", error)
            TolerantRedisCache._down_until = time.monotonic() + DOWN_SECONDS
            return here() if here else fallback

    @staticmethod
    def _here(key, method, *args):
        """For a rate limit's key: the same call on OUTAGE_CACHE, to make while Redis is
        away; None for any other key."""
        if isinstance(key, str) and key.startswith(RATE_LIMITS):
            return lambda: getattr(OUTAGE_CACHE, method)(key, *args)
        return None

    @classmethod
    def forget_outage(cls) -> None:
        cls._down_until = 0.0
        OUTAGE_CACHE.clear()

    def get(self, key, default=None, version=None):
        return self._guarded(
            lambda: _super(self).get(key, default, version),
            default,
            self._here(key, "get", default, version),
        )

    def get_many(self, keys, version=None):
        return self._guarded(lambda: _super(self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded(lambda: _super(self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: _super(self).add(key, value, timeout, version),
            True,
            self._here(key, "add", value, timeout, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(
            lambda: _super(self).set(key, value, timeout, version),
            None,
            self._here(key, "set", value, timeout, version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: _super(self).set_many(data, timeout, version),
            list(data),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: _super(self).touch(key, timeout, version),
            False,
        )

    def delete(self, key, version=None):
        here = self._here(key, "delete", version)
        if here:  # a rate limit's lock taken during an outage that ended since
            here()
        return self._guarded(lambda: _super(self).delete(key, version), False, here)

    def delete_many(self, keys, version=None):
        self._guarded(lambda: _super(self).delete_many(keys, version), None)

    def clear(self):
        return self._guarded(lambda: _super(self).clear(), False)
