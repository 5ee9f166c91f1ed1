"""The public record costs the same queries with one prisoner and day or many, and is
kept in the anonymous page cache like the other public pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import AccountSuspension, CensorshipDay, Post

# Totals, suspensions, months by platform, suspensions by month, the prisoners' count and
# page, the page's prisoners.
PAGE_QUERIES = 7
# The grouped rows and their prisoners.
CSV_QUERIES = 2
# Months by platform, suspensions by month.
FEED_QUERIES = 2
TODAY = datetime.date.today()


def _fill(make_prisoner, prisoners: int, days: int) -> None:
    platforms = [Post.Platform.X, Post.Platform.MASTODON, Post.Platform.WEIBO]
    for _ in range(prisoners):
        prisoner = make_prisoner(native_name="丁家喜")
        CensorshipDay.objects.bulk_create(
            CensorshipDay(
                day=TODAY - datetime.timedelta(days=n),
                platform=platforms[n % 3],
                prisoner=prisoner,
                checked=3,
                removed=1,
            )
            for n in range(days)
        )
    AccountSuspension.objects.bulk_create(
        AccountSuspension(platform=platforms[n % 3], reported_at=f"{TODAY}T00:00Z")
        for n in range(days)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("prisoners", "days"), [(1, 1), (30, 40)])
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_record_costs_the_same_queries_whatever_the_data(
    client, make_prisoner, settings, prisoners, days, language
):
    settings.PAGE_CACHE_SECONDS = 0
    _fill(make_prisoner, prisoners, days)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    prefix = "" if language == "en" else f"{language}/"
    assert _queries(client, "/censorship/") == PAGE_QUERIES
    assert _queries(client, "/censorship/?page=2") <= PAGE_QUERIES
    assert _queries(client, "/censorship/censorship.csv") == CSV_QUERIES
    assert _queries(client, f"/feeds/{prefix}censorship.atom") == FEED_QUERIES


def test_anonymous_visitors_share_a_cached_copy_per_language(client, make_prisoner, settings):
    settings.PAGE_CACHE_SECONDS = 60
    _fill(make_prisoner, 1, 1)
    for language in ("en", "zh-hans"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        first = client.get("/censorship/")
        assert "X-Page-Cache" not in first
        with CaptureQueriesContext(connection) as queries:
            second = client.get("/censorship/")
        assert second["X-Page-Cache"] == "hit" and len(queries) == 0
        assert second.content == first.content
    assert f"{TODAY.year}年{TODAY.month}月" in first.content.decode()
    assert "X-Page-Cache" not in client.get("/feeds/zh-hans/censorship.atom")
    assert client.get("/feeds/zh-hans/censorship.atom")["X-Page-Cache"] == "hit"


def test_signed_in_readers_get_a_fresh_page(client, volunteer, settings, db):
    settings.PAGE_CACHE_SECONDS = 60
    client.get("/censorship/")
    client.force_login(volunteer)
    assert "X-Page-Cache" not in client.get("/censorship/")
