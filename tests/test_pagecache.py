"""The short-lived cache of public pages for anonymous visitors (advocacy/pagecache.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from campaigns import services
from campaigns.models import VolunteerSettings


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visitor_gets_the_page_from_the_cache(client, prisoner):
    url = prisoner.get_absolute_url()
    first, queries = _get(client, url)
    second, cached_queries = _get(client, url)
    assert queries > 0 and cached_queries == 0
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    # The security headers are still there on a cached copy.
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_each_language_has_its_own_copy(client, prisoner):
    url = prisoner.get_absolute_url()
    english, _ = _get(client, url)
    client.cookies["django_language"] = "zh-hans"
    chinese, _ = _get(client, url)
    assert "吴淦" in chinese.content.decode() and chinese.content != english.content


def test_a_change_retires_the_cached_pages(
    client, prisoner, volunteer, django_capture_on_commit_callbacks
):
    url = prisoner.get_absolute_url()
    _get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        prisoner.summary = "A new summary written by an organizer."
        prisoner.save()
    response, queries = _get(client, url)
    assert queries > 0 and "A new summary" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    response, queries = _get(client, url)
    assert queries > 0 and "has a defender" in response.content.decode().lower()


def test_signed_in_volunteers_and_visitors_with_a_session_are_never_served_a_copy(
    client, prisoner, volunteer
):
    url = prisoner.get_absolute_url()
    _get(client, url)
    client.force_login(volunteer)
    response, queries = _get(client, url)
    assert queries > 0 and "X-Page-Cache" not in response
    assert "Sign out" in response.content.decode()  # their own page, not the visitors' copy
    client.logout()
    client.cookies["sessionid"] = "someone-signing-in"
    response, queries = _get(client, url)
    assert queries > 0 and "X-Page-Cache" not in response


def test_the_language_switcher_works_without_a_csrf_token(prisoner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/prisoners/"})
    assert response.status_code == 302 and response["Location"] == "/prisoners/"
    assert response.cookies["django_language"].value == "zh-hant"


def test_withdrawn_public_credit_is_not_served_from_the_page_cache(
    client, settings, prisoner, make_user, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 60
    volunteer = make_user(display_name="Zhang Realname")
    services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer, defaults={"public_credit": True}
    )
    cache.clear()
    url = prisoner.get_absolute_url()
    assert "Zhang Realname" in client.get(url).content.decode()
    me = Client()
    me.force_login(volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        response = me.post(
            "/me/settings/",
            {
                "profile-display_name": "Zhang Realname",
                "profile-language": "en",
                "profile-timezone": "UTC",
                "settings-email_reminders": "on",
                "settings-reminder_weekday": "4",
                "settings-reminder_hour": "18",
                "settings-supporter_digest": "on",
            },
        )
    assert response.status_code == 302
    assert "Zhang Realname" not in Client().get(url).content.decode()


def test_made_up_query_strings_do_not_fill_the_page_cache(client, settings, prisoner):
    settings.PAGE_CACHE_SECONDS = 60
    for i in range(20):
        assert client.get(f"/prisoners/?junk={i}").status_code == 200
    assert client.get("/prisoners/?status=detained").status_code == 200
    keys = list(cache._cache.get_client(None).scan_iter("*page:*"))
    assert len(keys) == 1


def _page_keys():
    return list(cache._cache.get_client(None).scan_iter("*page:*"))


def test_spellings_of_the_same_list_query_share_one_copy(client, prisoner):
    _, queries = _get(client, "/prisoners/?status=detained&q=Wu%20Gan&region=&page=1")
    for spelling in ("?q=Wu+Gan&status=detained", "?page=x&status=detained&q=Wu%20Gan"):
        again, cached_queries = _get(client, f"/prisoners/{spelling}")
        assert queries > 0 and cached_queries == 0 and again["X-Page-Cache"] == "hit"
    assert len(_page_keys()) == 1
    # A different search or page is still its own page.
    other, _ = _get(client, "/prisoners/?status=detained&q=wu&page=2")
    assert "X-Page-Cache" not in other and len(_page_keys()) == 2


def test_deep_pages_and_long_searches_are_served_fresh_and_not_kept(client, settings, prisoner):
    settings.PAGE_CACHE_MAX_PAGE = 3
    long_search = "wu gan " * 6  # 42 characters
    for url in ("/prisoners/?page=4", "/prisoners/?page=0", f"/prisoners/?q={long_search}"):
        for _ in range(2):
            response, _ = _get(client, url)
            assert "X-Page-Cache" not in response
    assert _page_keys() == []
    _get(client, "/prisoners/?page=3")
    assert len(_page_keys()) == 1
