"""The censorship watch costs organizers the same with a few rows as with thousands."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import AccountSuspension, CensorshipDay, Post

from .censorship_rows import many_gone_posts

URLS = ["/organize/", "/organize/removals/", "/organize/suspended/", "/organize/suspended/posts/"]


def queries(client, url: str) -> int:
    cache.clear()  # the dashboard's headline figures are cached: count them each time
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def many(volunteer, prisoners, count: int) -> None:
    many_gone_posts(volunteer, prisoners[0], count)
    many_gone_posts(volunteer, prisoners[0], count, status="account_suspended")
    reported = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    AccountSuspension.objects.bulk_create(
        AccountSuspension(volunteer=volunteer, prisoner=prisoners[0], platform="x",
                          reported_at=reported + datetime.timedelta(minutes=n))
        for n in range(count)
    )  # fmt: skip
    today = datetime.date.today()
    CensorshipDay.objects.bulk_create(
        CensorshipDay(day=today - datetime.timedelta(days=d), platform=platform,
                      prisoner=prisoner, removed=1, suspended=1)
        for d in range(84) for platform in ("x", "weibo", "mastodon") for prisoner in prisoners
    )  # fmt: skip


def test_the_dashboard_and_the_lists_do_not_grow_with_the_rows(
    org, volunteer, make_prisoner, django_assert_max_num_queries
):
    prisoners = [make_prisoner() for _ in range(3)]
    many(volunteer, prisoners[:1], 3)
    few = [queries(org, url) for url in URLS]
    # Session (from the table: the cache was emptied), user with the delivery banner and
    # the second factor; each list its count and its page. (5 before the second factor
    # came with the user.)
    assert few[1:] == [4, 4, 4]
    many(volunteer, prisoners[1:], 1500)
    assert Post.objects.count() > 3000 and CensorshipDay.objects.count() > 700
    assert [queries(org, url) for url in URLS] == few
    # The dashboard's section: the week-by-platform sums, the latest removals, the
    # posts gone now, the latest reports and their total: five queries.
    with django_assert_max_num_queries(few[0]):
        org.get("/organize/")
