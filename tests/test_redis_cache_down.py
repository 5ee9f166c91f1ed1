"""QUALITY R5: with the cache's Redis down the site stays up (advocacy/redis_cache.py):
people sign in, read and act; pages are rendered from the database, slower but whole."""

import logging
import time

import pytest
from django.conf import settings as live_settings
from django.core.cache import cache, caches

from advocacy import pagecache
from advocacy.redis_cache import DOWN_SECONDS, TolerantRedisCache
from campaigns.models import Adoption

from .conftest import PASSWORD
from .test_sign_in_limits import ATTACKER, fail_five_times, sign_in

DOWN = {
    "default": {
        "BACKEND": "advocacy.redis_cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        "KEY_PREFIX": "advocacy",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
REAL = live_settings.CACHES["default"]["LOCATION"]


@pytest.fixture
def redis_down(settings):
    TolerantRedisCache.forget_outage()
    settings.CACHES = DOWN
    yield
    TolerantRedisCache.forget_outage()
    pagecache._memo["owed"] = False


def test_the_site_uses_the_tolerant_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "advocacy.redis_cache.TolerantRedisCache"


def test_visitors_read_every_public_page(client, redis_down, prisoner, caplog):
    with caplog.at_level(logging.ERROR, logger="advocacy.redis_cache"):
        for url in ["/", "/prisoners/", "/prisoners/?q=wang", prisoner.get_absolute_url()]:
            assert client.get(url).status_code == 200, url
    # Said once per outage, not once per call.
    assert caplog.text.count("Redis cache unreachable") == 1


def test_a_volunteer_signs_in_claims_and_signs_out(client, redis_down, volunteer, prisoner):
    # allauth's rate limits live in the cache: without it, sign-in still works.
    response = client.post("/accounts/login/", {"login": volunteer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    response = client.post(f"/prisoners/{prisoner.slug}/defend/")
    assert response.status_code == 302
    assert Adoption.objects.active().get(prisoner=prisoner).volunteer == volunteer
    assert client.get(prisoner.get_absolute_url()).status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


def test_after_a_failure_redis_is_left_alone_for_a_few_seconds(redis_down, settings):
    assert caches["default"].get("anything", "fallback") == "fallback"
    assert TolerantRedisCache._down_until > time.monotonic() + DOWN_SECONDS - 1
    # The real Redis again: during the pause it is not even asked...
    settings.CACHES = {"default": {**DOWN["default"], "LOCATION": REAL}}
    cache.set("anything", "cached")
    TolerantRedisCache.forget_outage()
    assert cache.get("anything") is None  # ...so that write was dropped;
    cache.set("anything", "cached")  # after the pause it answers again.
    assert cache.get("anything") == "cached"


def test_reads_miss_writes_drop_and_add_goes_ahead(redis_down):
    down = caches["default"]
    assert down.get_many(["a", "b"]) == {}
    assert down.set("a", 1) is None and down.delete("a") is False
    assert down.add("lock", 1) is True  # allauth's rate-limit lock does not spin
    assert down.get_or_set("a", lambda: 7) == 7
    assert down.has_key("a") is False


def test_sign_in_failures_are_still_limited_while_redis_is_down(redis_down, volunteer):
    # Kept in the process's memory during the outage (OUTAGE_CACHE): guessing passwords
    # gets the same 429 after five failures as with Redis up (tests/test_sign_in_limits.py).
    fail_five_times(volunteer.email, ATTACKER)
    assert sign_in(volunteer.email, PASSWORD, ATTACKER).status_code == 429
    # Other keys still miss: nothing but rate limits is kept in the process.
    down = caches["default"]
    down.set("page", "cached")
    assert down.get("page") is None
    assert down.add("allauth:rl:x:lock", 1) is True and down.add("allauth:rl:x:lock", 1) is False


def test_a_change_during_the_outage_retires_the_cached_pages_when_redis_is_back(
    redis_down, settings
):
    settings.CACHES = {"default": {**DOWN["default"], "LOCATION": REAL}}
    pagecache._memo["until"] = 0.0
    before = pagecache.generation()  # pages cached under it before the outage
    settings.CACHES = DOWN
    pagecache.pages_changed()  # a prisoner edited while Redis is down: not told to Redis
    settings.CACHES = {"default": {**DOWN["default"], "LOCATION": REAL}}
    TolerantRedisCache.forget_outage()  # Redis is back
    pagecache._memo["until"] = 0.0  # the next read of the generation (within a second)
    after = pagecache.generation()
    assert after != before
    assert cache.get(pagecache.GENERATION_KEY) == after  # for every process, not this one only


def test_a_process_that_saw_the_outage_moves_the_generation_when_redis_is_back(
    redis_down, settings
):
    # A worker may have changed prisoners during the outage and could not say so: every
    # web process that saw the outage moves the generation once Redis answers again.
    settings.CACHES = {"default": {**DOWN["default"], "LOCATION": REAL}}
    pagecache._memo["until"] = 0.0
    before = pagecache.generation()
    settings.CACHES = DOWN
    pagecache._memo["until"] = 0.0
    pagecache.generation()  # a page read during the outage
    settings.CACHES = {"default": {**DOWN["default"], "LOCATION": REAL}}
    TolerantRedisCache.forget_outage()
    pagecache._memo["until"] = 0.0
    after = pagecache.generation()
    assert after != before and cache.get(pagecache.GENERATION_KEY) == after
    pagecache._memo["until"] = 0.0
    assert pagecache.generation() == after  # once, not at every read
