"""A logged post counts once in its week's figures, and a deleted one no more."""

import datetime

from django.utils import timezone

from campaigns import services, weeks
from campaigns.models import CampaignWeek
from tests.conftest import defend


def _posts_this_week() -> int:
    return CampaignWeek.objects.get(week=weeks.week_of(timezone.now())).posts


def test_a_post_counts_once_and_no_more_once_deleted(volunteer, prisoner):
    defend(volunteer, prisoner)
    now = timezone.now()
    posts = [
        services.log_post(
            volunteer=volunteer,
            prisoner=prisoner,
            fields={
                "platform": "x",
                "link": f"https://x.com/a/status/{n}",
                "posted_at": when,
            },
        )
        for n, when in enumerate([now, now - datetime.timedelta(seconds=1)])
    ]
    assert _posts_this_week() == 2

    services.delete_post(posts[0])
    assert _posts_this_week() == 1
