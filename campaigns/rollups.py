"""The dashboard's weekly rollups (CampaignWeek), kept up to date as things happen.

Weeks are ISO weeks in the campaign's time zone. A bump is one upsert in the caller's
transaction, so a rolled-back post or claim never counts.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from prisoners.models import Prisoner

from .models import Adoption, CampaignWeek, Post, VolunteerSettings

COUNTERS = ("posts", "claims", "lapses", "other_ends")


def campaign_tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.CAMPAIGN_TIME_ZONE)


def week_of(moment: datetime.datetime) -> datetime.date:
    """The Monday of the campaign week holding `moment`."""
    day = timezone.localtime(moment, campaign_tz()).date()
    return day - datetime.timedelta(days=day.weekday())


def bump(moment: datetime.datetime, **deltas: int) -> None:
    values = [deltas.get(name, 0) for name in COUNTERS]
    if not any(values):
        return
    updates = ", ".join(
        f"{name} = campaigns_campaignweek.{name} + EXCLUDED.{name}" for name in COUNTERS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO campaigns_campaignweek (week, posts, claims, lapses, other_ends) "  # noqa: S608 - constant names
            f"VALUES (%s, %s, %s, %s, %s) ON CONFLICT (week) DO UPDATE SET {updates}",
            [week_of(moment), *values],
        )


def coverage_now() -> tuple[int, int]:
    """(held, defended) among published prisoners, now."""
    held = Prisoner.objects.published().held()
    defended = held.filter(adoptions__role=Adoption.Role.DEFENDER, adoptions__ended_at__isnull=True)
    return held.count(), defended.count()


def snapshot(now: datetime.datetime | None = None) -> None:
    """Record this week's coverage (the tick calls it; the last call of a week stays)."""
    held, defended = coverage_now()
    CampaignWeek.objects.update_or_create(
        week=week_of(now or timezone.now()), defaults={"held": held, "defended": defended}
    )


@transaction.atomic
def rebuild() -> int:
    """Recompute every week from the source tables (repair, or after an import)."""
    tz = campaign_tz()
    weeks: dict[datetime.date, dict] = {}

    def row(week) -> dict:
        return weeks.setdefault(
            week.date() if hasattr(week, "date") else week, dict.fromkeys(COUNTERS, 0)
        )

    for item in (
        Post.objects.annotate(week=TruncWeek("posted_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("id"))
    ):
        row(item["week"])["posts"] = item["n"]
    defenders = Adoption.objects.filter(role=Adoption.Role.DEFENDER)
    for item in (
        defenders.annotate(week=TruncWeek("started_at", tzinfo=tz))
        .values("week")
        .annotate(n=Count("id"))
    ):
        row(item["week"])["claims"] = item["n"]
    for item in (
        defenders.filter(ended_at__isnull=False)
        .annotate(week=TruncWeek("ended_at", tzinfo=tz))
        .values("week")
        .annotate(
            lapses=Count("id", filter=Q(end_reason=Adoption.EndReason.LAPSED)),
            others=Count("id", filter=~Q(end_reason=Adoption.EndReason.LAPSED)),
        )
    ):
        row(item["week"]).update(lapses=item["lapses"], other_ends=item["others"])
    # Each volunteer's last post, which the dashboard's activity figures read.
    VolunteerSettings.objects.update(
        last_posted_at=Subquery(
            Post.objects.filter(volunteer=OuterRef("volunteer"))
            .order_by("-posted_at")
            .values("posted_at")[:1]
        )
    )
    CampaignWeek.objects.all().update(**dict.fromkeys(COUNTERS, 0))
    for week, counts in weeks.items():
        CampaignWeek.objects.update_or_create(week=week, defaults=counts)
    snapshot()
    return len(weeks)
