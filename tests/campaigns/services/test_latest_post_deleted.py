"""Deleting a post keeps "last posted" true: it falls back to the latest post left, or
to none, so that activity figures and quiet-defender lists stay right."""

import datetime

from campaigns import services
from campaigns.models import Post, VolunteerSettings
from tests.conftest import defend

DAY = datetime.timedelta(days=1)


def _log(volunteer, prisoner, when, n):
    fields = {"platform": "x", "link": f"https://x.com/a/status/{n}", "posted_at": when}
    return services.log_post(volunteer=volunteer, prisoner=prisoner, fields=fields)


def _last_posted(volunteer):
    return VolunteerSettings.objects.get(volunteer=volunteer).last_posted_at


def test_deleting_the_latest_post_falls_back_to_the_one_before(volunteer, prisoner):
    defend(volunteer, prisoner)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    older = _log(volunteer, prisoner, now - 3 * DAY, 1)
    latest = _log(volunteer, prisoner, now - DAY, 2)
    assert _last_posted(volunteer) == latest.posted_at

    services.delete_post(latest)
    assert _last_posted(volunteer) == older.posted_at

    services.delete_post(Post.objects.get(pk=older.pk))
    assert _last_posted(volunteer) is None
