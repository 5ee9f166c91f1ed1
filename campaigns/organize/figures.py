"""The organizers' figures: headline numbers, 12-week trends and the lists to act on.

Everything comes from maintained rollups (CampaignWeek, VolunteerSettings.last_posted_at)
or from indexed queries bounded by a week or a page, never from counting every post,
so the dashboard costs the same with a hundred posts or millions.
"""

import datetime
from dataclasses import dataclass

import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from prisoners.models import Prisoner

from .. import reminders, rollups, stats
from ..coverage import coverage
from ..models import Adoption, CampaignWeek, Reminder
from ..stats import DASHBOARD_KEY, DASHBOARD_SECONDS

TREND_WEEKS = 12
LIST_LENGTH = 20


@dataclass(frozen=True)
class Headline:
    published: int
    held: int
    defended: int
    supporters: int
    posts_this_week: int
    posts_last_week: int
    active_volunteers: int
    reminders_sent: int
    reminders_failed: int
    reminders_queued: int
    oldest_queued: datetime.timedelta | None
    now: datetime.datetime

    @property
    def oldest_queued_at(self) -> datetime.datetime | None:
        return self.now - self.oldest_queued if self.oldest_queued else None

    @property
    def defended_share(self) -> int:
        return round(100 * self.defended / self.held) if self.held else 0


def headline(now: datetime.datetime | None = None) -> Headline:
    """The headline figures now, kept for a minute (claims and hand-backs drop them)."""
    if now is not None:
        return compute_headline(now)
    try:
        return cache.get_or_set(DASHBOARD_KEY, compute_headline, DASHBOARD_SECONDS)
    except redis.RedisError:
        return compute_headline()


def compute_headline(now: datetime.datetime | None = None) -> Headline:
    now = now or timezone.now()
    this_week = rollups.week_of(now)
    last_week = this_week - datetime.timedelta(weeks=1)
    posts = dict(
        CampaignWeek.objects.filter(week__in=[this_week, last_week]).values_list("week", "posts")
    )
    held, defended = rollups.coverage_now()
    week_start = datetime.datetime.combine(this_week, datetime.time(), rollups.campaign_tz())
    sent_statuses = dict(
        Reminder.objects.filter(created_at__gte=week_start)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return Headline(
        published=Prisoner.objects.published().count(),
        held=held,
        defended=defended,
        supporters=Adoption.objects.active()
        .filter(role=Adoption.Role.SUPPORTER)
        .values("volunteer")
        .distinct()
        .count(),
        posts_this_week=posts.get(this_week, 0),
        posts_last_week=posts.get(last_week, 0),
        active_volunteers=stats.active_volunteers(now),
        reminders_sent=sent_statuses.get(Reminder.Status.SENT, 0),
        reminders_failed=sent_statuses.get(Reminder.Status.FAILED, 0),
        reminders_queued=sent_statuses.get(Reminder.Status.QUEUED, 0)
        + sent_statuses.get(Reminder.Status.IN_FLIGHT, 0),
        oldest_queued=reminders.backlog_age(now),
        now=now,
    )


@dataclass(frozen=True)
class Week:
    week: datetime.date
    posts: int
    claims: int
    lapses: int
    share: float | None  # 0..1, None when not recorded that week


def trends(now: datetime.datetime | None = None, weeks: int = TREND_WEEKS) -> list[Week]:
    """The last `weeks` campaign weeks, oldest first; weeks with no row count zero."""
    this_week = rollups.week_of(now or timezone.now())
    first = this_week - datetime.timedelta(weeks=weeks - 1)
    rows = {row.week: row for row in CampaignWeek.objects.filter(week__gte=first)}
    result = []
    for i in range(weeks):
        week = first + datetime.timedelta(weeks=i)
        row = rows.get(week)
        result.append(
            Week(
                week=week,
                posts=row.posts if row else 0,
                claims=row.claims if row else 0,
                lapses=row.lapses if row else 0,
                share=row.coverage_share if row else None,
            )
        )
    return result


def uncovered(limit: int = LIST_LENGTH):
    """Prisoners without a defender, most urgent and longest uncovered first."""
    return list(coverage.most_in_need(Prisoner.objects.all())[:limit])


def quiet_defenders(now: datetime.datetime | None = None, limit: int = LIST_LENGTH):
    """Active defenders with no post for two weeks or more, the quietest first."""
    since = (now or timezone.now()) - datetime.timedelta(weeks=settings.REMINDER_NUDGE_AFTER_WEEKS)
    return list(
        Adoption.objects.active()
        .defenders()
        .filter(started_at__lt=since)
        .filter(
            Q(volunteer__campaign_settings__last_posted_at__lt=since)
            | Q(volunteer__campaign_settings__last_posted_at__isnull=True)
        )
        .select_related("volunteer__campaign_settings", "prisoner")
        .order_by("volunteer__campaign_settings__last_posted_at", "started_at")[:limit]
    )


def failed_reminders(limit: int = LIST_LENGTH):
    return list(
        Reminder.objects.filter(status=Reminder.Status.FAILED)
        .select_related("volunteer", "prisoner")
        .order_by("-created_at")[:limit]
    )


def waiting_for_vetting(limit: int = LIST_LENGTH):
    """Volunteers with a confirmed address whom no organizer approved yet."""
    if not settings.VOLUNTEERS_NEED_APPROVAL:
        return []
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .filter(Exists(verified))
        .filter(Q(campaign_settings__approved_at__isnull=True) | Q(campaign_settings__isnull=True))
        .order_by("date_joined")[:limit]
    )
