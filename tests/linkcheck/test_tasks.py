"""The link checks' tasks: history, the post's state, the daily rollup, the first check
asked for by log_post, the `links` queue, and a fixed number of queries per chunk."""

import datetime
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError

from advocacy.celery import app
from campaigns import services
from campaigns.linkcheck import checkers, record, schedule, tasks
from campaigns.linkcheck.outcome import Outcome
from campaigns.models import CensorshipDay, LinkCheck, Post
from tests.linkcheck import test_schedule as base
from tests.linkcheck.test_schedule import DAY, LIVE, REMOVED, SUSPENDED, T0, TIMEOUT, Status, beat

# The fixtures of test_schedule.py.
checker, make_post, messages = base.checker, base.make_post, base.messages


def history(post):
    return list(
        LinkCheck.objects.filter(post=post)
        .order_by("checked_at")
        .values_list("previous_status", "status")
    )


def rollup():
    return {
        (row.day, row.platform, row.prisoner_id): (row.checked, row.removed, row.suspended)
        for row in CensorshipDay.objects.all()
    }


def test_each_check_and_change_is_kept(time_machine, make_post, checker, messages):
    time_machine.move_to(T0, tick=False)
    post = make_post()
    checker.answers[post.link] = [LIVE, REMOVED, REMOVED, LIVE]
    beat(messages)
    post.refresh_from_db()
    assert (post.link_status, post.link_checked_at, post.link_live_at) == (Status.LIVE, T0, T0)
    assert post.link_gone_at is None

    time_machine.move_to(T0 + DAY, tick=False)
    beat(messages)
    post.refresh_from_db()
    # Removed between the last time it was seen (T0) and this check.
    assert (post.link_status, post.link_live_at, post.link_gone_at) == (
        Status.REMOVED,
        T0,
        T0 + DAY,
    )

    time_machine.move_to(T0 + 7 * DAY, tick=False)
    beat(messages)
    post.refresh_from_db()
    # Still gone: the first sighting of the removal stays.
    assert (post.link_gone_at, post.link_checked_at) == (T0 + DAY, T0 + 7 * DAY)

    time_machine.move_to(T0 + 30 * DAY, tick=False)
    beat(messages)
    post.refresh_from_db()
    # Back online (restored after an appeal): no longer gone.
    assert (post.link_status, post.link_live_at, post.link_gone_at) == (
        Status.LIVE,
        T0 + 30 * DAY,
        None,
    )
    assert history(post) == [
        (Status.UNCHECKED, Status.LIVE),
        (Status.LIVE, Status.REMOVED),
        (Status.REMOVED, Status.REMOVED),
        (Status.REMOVED, Status.LIVE),
    ]
    first = LinkCheck.objects.filter(post=post, status=Status.REMOVED).earliest("checked_at")
    assert (first.http_status, first.detail, first.changed) == (404, "HTTP 404", True)


def test_an_unknown_keeps_the_post_gone_and_counts_the_removal_once(
    time_machine, make_post, checker, messages
):
    time_machine.move_to(T0, tick=False)
    post = make_post()
    checker.answers[post.link] = [REMOVED, TIMEOUT, REMOVED]
    for moment in (T0, T0 + datetime.timedelta(hours=30), T0 + 7 * DAY):
        time_machine.move_to(moment, tick=False)
        Post.objects.filter(pk=post.pk).update(link_next_check_at=moment)
        beat(messages)
    post.refresh_from_db()
    assert (post.link_status, post.link_gone_at, post.link_live_at) == (Status.REMOVED, T0, None)
    key = (T0.date(), post.platform, post.prisoner_id)
    assert rollup() == {key: (1, 1, 0)}


def test_the_daily_rollup(time_machine, make_post, make_prisoner, checker, messages):
    time_machine.move_to(T0, tick=False)
    a, b = make_post(), make_post()
    other = make_post(prisoner=make_prisoner(), platform=Post.Platform.X)
    checker.answers[b.link] = [LIVE, REMOVED]
    checker.answers[other.link] = [SUSPENDED, SUSPENDED]
    assert beat(messages) == 3
    day0 = T0.date()
    assert rollup() == {
        (day0, "blog", a.prisoner_id): (2, 0, 0),
        (day0, "x", other.prisoner_id): (1, 0, 1),
    }
    time_machine.move_to(T0 + DAY, tick=False)
    assert beat(messages) == 3
    # Second checks are not "checked" again; b's removal counts on the day it was seen;
    # a suspension seen again does not count again.
    assert rollup() == {
        (day0, "blog", a.prisoner_id): (2, 0, 0),
        (day0, "x", other.prisoner_id): (1, 0, 1),
        (day0 + DAY, "blog", a.prisoner_id): (0, 1, 0),
    }


def test_a_checker_that_raises_is_a_transient_unknown(time_machine, make_post, checker, messages):
    time_machine.move_to(T0, tick=False)
    post, fine = make_post(), make_post()
    checker.answers[post.link] = ValueError("bug")
    assert beat(messages) == 2
    post.refresh_from_db()
    fine.refresh_from_db()
    assert (post.link_status, post.link_check_failures) == (Status.UNKNOWN, 1)
    assert post.link_next_check_at == T0 + datetime.timedelta(
        seconds=django_settings.LINK_CHECK_BACKOFF_SECONDS * 60
    )
    assert fine.link_status == Status.LIVE


def test_posts_without_a_link_are_never_claimed(make_post, checker, messages):
    letter = make_post(link="", text="I wrote a letter to the prison governor today.")
    # Even if something set a due time on it.
    Post.objects.filter(pk=letter.pk).update(link_next_check_at=timezone.now())
    assert beat(messages) == 0
    assert checker.calls == []
    # And a token for it (a forged or stale message) takes nothing.
    assert record.take([[letter.pk, timezone.now().isoformat()]]) == []


def test_log_post_asks_for_a_first_check_after_commit(
    volunteer, prisoner, checker, messages, django_capture_on_commit_callbacks
):
    link = "https://blog.example/just-logged"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.log_post(
            volunteer=volunteer, prisoner=prisoner, fields={"platform": "blog", "link": link}
        )
    assert messages == []  # nothing before the commit
    assert post.link_next_check_at is not None
    for callback in callbacks:
        callback()
    assert messages == [[[post.pk, post.link_next_check_at.isoformat()]]]
    checker.answers[link] = REMOVED
    tasks.check_links.apply((messages[0],)).get()
    post.refresh_from_db()
    # What the volunteer sees at once: this link does not open.
    assert post.link_status == Status.REMOVED
    assert checker.calls == [link]


def test_a_post_without_a_link_asks_for_no_check(
    volunteer, prisoner, messages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.log_post(
            volunteer=volunteer,
            prisoner=prisoner,
            fields={"platform": "letter", "text": "I wrote a letter to him in prison today."},
        )
    assert messages == []
    post.refresh_from_db()
    assert post.link_next_check_at is None


def test_with_the_broker_down_the_beat_checks_the_new_post(
    monkeypatch, volunteer, prisoner, checker, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.check_links, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.log_post(
            volunteer=volunteer,
            prisoner=prisoner,
            fields={"platform": "blog", "link": "https://blog.example/broker-down"},
        )
    # The post is saved, and due: the beat takes it.
    assert schedule.claim(10) != []
    assert [pk for pk, _token in schedule.claim(10, now=post.link_next_check_at)] == []


def test_the_tasks_go_to_the_links_queue():
    app.loader.import_default_modules()
    for name in ("campaigns.linkcheck.tasks.check_due", "campaigns.linkcheck.tasks.check_links"):
        assert name in app.tasks
        assert app.amqp.router.route({}, name)["queue"].name == "links"
    # Reminders stay on the default queue, which the links never fill.
    assert app.amqp.router.route({}, "campaigns.tasks.send_reminders")["queue"].name == "celery"
    entry = django_settings.CELERY_BEAT_SCHEDULE["link-check-due"]
    assert entry["task"] == tasks.check_due.name


@pytest.mark.parametrize("size", [3, 30])
def test_queries_per_chunk_do_not_grow_with_its_size(
    size, time_machine, make_post, make_prisoner, checker, messages
):
    time_machine.move_to(T0, tick=False)
    posts = [make_post(prisoner=make_prisoner()) for _ in range(size)]
    for post in posts[::3]:
        checker.answers[post.link] = REMOVED
    for post in posts[1::3]:
        checker.answers[post.link] = Outcome(Status.UNKNOWN, retry_after=60)
    schedule.check_due()
    assert len(messages) == 1
    with CaptureQueriesContext(connection) as queries:
        record.check_chunk(messages[0])
    # Take; then in one transaction: the posts, the history rows, the rollup (the
    # savepoints are the test's own transaction).
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 4, statements
    assert LinkCheck.objects.count() == size - len(posts[1::3])


def test_a_slow_chunk_hands_back_what_it_did_not_reach(settings, make_post, checker, messages):
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 0.4  # a budget of 0.3 s
    settings.LINK_CHECK_THREADS = 1  # one fetch after the other
    checker.delay = 0.2
    posts = [make_post() for _ in range(3)]
    schedule.check_due()
    before = timezone.now()
    written = record.check_chunk(messages[0])
    assert written == {Status.LIVE: 2, "postponed": 1}
    last = Post.objects.get(pk=posts[-1].pk)
    # Due again at once, for the next beat; not checked, not held for the whole lease.
    assert before <= last.link_next_check_at <= timezone.now()
    assert (last.link_status, last.link_checked_at) == (Status.UNCHECKED, None)
    assert LinkCheck.objects.count() == 2


def test_an_erased_volunteers_posts_are_never_checked_again(volunteer, make_post, messages):
    post = make_post(volunteer=volunteer)
    services.delete_account(volunteer=volunteer)
    post.refresh_from_db()
    assert post.link_next_check_at is None
    assert beat(messages) == 0


def test_a_publish_that_fails_oddly_never_fails_the_logged_post(
    monkeypatch, volunteer, prisoner, django_capture_on_commit_callbacks
):
    """After the commit the post is saved: whatever the broker client raises (here what
    kombu raises on a closed pool) is logged, and the beat finds the post due."""

    def odd(*args, **kwargs):
        raise RuntimeError("Acquire on closed pool")

    monkeypatch.setattr(tasks.check_links, "apply_async", odd)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.log_post(
            volunteer=volunteer,
            prisoner=prisoner,
            fields={"platform": "blog", "link": "https://blog.example/odd-broker"},
        )
    assert [pk for pk, _token in schedule.claim(10)] == [post.pk]


def test_the_fetches_of_a_chunk_overlap(settings, make_post, messages, monkeypatch):
    """A check mostly waits for a distant server: a chunk's fetches run side by side, in
    LINK_CHECK_THREADS threads, and every result is written by the task's own thread."""
    settings.LINK_CHECK_THREADS = 4
    running, most = [0], [0]
    lock = threading.Lock()

    def slow_live(link, platform):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
        return LIVE

    monkeypatch.setattr(checkers, "check", slow_live)
    posts = [make_post() for _ in range(8)]
    schedule.check_due()
    assert record.check_chunk(messages[0]) == {Status.LIVE: 8}
    assert most[0] == 4
    assert LinkCheck.objects.filter(post__in=posts).count() == 8
