"""When a post's link is checked: at once, 1 day, 1 week, 30 days, then every 30 days
for a year; transient failures sooner; a host's "wait" only moves the post.

The checker is faked here (its own tests are elsewhere); the claiming, the tasks' chunks
and the writes are the real ones. Helpers used by the other files of this folder live
here (tests/linkcheck/conftest.py belongs to the checkers' tests).
"""

import datetime
import time

import pytest
from django.utils import timezone

from campaigns.linkcheck import checkers, record, schedule, tasks
from campaigns.linkcheck.outcome import Outcome
from campaigns.models import LinkCheck, Post

Status = Post.LinkStatus
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LIVE = Outcome(Status.LIVE, 200)
REMOVED = Outcome(Status.REMOVED, 404, "HTTP 404")
SUSPENDED = Outcome(Status.ACCOUNT_SUSPENDED, 200, "account suspended")
TIMEOUT = Outcome(Status.UNKNOWN, None, "timeout", transient=True)


class FakeChecker:
    """`answers[link]`: an Outcome, an exception, or a list of them (one per check);
    LIVE by default. `calls`: the links checked, in order. `delay`: seconds per check."""

    def __init__(self):
        self.answers: dict = {}
        self.calls: list[str] = []
        self.delay = 0.0

    def __call__(self, link: str, platform: str) -> Outcome:
        time.sleep(self.delay)
        self.calls.append(link)
        answer = self.answers.get(link, LIVE)
        if isinstance(answer, list):
            answer = answer.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def checker(monkeypatch) -> FakeChecker:
    fake = FakeChecker()
    monkeypatch.setattr(checkers, "check", fake)
    return fake


@pytest.fixture
def messages(monkeypatch) -> list[list]:
    """The broker messages of `check_links`, recorded ([[id, token], ...] each)."""
    sent: list[list] = []
    monkeypatch.setattr(
        tasks.check_links, "apply_async", lambda args, **kw: sent.append(list(args[0]))
    )
    return sent


_links = iter(range(10**6))


@pytest.fixture
def make_post(make_user, prisoner):
    """A logged post, due at once when it has a link."""

    def make(link: str | None = None, **fields) -> Post:
        if link is None:
            link = f"https://blog.example/posts/{next(_links)}"
        fields.setdefault("volunteer", make_user())
        fields.setdefault("prisoner", prisoner)
        fields.setdefault("platform", Post.Platform.BLOG)
        fields.setdefault("link_next_check_at", timezone.now() if link else None)
        return Post.objects.create(link=link, **fields)

    return make


def beat(messages: list[list]) -> int:
    """One beat tick, and every chunk it handed out checked here; how many it handed."""
    del messages[:]
    handed = schedule.check_due()
    for chunk in list(messages):
        record.check_chunk(chunk)
    return handed


def test_the_schedule_points():
    def at(days, hours=0):
        return T0 + days * DAY + hours * HOUR

    assert schedule.regular_after(T0, T0) == at(1)
    assert schedule.regular_after(T0, at(1)) == at(7)
    assert schedule.regular_after(T0, at(3)) == at(7)
    assert schedule.regular_after(T0, at(7)) == at(30)
    assert schedule.regular_after(T0, at(30)) == at(60)
    assert schedule.regular_after(T0, at(45)) == at(60)
    assert schedule.regular_after(T0, at(330)) == at(360)
    assert schedule.regular_after(T0, at(360)) is None
    # A post logged long ago (before the watch) is checked once, then left.
    assert schedule.regular_after(T0, at(800)) is None


def test_a_year_of_checks_then_none(time_machine, make_post, checker, messages):
    time_machine.move_to(T0, tick=False)
    post = make_post()
    seen = []
    while True:
        post.refresh_from_db()
        if post.link_next_check_at is None:
            break
        # One minute early: nothing is due.
        time_machine.move_to(post.link_next_check_at - datetime.timedelta(minutes=1), tick=False)
        assert beat(messages) == 0
        time_machine.move_to(post.link_next_check_at, tick=False)
        assert beat(messages) == 1
        seen.append((timezone.now() - T0).days)
    assert seen == [0, 1, 7, 30, *range(60, 361, 30)]
    assert LinkCheck.objects.filter(post=post).count() == len(seen) == 15
    time_machine.move_to(T0 + 800 * DAY, tick=False)
    assert beat(messages) == 0


def test_transient_failures_retry_sooner_then_fall_back(
    time_machine, settings, make_post, checker, messages
):
    settings.LINK_CHECK_BACKOFF_SECONDS = 60
    time_machine.move_to(T0 + 2 * DAY, tick=False)
    post = make_post()
    Post.objects.filter(pk=post.pk).update(created_at=T0)  # logged two days ago
    checker.answers[post.link] = [TIMEOUT] * 4 + [LIVE]
    waits = []
    for _ in range(5):
        now = timezone.now()
        assert beat(messages) == 1
        post.refresh_from_db()
        waits.append((post.link_next_check_at - now, post.link_check_failures))
        time_machine.move_to(post.link_next_check_at, tick=False)
    # 1 h, 4 h, 16 h; the fourth failure waits for the schedule (day 7), as the success.
    assert [wait for wait, _f in waits[:3]] == [HOUR, 4 * HOUR, 16 * HOUR]
    assert [failures for _w, failures in waits] == [1, 2, 3, 4, 0]
    fourth = T0 + 2 * DAY + 21 * HOUR
    assert waits[3][0] == T0 + 7 * DAY - fourth
    assert post.link_status == Status.LIVE
    assert list(
        LinkCheck.objects.filter(post=post).order_by("checked_at").values_list("status", flat=True)
    ) == [Status.UNKNOWN] * 4 + [Status.LIVE]


def test_a_retry_is_never_later_than_the_schedule(time_machine, make_post, checker, messages):
    time_machine.move_to(T0, tick=False)
    post = make_post()
    time_machine.move_to(T0 + DAY - 30 * datetime.timedelta(minutes=1), tick=False)
    Post.objects.filter(pk=post.pk).update(link_next_check_at=timezone.now())
    checker.answers[post.link] = TIMEOUT
    assert beat(messages) == 1
    post.refresh_from_db()
    assert post.link_next_check_at == T0 + DAY
    assert post.link_check_failures == 1


def test_retry_after_moves_the_post_without_a_check(time_machine, make_post, checker, messages):
    time_machine.move_to(T0, tick=False)
    post = make_post()
    Post.objects.filter(pk=post.pk).update(link_check_failures=2)
    checker.answers[post.link] = Outcome(Status.UNKNOWN, 429, "rest", retry_after=90)
    assert beat(messages) == 1
    post.refresh_from_db()
    assert post.link_next_check_at == T0 + datetime.timedelta(seconds=90)
    assert post.link_check_failures == 2
    assert post.link_status == Status.UNCHECKED
    assert post.link_checked_at is None
    assert not LinkCheck.objects.filter(post=post).exists()
    time_machine.move_to(T0 + datetime.timedelta(seconds=90), tick=False)
    checker.answers[post.link] = LIVE
    assert beat(messages) == 1
    post.refresh_from_db()
    assert (post.link_status, post.link_check_failures) == (Status.LIVE, 0)
    assert post.link_next_check_at == T0 + DAY
