"""The volunteer's download (S13) holds what the censorship watch found about their own
posts, and the suspensions they reported; nobody else's."""

import datetime
import json

from campaigns.models import AccountSuspension, Adoption, Post
from tests.conftest import reauthenticate

UTC = datetime.UTC
SEEN = datetime.datetime(2026, 5, 3, 8, 0, tzinfo=UTC)
GONE = datetime.datetime(2026, 5, 9, 8, 0, tzinfo=UTC)


def test_my_posts_link_status_and_my_suspension_reports_are_exported(
    volunteer_client, volunteer, other_volunteer, prisoner
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Post.objects.create(
        volunteer=volunteer,
        prisoner=prisoner,
        platform="x",
        link="https://x.com/mine/1",
        link_status="removed",
        link_checked_at=GONE,
        link_live_at=SEEN,
        link_gone_at=GONE,
    )
    AccountSuspension.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="weibo", reported_at=GONE
    )
    AccountSuspension.objects.create(volunteer=other_volunteer, platform="x", reported_at=GONE)
    reauthenticate(volunteer_client)

    data = json.loads(volunteer_client.get("/me/settings/export/").content)

    (post,) = data["posts"]
    assert post["link_status"] == "removed"
    assert post["link_checked_at"] == GONE.isoformat()
    assert post["link_last_seen_online"] == SEEN.isoformat()
    assert post["link_found_gone"] == GONE.isoformat()
    assert data["account_suspensions"] == [
        {"platform": "weibo", "prisoner": str(prisoner), "reported_at": GONE.isoformat()}
    ]
