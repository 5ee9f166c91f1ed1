"""Sessions are read from Redis and kept in PostgreSQL (advocacy/sessions.py): a signed-in
page reads no session from the table, and with Redis down nobody is signed out."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advocacy import sessions
from advocacy.redis_cache import TolerantRedisCache

# Nothing listens there: every cache call fails at once.
DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def _ttl(key: str) -> int:
    made = cache.make_and_validate_key(key)
    return cache._cache.get_client(made).ttl(made)


def _session_queries(client, url="/me/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_the_engine_is_the_guarded_cached_one(settings):
    assert settings.SESSION_ENGINE == "advocacy.sessions"
    assert settings.SESSION_CACHE_SECONDS == 3600


def test_a_signed_in_page_reads_the_session_from_the_cache(client, volunteer):
    client.force_login(volunteer)
    assert _session_queries(client) == []
    # ...and the table still holds it: the cache is a copy, not the record.
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()


def test_a_session_the_cache_lost_is_read_from_the_table_and_cached_again(client, volunteer):
    client.force_login(volunteer)
    cache.clear()
    assert len(_session_queries(client)) == 1
    assert _session_queries(client) == []


def test_the_cached_copy_lives_at_most_an_hour(client, volunteer, settings):
    client.force_login(volunteer)
    key = sessions.SessionStore.cache_key_prefix + client.cookies["sessionid"].value
    assert 0 < _ttl(key) <= 3600
    settings.SESSION_CACHE_SECONDS = 5
    cache.delete(key)
    client.get("/me/")
    assert 0 < _ttl(key) <= 5


def test_signing_out_ends_the_session_in_the_table_and_the_cache(client, volunteer):
    client.force_login(volunteer)
    key = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert cache.get(sessions.SessionStore.cache_key_prefix + key) is None
    # The old cookie, replayed, signs nobody in.
    client.cookies["sessionid"] = key
    assert client.get("/me/").status_code == 302


def test_with_redis_down_people_stay_signed_in_and_can_sign_out(
    client, volunteer, settings, caplog
):
    settings.CACHES = DOWN
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(volunteer)
    page = client.get("/me/")
    assert page.status_code == 200 and page.wsgi_request.user == volunteer
    # Read from the table, since the cache cannot answer.
    assert len(_session_queries(client)) == 1
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302
    assert "Session cache" in caplog.text


@pytest.mark.parametrize("method", ["set", "delete"])
def test_a_failing_cache_call_is_logged_not_raised(volunteer, settings, method, caplog):
    settings.CACHES = DOWN
    store = sessions.SessionStore()
    store["x"] = 1
    store.create()
    if method == "delete":
        store.delete()
        assert not Session.objects.filter(session_key=store.session_key).exists()
    else:
        assert sessions.SessionStore(store.session_key).load() == {"x": 1}
    assert f"Session cache {method} failed" in caplog.text


def test_signing_out_reaches_redis_even_during_the_caches_pause(client, volunteer):
    client.force_login(volunteer)
    key = client.cookies["sessionid"].value
    TolerantRedisCache._down_until = float("inf")  # another call failed a moment ago
    try:
        assert client.post("/accounts/logout/").status_code == 302
    finally:
        TolerantRedisCache.forget_outage()
    assert cache.get(sessions.SessionStore.cache_key_prefix + key) is None
