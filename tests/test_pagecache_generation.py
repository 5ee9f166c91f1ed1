"""The pages' generation moves in one round trip to Redis, one script (a claim pays it):
by one when it exists, from the clock when Redis has none (never from a small number
that cached copies may still carry)."""

import time

from django.core.cache import cache

from advocacy import pagecache


def test_a_change_moves_the_generation_by_one():
    cache.set(pagecache.GENERATION_KEY, 41, None)
    pagecache.pages_changed()
    assert cache.get(pagecache.GENERATION_KEY) == 42
    assert pagecache.generation() == 42  # this process sees its own change at once


def test_with_no_generation_it_starts_from_the_clock():
    cache.delete(pagecache.GENERATION_KEY)
    before = time.time_ns()
    pagecache.pages_changed()
    assert before < cache.get(pagecache.GENERATION_KEY) <= time.time_ns() + 1


def test_a_redis_that_forgot_the_script_still_moves_the_generation():
    cache.set(pagecache.GENERATION_KEY, 7, None)
    pagecache.pages_changed()  # the script is known to Redis now
    # As after a restart of Redis: the digest this process holds names no script there
    # (SCRIPT FLUSH would do the same to every other user of this Redis server).
    pagecache._script["script"].sha = "0" * 40
    pagecache.pages_changed()
    assert cache.get(pagecache.GENERATION_KEY) == 9
