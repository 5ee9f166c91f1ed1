"""Each platform's answer, read as a link status (against the fake platform)."""

import datetime

import pytest
import time_machine

from campaigns.linkcheck.checkers import check
from campaigns.models import Post

LIVE = Post.LinkStatus.LIVE
REMOVED = Post.LinkStatus.REMOVED
SUSPENDED = Post.LinkStatus.ACCOUNT_SUSPENDED
UNKNOWN = Post.LinkStatus.UNKNOWN
MINUTE = datetime.datetime(2026, 11, 28, 4, 30, 10, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("link", "status", "http_status"),
    [
        ("https://x.com/lotus/status/1", LIVE, 200),
        ("https://x.com/lotus/status/deleted", REMOVED, 404),
        ("https://x.com/lotus/status/withheld", REMOVED, 404),
        ("https://x.com/suspended/status/1", SUSPENDED, 403),
    ],
)
def test_x_through_oembed(fake_platform, link, status, http_status):
    outcome = check(link, Post.Platform.X)
    assert (outcome.status, outcome.http_status) == (status, http_status)
    assert not outcome.transient
    [(path, query, _)] = fake_platform.requests
    assert path == "/x/oembed"
    assert "omit_script=1" in query and "url=https%3A%2F%2Fx.com%2F" in query


@pytest.mark.parametrize(
    ("link", "status"),
    [
        ("https://bsky.app/profile/lotus.bsky.social/post/3k2a", LIVE),
        ("https://bsky.app/profile/lotus.bsky.social/post/notfound", REMOVED),
        ("https://bsky.app/profile/lotus.bsky.social/post/gone", REMOVED),
        ("https://bsky.app/profile/takendown.test/post/3k2a", SUSPENDED),
        ("https://bsky.app/profile/deactivated.test/post/3k2a", SUSPENDED),
        ("https://bsky.app/profile/nobody.invalid/post/3k2a", SUSPENDED),
        ("https://bsky.app/profile/lotus.bsky.social/post/blocked", UNKNOWN),
    ],
)
def test_bluesky_through_the_appview(fake_platform, link, status):
    assert check(link, Post.Platform.BLUESKY).status == status
    [(path, query, _)] = fake_platform.requests
    assert path == "/xrpc/app.bsky.feed.getPostThread"
    assert "uri=at%3A%2F%2F" in query and "depth=0" in query and "parentHeight=0" in query


def test_a_link_that_is_not_a_bluesky_post_is_not_asked(fake_platform):
    outcome = check("https://bsky.app/profile/lotus.bsky.social", Post.Platform.BLUESKY)
    assert outcome.status == UNKNOWN and not outcome.transient
    assert fake_platform.hits == {}


@pytest.mark.parametrize(
    ("path", "status", "lookups"),
    [
        ("/@alice/1", LIVE, 0),
        ("/@alice/2", REMOVED, 1),  # the status is gone, the account is not
        ("/@suspended/3", SUSPENDED, 1),  # "suspended": true
        ("/users/gone/statuses/4", SUSPENDED, 1),  # the account is gone too
    ],
)
def test_mastodon_on_the_posts_own_instance(fake_platform, path, status, lookups):
    assert check(f"{fake_platform.base}{path}", Post.Platform.MASTODON).status == status
    assert fake_platform.hits[f"/api/v1/statuses/{path.rpartition('/')[2]}"] == 1
    assert fake_platform.hits["/api/v1/accounts/lookup"] == lookups


@pytest.mark.parametrize(
    ("video", "status"),
    [("live", LIVE), ("noembed", LIVE), ("deleted", REMOVED), ("private", UNKNOWN)],
)
def test_youtube_through_oembed(fake_platform, video, status):
    link = f"https://www.youtube.com/watch?v={video}"
    assert check(link, Post.Platform.YOUTUBE).status == status
    [(path, query, _)] = fake_platform.requests
    assert path == "/youtube/oembed" and "format=json" in query


@pytest.mark.parametrize(
    ("answer", "status"),
    [(200, LIVE), (204, LIVE), (404, REMOVED), (410, REMOVED), (451, REMOVED), (403, UNKNOWN)],
)
@pytest.mark.parametrize("platform", [Post.Platform.BLOG, Post.Platform.FACEBOOK, "telegram"])
def test_any_other_page_by_its_http_answer(fake_platform, platform, answer, status):
    outcome = check(f"{fake_platform.base}/page/{answer}", platform)
    assert (outcome.status, outcome.http_status) == (status, answer)
    assert outcome.detail == f"HTTP {answer}"


@pytest.mark.parametrize(
    ("answer", "status"),
    [(200, UNKNOWN), (404, REMOVED), (410, REMOVED), (403, UNKNOWN)],
)
@pytest.mark.parametrize("platform", [Post.Platform.WEIBO, Post.Platform.WECHAT])
def test_weibo_and_wechat_only_believe_gone(fake_platform, platform, answer, status):
    # A 200 there is often a login wall: it proves nothing.
    assert check(f"{fake_platform.base}/page/{answer}", platform).status == status


def test_a_page_after_redirects_is_read(fake_platform):
    outcome = check(f"{fake_platform.base}/redirect/chain/2", Post.Platform.BLOG)
    assert outcome.status == LIVE


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/redirect/metadata", "refused: 169.254.169.254 is not a public address"),
        ("/redirect/private", "refused: 10.0.0.1 is not a public address"),
        ("/redirect/chain/4", "refused: too many redirects"),
    ],
)
def test_refusals_are_unknown_and_final(fake_platform, path, detail):
    outcome = check(f"{fake_platform.base}{path}", Post.Platform.BLOG)
    assert (outcome.status, outcome.detail, outcome.transient) == (UNKNOWN, detail, False)


@pytest.mark.parametrize("platform", [Post.Platform.BLOG, Post.Platform.MASTODON, "x"])
def test_nothing_private_is_contacted_when_private_is_off(fake_platform, settings, platform):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    for host in [fake_platform.base, f"http://localhost:{fake_platform.port}", fake_platform.base6]:
        if host is None:
            continue
        outcome = check(f"{host}/@alice/1", platform)
        assert outcome.status == UNKNOWN
        assert outcome.detail.startswith("refused: ")
        assert not outcome.transient
    assert fake_platform.hits == {}


def test_a_timeout_is_transient(fake_platform):
    outcome = check(f"{fake_platform.base}/slow", Post.Platform.BLOG)
    assert (outcome.status, outcome.detail, outcome.transient) == (UNKNOWN, "timeout", True)


def test_a_big_page_is_live_without_reading_it_all(fake_platform):
    assert check(f"{fake_platform.base}/big", Post.Platform.BLOG).status == LIVE


def test_429_then_the_host_rests_then_200(fake_platform):
    busy = f"{fake_platform.base}/busy"
    with time_machine.travel(MINUTE, tick=False) as clock:
        first = check(busy, Post.Platform.BLOG)
        assert (first.status, first.http_status, first.transient) == (UNKNOWN, 429, True)
        assert first.retry_after == 1
        resting = check(busy, Post.Platform.BLOG)
        assert (resting.status, resting.transient, resting.retry_after) == (UNKNOWN, True, 1)
        assert fake_platform.hits["/busy"] == 1
        clock.shift(1)
        assert check(busy, Post.Platform.BLOG).status == LIVE
    assert fake_platform.hits["/busy"] == 2


def test_a_5xx_is_transient_and_rests_the_host(fake_platform):
    with time_machine.travel(MINUTE, tick=False):
        outcome = check(f"{fake_platform.base}/error/503", Post.Platform.BLOG)
        assert (outcome.status, outcome.transient, outcome.retry_after) == (UNKNOWN, True, 60)
        assert check("https://x.com/lotus/status/1", Post.Platform.X).retry_after == 60
    assert fake_platform.hits == {"/error/503": 1}


def test_the_request_over_the_minutes_budget_is_not_sent(fake_platform, settings):
    settings.LINK_CHECK_PER_HOST_PER_MINUTE = 5
    with time_machine.travel(MINUTE, tick=False):
        outcomes = [check("https://x.com/lotus/status/1", Post.Platform.X) for _ in range(6)]
    assert [outcome.status for outcome in outcomes] == [LIVE] * 5 + [UNKNOWN]
    assert (outcomes[-1].transient, outcomes[-1].retry_after) == (True, 50)
    assert fake_platform.hits["/x/oembed"] == 5


def test_a_post_without_a_link_is_not_checked(fake_platform):
    assert check("", Post.Platform.LETTER).status == UNKNOWN
    assert fake_platform.hits == {}
