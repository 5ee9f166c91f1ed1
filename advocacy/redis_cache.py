"""Django's Redis cache, for a Redis that may be down (QUALITY R5: the web app stays up).

Everything the cache holds can be recomputed: pages, card fragments, counts, sessions
(kept in PostgreSQL, advocacy/sessions.py), allauth's rate-limit history. So when Redis
does not answer, a read is a miss, a write is dropped, an `add` succeeds (allauth's
rate-limit lock then goes ahead: limits are not enforced until Redis is back, which the
log says) and the page is rendered from the database, slower but whole.

After a failure the cache is not asked again for DOWN_SECONDS, so that a Redis that
hangs (each call waiting for its socket timeout) costs one wait, not one per call.
`incr` and the raw client (advocacy/pagecache.py) still raise: their callers decide.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

logger = logging.getLogger(__name__)

DOWN_SECONDS = 5.0


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

    def _guarded(self, call, fallback):
        if time.monotonic() < TolerantRedisCache._down_until:
            return fallback
        try:
            return call()
        except RedisError as error:
            if TolerantRedisCache._down_until == 0.0:
                logger.error("Redis cache unreachable, pages are rendered without it: %s", error)
            TolerantRedisCache._down_until = time.monotonic() + DOWN_SECONDS
            return fallback

    @classmethod
    def forget_outage(cls) -> None:
        cls._down_until = 0.0

    def get(self, key, default=None, version=None):
        return self._guarded(lambda: _super(self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._guarded(lambda: _super(self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guarded(lambda: _super(self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: _super(self).add(key, value, timeout, version),
            True,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(
            lambda: _super(self).set(key, value, timeout, version),
            None,
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
        return self._guarded(lambda: _super(self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        self._guarded(lambda: _super(self).delete_many(keys, version), None)

    def clear(self):
        return self._guarded(lambda: _super(self).clear(), False)
