"""The campaign's headline figures, for the home page."""

import datetime
import logging

import redis
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from advocacy.pagecache import pages_changed
from prisoners.models import CLOSED_STATUSES, Prisoner

from . import rollups
from .models import Adoption, CampaignWeek, VolunteerSettings

logger = logging.getLogger(__name__)

COUNTERS_KEY = "campaigns:counters"
COUNTERS_SECONDS = 300
# The organizers' headline figures (campaigns.organize.figures), dropped with the above.
DASHBOARD_KEY = "campaigns:dashboard-headline"
DASHBOARD_SECONDS = 60
ACTIVE_DAYS = 30


def compute_counters(now: datetime.datetime | None = None) -> dict:
    now = now or timezone.now()
    published = Prisoner.objects.published()
    totals = published.aggregate(
        published=Count("pk"), held=Count("pk", filter=~Q(status__in=CLOSED_STATUSES))
    )
    held = totals["held"]
    # Each held prisoner has at most one active defender (invariant 1), so those who
    # need one are the rest.
    defended = Adoption.objects.active().defenders().filter(prisoner__in=published.held()).count()
    return {
        "published": totals["published"],
        "held": held,
        "defended": defended,
        "defended_share": round(100 * defended / held) if held else 0,
        "needing": held - defended,
        "posts_this_week": posts_in_week(rollups.week_of(now)),
        "active_volunteers": active_volunteers(now),
    }


def posts_in_week(week: datetime.date) -> int:
    """Posts of a campaign week, from the weekly rollup (never a count over posts)."""
    found = CampaignWeek.objects.filter(week=week).values_list("posts", flat=True).first()
    return found or 0


def active_volunteers(now: datetime.datetime) -> int:
    """Volunteers who posted in the last ACTIVE_DAYS: the one definition the home page
    and the organizers' dashboard share (an indexed count on last_posted_at)."""
    since = now - datetime.timedelta(days=ACTIVE_DAYS)
    return VolunteerSettings.objects.filter(last_posted_at__gte=since).count()


def campaign_counters() -> dict:
    """Cached for a few minutes so that the home page never counts per visit."""
    return cache.get_or_set(COUNTERS_KEY, compute_counters, COUNTERS_SECONDS)


def counters_changed() -> None:
    """A claim, a hand-back or a post changed the figures: the next visit recounts."""
    try:
        cache.delete_many([COUNTERS_KEY, DASHBOARD_KEY])
        pages_changed()
    except redis.RedisError:
        # The action itself succeeded; the figures are at most five minutes stale.
        logger.warning("cache unavailable: home counters not refreshed")
