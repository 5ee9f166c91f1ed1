"""The dashboard's lists to act on: bounded, indexed queries, the most urgent first."""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from prisoners.models import Prisoner

from ..figures import coverage
from ..models import Adoption, OutgoingEmail, Post

LIST_LENGTH = 20
# The posts shown under each listed defender: enough to tell real ones from empty ones.
POSTS_EACH = 3


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
        .prefetch_related(with_recent_posts("volunteer__posts"))
        .order_by("volunteer__campaign_settings__last_posted_at", "started_at")[:limit]
    )


def posts_newest_first():
    """Every post with who made it and about whom, newest first (organizers only: a
    volunteer never sees another's posts)."""
    return Post.objects.select_related("volunteer", "prisoner").order_by("-posted_at", "-id")


def with_recent_posts(lookup: str) -> Prefetch:
    """The last POSTS_EACH posts through `lookup` as `recent_posts`: one query for the
    whole list, however many posts each person made (a window over the posts' index)."""
    recent = Post.objects.select_related("prisoner").order_by("-posted_at", "-id")
    return Prefetch(lookup, queryset=recent[:POSTS_EACH], to_attr="recent_posts")


def failed_emails(limit: int = LIST_LENGTH):
    return list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
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
        .objects.volunteers()
        .filter(is_active=True)
        .filter(Exists(verified))
        .filter(Q(campaign_settings__approved_at__isnull=True) | Q(campaign_settings__isnull=True))
        .order_by("date_joined")[:limit]
    )
