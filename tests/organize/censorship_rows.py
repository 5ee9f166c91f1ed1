"""Rows of the censorship watch made directly, as the checks (campaigns/linkcheck/) and a
volunteer's report would leave them, for the organizers' pages and digest."""

import datetime
import itertools

from django.db.models import F

from campaigns.models import AccountSuspension, CensorshipDay, Post

_serial = itertools.count()
UTC = datetime.UTC


def gone_post(volunteer, prisoner, *, gone_at, live_at=None, platform="x", status="removed"):
    """A post whose link was seen online at `live_at` (None: never) and found gone at
    `gone_at`, with status removed or account_suspended."""
    return Post.objects.create(
        volunteer=volunteer,
        prisoner=prisoner,
        platform=platform,
        link=f"https://x.com/someone/status/{next(_serial)}",
        posted_at=(live_at or gone_at) - datetime.timedelta(days=2),
        link_status=status,
        link_checked_at=gone_at,
        link_live_at=live_at,
        link_gone_at=gone_at,
    )


def many_gone_posts(volunteer, prisoner, count: int, *, status="removed") -> None:
    start = datetime.datetime(2024, 1, 1, tzinfo=UTC)
    first = next(_serial)
    Post.objects.bulk_create(
        Post(
            volunteer=volunteer,
            prisoner=prisoner,
            platform="x",
            link=f"https://x.com/bulk/status/{status}{first}-{n}",
            posted_at=start + datetime.timedelta(minutes=n),
            link_status=status,
            link_gone_at=start + datetime.timedelta(minutes=n, days=1),
        )
        for n in range(count)
    )


def bump(day: datetime.date, platform: str, prisoner, *, removed=0, suspended=0) -> None:
    """Add to the day's counters, as the checks do."""
    row, _created = CensorshipDay.objects.get_or_create(
        day=day, platform=platform, prisoner=prisoner
    )
    CensorshipDay.objects.filter(pk=row.pk).update(
        removed=F("removed") + removed, suspended=F("suspended") + suspended
    )


def report(volunteer, prisoner, *, platform="x", at) -> AccountSuspension:
    return AccountSuspension.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform=platform, reported_at=at
    )
