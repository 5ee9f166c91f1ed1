"""Sessions read from Redis, kept in PostgreSQL: a signed-in page costs no session query.

Django's `cached_db` backend, with two changes for a cache that may be down:

- every cache call is guarded: with Redis stopped, sessions are read from and written
  to PostgreSQL alone, and nobody is signed out or shown an error;
- the cached copy lives at most SESSION_CACHE_SECONDS (an hour by default), so that a
  copy a cache failure kept alive (a sign-out while Redis was unreachable, then Redis
  back with its data) cannot outlive that: the table decides again after it.

Signing out, an expired session and `clearsessions` work as with the database backend.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def _cache_seconds(self, expiry_age: int) -> int:
        return max(0, min(expiry_age, settings.SESSION_CACHE_SECONDS))

    def _cache_call(self, method: str, *args) -> None:
        try:
            getattr(self._cache, method)(*args)
        except Exception:
            logger.warning("Session cache %s failed; the database answers alone", method)

    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        age = self._cache_seconds(self.get_expiry_age(expiry=stored.expire_date))
        self._cache_call("set", self.cache_key, data, age)
        return data

    def exists(self, session_key):
        # Asked when a new key is made: the table is the authority (and is up).
        return DBStore.exists(self, session_key)

    def save(self, must_create=False):
        DBStore.save(self, must_create)
        self._cache_call(
            "set", self.cache_key, self._session, self._cache_seconds(self.get_expiry_age())
        )

    def delete(self, session_key=None):
        DBStore.delete(self, session_key)
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        # Past the tolerant cache's pause (advocacy/redis_cache.py): a sign-out must reach
        # Redis whenever it answers, or the cached copy outlives the table's row.
        try:
            RedisCache.delete(self._cache, self.cache_key_prefix + session_key)
        except Exception:
            logger.warning("Session cache delete failed; the database answers alone")
