"""The one builder of the outbox's emails: reminder, nudge, lapse note, supporter digest,
thanks, an assignment's two emails (to the new and the replaced defender), and the
organizers' alert and weekly digest.

Each is plain text + HTML from `templates/emails/<kind>.txt|.html|_subject.txt`, in the
recipient's language and time zone, with links built from SITE_URL, a deterministic
Message-ID, and RFC 8058 one-click unsubscribe headers.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from prisoners import chinese

from .. import figures, removals, tokens, weeks
from ..compose import share_context
from ..models import Adoption, OutgoingEmail, Post
from ..organize import censorship, lists
from . import news

# How many uncovered prisoners and quiet defenders the organizers' digest lists.
DIGEST_LIST_LENGTH = 10


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def message_id(row: OutgoingEmail) -> str:
    """The same row always gets the same Message-ID, so a resend is recognisable."""
    key = f"{row.pk}.{row.kind}.{row.period}" if row.pk else f"test.{timezone.now():%Y%m%d%H%M%S%f}"
    return f"<reminder.{key}@{mail_domain()}>"


def links_for(volunteer, prisoner=None) -> dict[str, str]:
    links = {
        "unsubscribe_url": absolute(
            reverse("campaigns:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, volunteer)])
        ),
        "pause_url": absolute(
            reverse("campaigns:pause", args=[tokens.make(tokens.PAUSE, volunteer)])
        ),
        "settings_url": absolute(reverse("campaigns:settings")),
        "me_url": absolute(reverse("campaigns:me")),
        "find_url": absolute(reverse("campaigns:find")),
    }
    if prisoner is not None:
        token = tokens.make(tokens.LOG_POST, volunteer, p=prisoner.pk)
        links["log_post_url"] = absolute(reverse("campaigns:log_post_by_link", args=[token]))
        links["prisoner_url"] = absolute(prisoner.get_absolute_url())
        if prisoner.photo:
            links["photo_url"] = absolute(prisoner.photo.url)
    return links


def _weekly_context(row: OutgoingEmail, today: datetime.date) -> dict:
    volunteer, prisoner = row.volunteer, row.prisoner
    # News since the last weekly email that went out, or since the claim.
    previous = news.last_email_at(row, OutgoingEmail.WEEKLY_KINDS)
    started = Adoption.objects.filter(
        volunteer=volunteer, prisoner=prisoner, role="defender"
    ).aggregate(first=Max("started_at"))["first"]
    since = previous or started or timezone.now() - news.FIRST_WINDOW
    days = prisoner.days_detained(today)
    sharing = share_context(prisoner, volunteer=volunteer, language=volunteer.language, today=today)
    # Posts found taken down since the last email (the first: within /me/'s window).
    removed = removals.since(
        volunteer,
        previous or timezone.now() - removals.RECENT,
        language=volunteer.language,
        today=today,
        mastodon=sharing["mastodon_instance"],
    )
    return {
        "new_assignment": row.kind == OutgoingEmail.Kind.REMINDER
        and _first_after_assignment(row, started),
        "removals": removed,
        "removed_url": absolute(reverse("campaigns:removed")),
        # "3,943" in English, "3943" in Chinese, as in the suggested text below it.
        "days": None if days is None else chinese.number(days, volunteer.language),
        "news": news.for_reader([prisoner.pk], since=since, today=today, limit=5),
        "suggested_post": sharing["suggestions"][0]["text"],
        "share_buttons": sharing["share_buttons"],
        "reasons": sharing["reasons"],
    }


def _first_after_assignment(row: OutgoingEmail, started: datetime.datetime | None) -> bool:
    """An organizer made them this prisoner's defender (the `assigned` email of this
    defence), and since then they have had no weekly email and logged no post: this
    reminder welcomes them instead of saying they have not posted yet."""
    if started is None:
        return False
    since = {"volunteer": row.volunteer, "created_at__gte": started}
    assigned = OutgoingEmail.objects.filter(
        **since, prisoner=row.prisoner, kind=OutgoingEmail.Kind.ASSIGNED
    )
    earlier = OutgoingEmail.objects.filter(**since, kind__in=OutgoingEmail.WEEKLY_KINDS).exclude(
        pk=row.pk
    )
    posted = Post.objects.filter(
        volunteer=row.volunteer, prisoner=row.prisoner, posted_at__gte=started
    )
    return assigned.exists() and not earlier.exists() and not posted.exists()


def _digest_context(row: OutgoingEmail, today: datetime.date) -> dict:
    supported = Adoption.objects.active().filter(volunteer=row.volunteer, role="supporter")
    since = news.last_email_at(row, [row.kind]) or timezone.now() - news.FIRST_WINDOW
    return {
        "news": news.for_reader(
            supported.values("prisoner_id"), since=since, today=today, limit=20
        ),
        "log_post_url": absolute(reverse("campaigns:me")),
    }


def _alert_context(row: OutgoingEmail) -> dict:
    previous = (
        OutgoingEmail.objects.filter(
            volunteer=row.volunteer, kind=OutgoingEmail.Kind.ORGANIZER_ALERT
        )
        .exclude(pk=row.pk)
        .filter(created_at__lt=row.created_at)
        .aggregate(last=Max("created_at"))["last"]
    )
    quiet = (
        OutgoingEmail.objects.filter(
            kind=OutgoingEmail.Kind.NUDGE,
            weeks_quiet__gte=settings.REMINDER_ALERT_ORGANIZERS_AFTER_WEEKS,
            created_at__lte=row.created_at,
        )
        .select_related("volunteer", "prisoner")
        .order_by("-weeks_quiet", "created_at")
    )
    if previous:
        quiet = quiet.filter(created_at__gt=previous)
    return {
        "quiet": list(quiet[:200]),
        "lapse_weeks": settings.REMINDER_LAPSE_AFTER_WEEKS,
        "adoptions_url": absolute(reverse("admin:campaigns_adoption_changelist")),
    }


def _organizer_digest_context(row: OutgoingEmail) -> dict:
    """The week's figures and the two lists to act on; pseudonyms only, never addresses."""
    now = timezone.now()
    quiet = []
    for adoption in lists.quiet_defenders(now, limit=DIGEST_LIST_LENGTH):
        volunteer_settings = getattr(adoption.volunteer, "campaign_settings", None)
        last_post = volunteer_settings.last_posted_at if volunteer_settings else None
        quiet.append(
            {
                "name": adoption.volunteer.label_in_email,
                "prisoner": adoption.prisoner,
                "weeks": (now - (last_post or adoption.started_at)).days // 7,
                "last_post": last_post,
            }
        )
    headline = figures.headline(now)
    return {
        "headline": headline,
        "without_defender": headline.held - headline.defended,
        "uncovered": lists.uncovered(limit=DIGEST_LIST_LENGTH),
        "quiet": quiet,
        "dashboard_url": absolute(reverse("organize:dashboard")),
        "censorship": censorship.last_week(now, limit=DIGEST_LIST_LENGTH),
        "removals_url": absolute(reverse("organize:removals")),
        "suspended_url": absolute(reverse("organize:suspended")),
    }


def _kind_context(row: OutgoingEmail, today: datetime.date) -> dict:
    """What the email of this row's kind says beyond the greeting and the links."""
    kind = OutgoingEmail.Kind
    if row.kind in (kind.REMINDER, kind.NUDGE, kind.ASSIGNED):
        return _weekly_context(row, today) if row.prisoner else {}
    if row.kind == kind.DIGEST:
        return _digest_context(row, today)
    builders = {
        kind.ORGANIZER_ALERT: _alert_context,
        kind.ORGANIZER_DIGEST: _organizer_digest_context,
    }
    build = builders.get(row.kind)
    return build(row) if build else {}


def build_message(row: OutgoingEmail, *, posted_this_week: bool = False) -> EmailMultiAlternatives:
    """The email of `row`. The outbox sends reminders only in weeks without a post; a test
    reminder (send_test_reminder) says whether the volunteer has `posted_this_week`."""
    volunteer = row.volunteer
    local_now = weeks.volunteer_now(volunteer)
    today = local_now.date()
    with translation.override(volunteer.language), timezone.override(local_now.tzinfo):
        context = {
            "row": row,
            "recipient": volunteer,
            "prisoner": row.prisoner,
            "campaign_name": settings.CAMPAIGN_NAME,
            "site_url": settings.SITE_URL,
            "nudge_weeks": settings.REMINDER_NUDGE_AFTER_WEEKS,
            "pause_days": settings.REMINDER_PAUSE_DAYS,
            "posted_this_week": posted_this_week,
            **links_for(volunteer, row.prisoner),
        }
        context.update(_kind_context(row, today))
        subject = " ".join(render_to_string(f"emails/{row.kind}_subject.txt", context).split())
        context["subject"] = subject
        text = render_to_string(f"emails/{row.kind}.txt", context)
        html = render_to_string(f"emails/{row.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[volunteer.email],
        headers={
            "Message-ID": message_id(row),
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
