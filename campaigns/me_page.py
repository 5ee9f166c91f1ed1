"""/me/, the signed-in volunteer's page, cheap to draw (issue 17).

Its reads are compiled once per process (advocacy.compiled) and run with the
volunteer's id: their adoptions with their prisoners; their own row with their settings,
whether their address is confirmed, whether posts of theirs were taken down or
suspensions reported lately, and the Mondays of the weeks they posted in (the streak);
their latest posts. Then only what there is to show is read (removals, reports).

The parts about the prisoner they defend show only that prisoner's record, in the
reader's language, on their calendar: the photo, name and status, the one-tap "Post on
X", the suggested posts, the days counted and the latest news, the "I can no longer
defend" link. They are drawn without the request and kept (prisoners.fragments.kept_part)
under a key that holds everything they show that can change: the prisoner's
`updated_at`, the digest of their events and sources (prisoners.profile, read with the
adoptions), the language, the time zones and days (the reader's and the volunteer's, the
same on this page), the volunteer's Mastodon server (the buttons' addresses), and the
code that draws them. The log-a-post form is kept the same way, by language, day and the
prisoners it offers, its CSRF token and submission key put in per request.

Everything else is the volunteer's own and drawn per request: their name, the banners,
the week's status, their posts, the cases they support.
"""

import datetime
import hashlib
import uuid
from functools import lru_cache
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from advocacy.compiled import Compiled
from advocacy.versions import code_digest
from prisoners import fragments, profile
from prisoners.models import CaseEvent

from . import comeback, compose, post_rows, removals, services, weeks
from .forms import PostForm
from .models import Adoption, Post

LATEST_EVENTS = 5
RECENT_POSTS = 5
KEPT_TEMPLATE = "campaigns/_me_defended.html"
FORM_TEMPLATE = "campaigns/_log_post_form.html"
# What the kept parts draw with, beside prisoners.fragments.code_version()'s.
KEPT_TEMPLATES = (
    KEPT_TEMPLATE,
    FORM_TEMPLATE,
    "campaigns/_post_on.html",
    "prisoners/_card_download.html",
)
CAMPAIGN_SOURCES = ("campaigns/*.py", "campaigns/models/*.py", "campaigns/templatetags/*.py")
# A day and a little: the keys hold the day.
SECONDS = 25 * 3600

# Stand for the request's values while the reads are compiled (advocacy.compiled).
_ID = -7_100_018
_SINCE = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
_FROM = datetime.datetime(1902, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
_ZONE = "me-page-zone-mark"
CSRF_MARK = "me-page-csrf-mark-7c2e"
SUBMISSION_MARK = uuid.UUID("7c2e0000-0000-4000-8000-0000000f00d5")

# The Mondays (on the volunteer's clock) of the weeks with a post since a moment, as
# campaigns.weeks.week_status reads them with TruncWeek.
MONDAYS_SQL = """ARRAY(SELECT DISTINCT (date_trunc('week', p.posted_at AT TIME ZONE %s))::date
    FROM campaigns_post p WHERE p.volunteer_id = "advocacy_user"."id" AND p.posted_at >= %s)"""
# The digest of the defended prisoner's events and sources (prisoners.profile).
DEFENDED_VERSION_SQL = f"""CASE WHEN "campaigns_adoption"."role" = %s
    THEN ({profile.CONTENT_VERSION_SQL}) END"""


def _adoptions(volunteer_id):
    return (
        Adoption.objects.active()
        .filter(volunteer_id=volunteer_id)
        .select_related("prisoner")
        .annotate(
            content_version=RawSQL(  # noqa: S611 (constant SQL, the role a parameter)
                DEFENDED_VERSION_SQL, [Adoption.Role.DEFENDER], output_field=models.TextField()
            )
        )
        .order_by("role", "started_at")
    )


def _reader(volunteer_id, since, zone, posted_from):
    mondays = RawSQL(  # noqa: S611 (constant SQL, the zone and moment parameters)
        MONDAYS_SQL, [zone, posted_from], output_field=ArrayField(models.DateField())
    )
    return (
        removals.with_news(get_user_model().objects.filter(pk=volunteer_id), since)
        .annotate(verified=Exists(services.verified_email(OuterRef("pk"))), mondays=mondays)
        .select_related("campaign_settings")
    )


def _posts(volunteer_id):
    return (
        Post.objects.filter(volunteer_id=volunteer_id)
        .select_related("prisoner")
        .order_by("-posted_at", "-id")[:RECENT_POSTS]
    )


ADOPTIONS = Compiled(_adoptions, _ID)
READER = Compiled(_reader, _ID, _SINCE, _ZONE, _FROM, generic=True)
POSTS = Compiled(_posts, _ID)


@login_required
def me(request):
    user = request.user
    adoptions = ADOPTIONS.run(user.pk)
    defended = next((a for a in adoptions if a.role == Adoption.Role.DEFENDER), None)
    local = weeks.volunteer_now(user)
    today = local.date()
    since = removals.lately()
    posted_from = weeks.streak_since(local)
    (reader,) = READER.run(user.pk, since, _zone(local.tzinfo), posted_from)
    prefs = getattr(reader, "campaign_settings", None)  # None: never changed, the defaults
    mastodon = prefs.mastodon_instance if prefs else ""
    language = get_language()
    recent = POSTS.run(user.pk)
    context = {
        "defended": defended,
        "supported": [a for a in adoptions if a.role == Adoption.Role.SUPPORTER],
        "verified": reader.verified,
        "recent_posts": recent,
        "recent_rows": post_rows.rows(recent),
        "log_form": log_form(request, [a.prisoner for a in adoptions]) if adoptions else None,
        "reminders": comeback.reminder_state(prefs, today),
        # This page says it with its own banner, from the row read above.
        "delivery_problem": None,
    }
    context.update(
        removals.for_me(
            user,
            language=language,
            today=today,
            mastodon_instance=mastodon,
            since=since,
            news=reader,
        )
    )
    if defended:
        context["status"] = weeks.status_from(reader.mondays, local)
        context["kept"] = defended_parts(
            defended.prisoner,
            defended.content_version,
            user,
            language=language,
            today=today,
            mastodon=mastodon,
        )
    return render(request, "campaigns/me.html", context)


def _zone(tz) -> str:
    """The zone as Django's TruncWeek gives it to PostgreSQL (campaigns.weeks)."""
    return connection.ops._prepare_tzname_delta(timezone._get_timezone_name(tz))


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the kept parts are drawn with: the prisoners' parts' code and templates, and
    this app's templates and Python (the texts suggested, the share links, the form)."""
    return code_digest(KEPT_TEMPLATES, CAMPAIGN_SOURCES, fragments.code_version())


class Parts(NamedTuple):
    photo: str  # the photo, before "Your prisoner since"
    name: str  # the name and the status
    post_on_x: str
    post_on: str  # the suggested posts
    news: str  # the days counted and the latest news
    hand_back: str


PART_BREAK = profile.PART_BREAK


def _key(*shown) -> str:
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:40]


def defended_parts(prisoner, content_version: str, volunteer, *, language, today, mastodon):
    """The kept parts about the defended `prisoner` (read with `content_version`)."""
    shown = (
        prisoner.pk,
        prisoner.updated_at.timestamp(),
        content_version,
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        weeks.volunteer_tz(volunteer).key,
        today.isoformat(),
        mastodon,
    )
    key = f"campaigns:mehtml:{code_version()}:{language}:{prisoner.pk}:{_key(*shown)}"
    found = fragments.kept_part(
        key, lambda: _draw(prisoner, volunteer, language, today, mastodon), SECONDS
    )
    return Parts(*(mark_safe(html) for html in found))  # noqa: S308 (our template's)


def _draw(prisoner, volunteer, language, today, mastodon) -> tuple:
    context = {
        "prisoner": prisoner,
        "events": list(CaseEvent.objects.published().filter(prisoner=prisoner)[:LATEST_EVENTS]),
        "part_break": PART_BREAK,
        **compose.share_context(
            prisoner, volunteer=volunteer, language=language, today=today, mastodon=mastodon
        ),
    }
    found = render_to_string(KEPT_TEMPLATE, context).split(PART_BREAK)
    if len(found) != len(Parts._fields):
        raise ValueError(f"{len(found)} parts where {len(Parts._fields)} were expected")
    return tuple(found)


def log_form(request, prisoners) -> str:
    """The log-a-post form about `prisoners`, kept by language, day and the prisoners
    offered; this request's CSRF token and a new submission key put in."""
    offered = [(p.pk, p.primary_name()) for p in prisoners]
    shown = (offered, timezone.get_current_timezone_name(), timezone.localdate().isoformat())
    key = f"campaigns:meform:{code_version()}:{get_language()}:{_key(*shown)}"
    html = fragments.kept_part(key, lambda: _draw_form(prisoners), SECONDS)
    html = html.replace(CSRF_MARK, get_token(request))
    # Our template's output, with a token and a key (letters, digits, dashes) put in.
    return mark_safe(html.replace(str(SUBMISSION_MARK), str(uuid.uuid4())))  # noqa: S308


def _draw_form(prisoners) -> str:
    form = PostForm(prisoners=prisoners)
    form.initial["submission"] = SUBMISSION_MARK
    return get_template(FORM_TEMPLATE).render({"form": form, "csrf_token": CSRF_MARK})
