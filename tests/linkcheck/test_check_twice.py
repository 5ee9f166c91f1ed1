"""Two beats, a message delivered twice, a lost message: each post is checked once."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from campaigns.linkcheck import record, schedule
from campaigns.models import LinkCheck, Post
from tests.linkcheck import test_schedule as base
from tests.linkcheck.test_schedule import DAY, LIVE, T0, Status, beat

LEASE = datetime.timedelta(minutes=15)

# The fixtures of test_schedule.py.
checker, make_post, messages = base.checker, base.make_post, base.messages


def test_the_same_chunk_twice_checks_once(time_machine, settings, make_post, checker, messages):
    settings.LINK_CHECK_LEASE_SECONDS = 15 * 60
    time_machine.move_to(T0, tick=False)
    posts = [make_post() for _ in range(3)]
    schedule.check_due()
    (chunk,) = messages
    record.check_chunk(chunk)
    record.check_chunk(chunk)
    assert len(checker.calls) == 3
    assert LinkCheck.objects.count() == 3
    # Even once the lease is over and the post due again, the old message takes nothing.
    time_machine.move_to(T0 + DAY, tick=False)
    record.check_chunk(chunk)
    assert len(checker.calls) == 3
    assert beat(messages) == 3
    assert LinkCheck.objects.count() == 6
    assert {p.link_checked_at for p in Post.objects.filter(pk__in=[p.pk for p in posts])} == {
        T0 + DAY
    }


def test_a_lost_message_is_handed_out_again_after_the_lease(
    time_machine, settings, make_post, checker, messages
):
    settings.LINK_CHECK_LEASE_SECONDS = 15 * 60
    time_machine.move_to(T0, tick=False)
    post = make_post()
    schedule.check_due()
    (lost,) = messages
    messages.clear()
    time_machine.move_to(T0 + LEASE - datetime.timedelta(seconds=1), tick=False)
    assert schedule.check_due() == 0
    time_machine.move_to(T0 + LEASE, tick=False)
    assert schedule.check_due() == 1
    (again,) = messages
    assert again[0][0] == lost[0][0] == post.pk
    assert again[0][1] != lost[0][1]
    # The lost message turns up after all: too late, the new one checks.
    record.check_chunk(lost)
    assert checker.calls == []
    record.check_chunk(again)
    assert checker.calls == [post.link]
    post.refresh_from_db()
    assert post.link_status == Status.LIVE


def test_a_frozen_clock_never_hands_out_the_same_token_twice(make_post, checker, messages):
    post = make_post()
    now = timezone.now()
    (first,) = schedule.claim(10, now=now)
    # Claimed again at a moment where the new lease would equal the old one.
    (second,) = schedule.claim(10, now=now + LEASE)
    assert first[0] == second[0] == post.pk
    assert first[1] != second[1]
    record.check_chunk([list(first)])
    assert checker.calls == []


def test_a_check_that_outlives_its_lease_writes_nothing(
    time_machine, settings, make_post, checker, messages
):
    settings.LINK_CHECK_LEASE_SECONDS = 15 * 60
    time_machine.move_to(T0, tick=False)
    post = make_post()
    schedule.check_due()
    (chunk,) = messages
    taken = record.take(chunk)
    # Meanwhile the lease ran out and another worker took and checked the post.
    time_machine.move_to(T0 + 2 * LEASE, tick=False)
    assert beat(messages) == 1
    late = record.judge(taken[0], LIVE, timezone.now())
    record.write([late])
    assert LinkCheck.objects.filter(post=post).count() == 1


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as exc:  # reported by the test
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_two_beats_claim_disjoint_posts(make_post):
    posts = {make_post().pk for _ in range(30)}
    holding, release = threading.Event(), threading.Event()
    results = {}

    def first():
        # A beat whose claim has not committed yet holds its rows locked.
        with transaction.atomic():
            pairs = schedule.claim(10)
            holding.set()
            release.wait(10)
        return pairs

    def second():
        holding.wait(10)
        pairs = schedule.claim(100)
        release.set()
        return pairs

    threads = [_in_thread(first, results, "a"), _in_thread(second, results, "b")]
    for thread in threads:
        thread.join(20)
    a = {pk for pk, _token in results["a"]}
    b = {pk for pk, _token in results["b"]}
    assert len(a) == 10 and len(b) == 20
    assert a.isdisjoint(b) and a | b == posts


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_hand_out_each_post_once(make_post, messages):
    posts = {make_post().pk for _ in range(200)}
    results = {}
    start = threading.Barrier(2)

    def tick():
        start.wait(10)
        return schedule.check_due()

    threads = [_in_thread(tick, results, key) for key in ("a", "b")]
    for thread in threads:
        thread.join(30)
    handed = [pk for chunk in messages for pk, _token in chunk]
    assert results["a"] + results["b"] == 200
    assert sorted(handed) == sorted(posts)


@pytest.mark.django_db(transaction=True)
def test_one_message_delivered_to_two_workers_checks_once(make_post, checker, messages):
    posts = [make_post() for _ in range(5)]
    schedule.check_due()
    (chunk,) = messages
    checker.delay = 0.05  # both workers are inside the chunk at once
    results = {}
    start = threading.Barrier(2)

    def work():
        start.wait(10)
        return record.check_chunk(chunk)

    threads = [_in_thread(work, results, key) for key in ("a", "b")]
    for thread in threads:
        thread.join(30)
    assert sorted(checker.calls) == sorted(p.link for p in posts)
    assert LinkCheck.objects.count() == 5
    assert sum(results["a"].values()) + sum(results["b"].values()) == 5
