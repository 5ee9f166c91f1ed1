"""The dashboard's lists to act on: bounded, indexed queries, the most urgent first.

Each list is a queryset here; the dashboard shows its first LIST_LENGTH rows with the
total (an `Excerpt`, its rows read by campaigns.organize.reads), and its own page
(campaigns.organize.list_pages) pages through all.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from prisoners.models import Prisoner

from ..figures import coverage
from ..models import Adoption, OutgoingEmail, Post

LIST_LENGTH = 20
# The posts shown under each listed defender: enough to tell real ones from empty ones.
POSTS_EACH = 3


@dataclass(frozen=True)
class Excerpt:
    """The first rows of a list and how many it holds in all."""

    rows: list
    total: int


def uncovered_prisoners() -> QuerySet:
    """Published prisoners still held without a defender, most urgent and longest
    uncovered first (released, exiled and dead prisoners are never in it)."""
    return coverage.most_in_need(Prisoner.objects.all())


def uncovered(limit: int = LIST_LENGTH):
    return list(uncovered_prisoners()[:limit])


def quiet_adoptions(now: datetime.datetime | None = None) -> QuerySet:
    """Active defenders with no post for two weeks or more, the quietest first."""
    return quiet_since(quiet_before(now)).prefetch_related(with_recent_posts("volunteer__posts"))


def quiet_before(now: datetime.datetime | None = None) -> datetime.datetime:
    """Who has not posted since this moment is quiet."""
    return (now or timezone.now()) - datetime.timedelta(weeks=settings.REMINDER_NUDGE_AFTER_WEEKS)


def quiet_since(since: datetime.datetime) -> QuerySet:
    """`quiet_adoptions` without their recent posts."""
    return (
        Adoption.objects.active()
        .defenders()
        .filter(started_at__lt=since)
        .filter(
            Q(volunteer__campaign_settings__last_posted_at__lt=since)
            | Q(volunteer__campaign_settings__last_posted_at__isnull=True)
        )
        .select_related("volunteer__campaign_settings", "prisoner")
        .order_by("volunteer__campaign_settings__last_posted_at", "started_at", "pk")
    )


def quiet_defenders(now: datetime.datetime | None = None, limit: int = LIST_LENGTH):
    return list(quiet_adoptions(now)[:limit])


def posts_newest_first():
    """Every post with who made it and about whom, newest first (organizers only: a
    volunteer never sees another's posts)."""
    return Post.objects.select_related("volunteer", "prisoner").order_by("-posted_at", "-id")


def with_recent_posts(lookup: str) -> Prefetch:
    """The last POSTS_EACH posts through `lookup` as `recent_posts`: one query for the
    whole list, however many posts each person made (a window over the posts' index)."""
    recent = Post.objects.select_related("prisoner").order_by("-posted_at", "-id")
    return Prefetch(lookup, queryset=recent[:POSTS_EACH], to_attr="recent_posts")


def failed_email_rows() -> QuerySet:
    """Emails the outbox gave up on, newest first."""
    return (
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
        .select_related("volunteer", "prisoner")
        .order_by("-created_at", "-id")
    )


def failed_emails(limit: int = LIST_LENGTH):
    return list(failed_email_rows()[:limit])


def volunteers_to_vet() -> QuerySet:
    """Volunteers with a confirmed address whom no organizer approved yet, the longest
    waiting first (nobody while VOLUNTEERS_NEED_APPROVAL is off)."""
    users = get_user_model().objects
    if not settings.VOLUNTEERS_NEED_APPROVAL:
        return users.none()
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        users.volunteers()
        .filter(is_active=True)
        .filter(Exists(verified))
        .filter(Q(campaign_settings__approved_at__isnull=True) | Q(campaign_settings__isnull=True))
        .order_by("date_joined", "pk")
    )


def waiting_for_vetting(limit: int = LIST_LENGTH):
    return list(volunteers_to_vet()[:limit])
