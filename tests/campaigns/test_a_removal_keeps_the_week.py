"""A removal never counts against the volunteer's week (issue 14, point 5): a post
the platform took down stays in their log, their week and their streak."""

import datetime

from campaigns import weeks
from campaigns.models import Post

from .conftest import NOW, WEEK

UTC = datetime.UTC


def test_a_week_whose_only_post_was_removed_is_still_posted(defender, prisoner, client):
    # Posted on Monday of this week; the check found it gone on Wednesday.
    Post.objects.create(
        volunteer=defender,
        prisoner=prisoner,
        platform="x",
        link="https://x.com/lotus/status/1",
        posted_at=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        link_status="removed",
        link_live_at=datetime.datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        link_gone_at=datetime.datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    )
    status = weeks.week_status(defender)
    assert status.posted_this_week
    assert status.streak == 1

    client.force_login(defender)
    page = client.get("/me/").content.decode()
    assert "You have posted this week. Thank you!" in page
    assert "Removed from X (Twitter)" in page


def test_removed_posts_keep_the_streak_going(defender, prisoner):
    for n, status in enumerate(["removed", "account_suspended", "live"], start=1):
        Post.objects.create(
            volunteer=defender,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/lotus/status/{n}",
            posted_at=NOW - n * WEEK + datetime.timedelta(hours=1),
            link_status=status,
            link_gone_at=None if status == "live" else NOW - datetime.timedelta(days=1),
        )
    # Last week and the two before it had a post each; this week has none yet.
    assert weeks.week_status(defender).streak == 3
