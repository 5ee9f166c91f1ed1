"""The pages' generation moves in one pipelined round trip to Redis (a claim pays it):
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
