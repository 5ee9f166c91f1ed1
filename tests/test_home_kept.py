"""Home's content drawn once per language and page generation, then kept (advocacy/views.py).

Signed-in volunteers get home rendered (never the anonymous page cache): only base.html,
with their own menu and tokens, is drawn for them; the counters and the cards of those who
need a defender are kept, and retired by any committed change to what they show.
"""

import datetime
import re
import time

import pytest
from django.core.cache import cache
from django.test import Client

from campaigns import services
from campaigns.figures import COUNTERS_SECONDS
from prisoners import fragments

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _kept() -> list[str]:
    keys = [k.decode().split(":", 2)[2] for k in cache._cache.get_client().keys("*home:content*")]
    return list(cache.get_many(keys).values())


@pytest.fixture(autouse=True)
def _within_one_period(time_machine):
    """Kept home is keyed by COUNTERS_SECONDS periods too: none ends during a test (the
    clock still runs: a save moves `updated_at` on)."""
    start = time.time() // COUNTERS_SECONDS * COUNTERS_SECONDS + 1
    time_machine.move_to(datetime.datetime.fromtimestamp(start, datetime.UTC))


@pytest.fixture
def reader(client, volunteer) -> Client:
    client.force_login(volunteer)
    return client


def test_kept_home_costs_only_the_readers_own_queries(reader, prisoner, django_assert_num_queries):
    drawn = _home(reader)
    assert len(_kept()) == 1
    # The user (with base.html's delivery banner): no counter, no card query.
    with django_assert_num_queries(1):
        kept = _home(reader)
    fragments.forget_recent()  # from Redis now
    with django_assert_num_queries(1):
        from_cache = _home(reader)
    assert TOKEN.sub("", kept) == TOKEN.sub("", drawn) == TOKEN.sub("", from_cache)
    assert "Wu Gan" in kept and "They need a defender now" in kept


def test_a_claim_shows_at_once(
    reader, prisoner, other_volunteer, django_capture_on_commit_callbacks
):
    html = _home(reader)
    assert "Wu Gan" in html and ">0%<" in html
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_prisoner(volunteer=other_volunteer, prisoner=prisoner)
    html = _home(reader)
    assert "Wu Gan" not in html and ">100%<" in html
    assert "Every prisoner on the list has a defender right now." in html


def test_a_change_to_a_prisoner_shows_at_once(reader, prisoner, django_capture_on_commit_callbacks):
    assert "Wu Gan" in _home(reader)
    prisoner.name = "Renamed Person"
    with django_capture_on_commit_callbacks(execute=True):
        prisoner.save()
    html = _home(reader)
    assert "Renamed Person" in html and "Wu Gan" not in html


def test_kept_home_holds_nothing_of_the_reader(client, prisoner, volunteer, other_volunteer):
    client.force_login(volunteer)
    mine = _home(client)
    token = TOKEN.search(mine).group(1)
    other = Client()
    other.force_login(other_volunteer)
    theirs = _home(other)
    assert len(_kept()) == 1
    assert token not in theirs and TOKEN.search(theirs).group(1) != token
    for kept in _kept():
        assert "csrf" not in kept.lower() and "Sign out" not in kept
        assert volunteer.display_name not in kept and volunteer.email not in kept


def test_each_language_has_its_own_home(reader, prisoner):
    english = _home(reader)
    reader.cookies["django_language"] = "zh-hant"
    traditional = _home(reader)
    reader.cookies["django_language"] = "zh-hans"
    simplified = _home(reader)
    assert "吳淦" in traditional and "吴淦" in simplified and "Wu Gan" in english
    assert "One person defends one political prisoner" in english
    assert "One person defends one political prisoner" not in simplified
    assert len(_kept()) == 3
