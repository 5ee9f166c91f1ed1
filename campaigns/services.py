"""The campaign's workflows: claiming, supporting, handing back, logging posts.

The database enforces the rules (one active defender per prisoner, one defended
prisoner per volunteer, a link logged once); these functions turn a violation into a
clear refusal instead of a 500, whatever the race.
"""

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Value
from django.db.models.functions import Coalesce, Greatest, TruncWeek
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prisoners.models import Prisoner

from . import audit, rollups
from .models import Adoption, AuditEntry, Post, VolunteerSettings
from .stats import counters_changed

# How far back a streak is counted: two years of weeks is plenty, and bounds the query.
STREAK_HORIZON_WEEKS = 104


class Refused(Exception):
    """An action the rules do not allow, with the message to show and the HTTP status."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def is_approved(volunteer) -> bool:
    return VolunteerSettings.objects.filter(volunteer=volunteer, approved_at__isnull=False).exists()


def _check_can_commit(volunteer, prisoner: Prisoner) -> None:
    if not has_verified_email(volunteer):
        raise Refused(_("Please confirm your email address first: we sent you a link."), 403)
    if settings.VOLUNTEERS_NEED_APPROVAL and not is_approved(volunteer):
        raise Refused(
            _(
                "An organizer has not approved your account yet. You can choose a prisoner "
                "as soon as they have."
            ),
            403,
        )
    if not prisoner.is_published:
        raise Refused(_("This prisoner cannot be chosen."), 404)


def _lock_and_recheck(volunteer, prisoner: Prisoner, *, must_be_held: bool) -> None:
    """Share-lock the prisoner's and the volunteer's rows until commit, and check them again.

    FOR SHARE: claims do not wait for one another (the unique constraints decide between
    them), but an organizer closing the case (FOR NO KEY UPDATE) or suspending the
    volunteer (FOR UPDATE) either waits for this commit and then sees the new adoption,
    or commits first and is seen here. Django has no FOR SHARE, hence the raw SQL.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, is_published FROM prisoners_prisoner WHERE id = %s FOR SHARE",
            [prisoner.pk],
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT is_active FROM advocacy_user WHERE id = %s FOR SHARE", [volunteer.pk]
        )
        active = cursor.fetchone()
    if not (active and active[0]):
        raise Refused(_("Your account is suspended: you cannot choose a prisoner."), 403)
    if row is None or not row[1]:
        raise Refused(_("This prisoner cannot be chosen."), 404)
    prisoner.status, prisoner.is_published = row
    if must_be_held and not prisoner.is_held:
        raise Refused(
            _("%(name)s is no longer held: there is no one to defend.") % _names(prisoner)
        )


def claim_prisoner(*, volunteer, prisoner: Prisoner) -> Adoption:
    """Make `volunteer` the defender of `prisoner`, or raise Refused (409 for a taken slot)."""
    _check_can_commit(volunteer, prisoner)
    if not prisoner.is_held:
        raise Refused(
            _("%(name)s is no longer held: there is no one to defend.") % _names(prisoner)
        )
    mine = Adoption.objects.active().defenders().filter(volunteer=volunteer).first()
    if mine and mine.prisoner_id == prisoner.pk:
        return mine  # a double click: already done
    if mine:
        raise Refused(
            _("You already defend %(name)s: hand them back first.") % _names(mine.prisoner)
        )
    try:
        # One transaction (a savepoint inside the caller's): the unique constraints
        # decide the race between claims, the share locks the race with a suspension or
        # a closing, and a loser's failed INSERT must not poison the caller's
        # transaction. The claim, its rollup and the end of a support commit together.
        with transaction.atomic():
            _lock_and_recheck(volunteer, prisoner, must_be_held=True)
            adoption = Adoption.objects.create(
                volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.DEFENDER
            )
            rollups.bump(adoption.started_at, claims=1)
            audit.record(volunteer, AuditEntry.Action.CLAIM, audit.prisoner_label(prisoner))
            # A supporter who becomes the defender is no longer counted twice.
            Adoption.objects.active().filter(
                volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.SUPPORTER
            ).update(ended_at=timezone.now(), end_reason=Adoption.EndReason.BECAME_DEFENDER)
    except IntegrityError as exc:
        # The other click of a double click may have won: then this one is done too.
        # (The winner has committed: PostgreSQL waited for it before refusing us.)
        won = Adoption.objects.active().defenders().filter(volunteer=volunteer).first()
        if won and won.prisoner_id == prisoner.pk:
            return won
        raise _refusal_for(exc, volunteer, prisoner) from exc
    counters_changed()
    return adoption


def _refusal_for(exc: IntegrityError, volunteer, prisoner: Prisoner) -> Refused:
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "")
    if constraint == "one_defended_prisoner_per_volunteer":
        return Refused(_("You already defend someone: hand them back first."))
    if constraint == "one_active_defender_per_prisoner":
        return Refused(
            _("%(name)s already has a defender: support them instead.") % _names(prisoner)
        )
    raise exc


def _names(prisoner: Prisoner) -> dict:
    return {"name": prisoner.primary_name()}


def support_prisoner(*, volunteer, prisoner: Prisoner) -> Adoption:
    """Add `volunteer` to the prisoner's supporters (idempotent)."""
    _check_can_commit(volunteer, prisoner)
    defends = Adoption.objects.active().defenders()
    if defends.filter(volunteer=volunteer, prisoner=prisoner).exists():
        raise Refused(_("You defend %(name)s already.") % _names(prisoner))
    existing = Adoption.objects.active().filter(
        volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.SUPPORTER
    )
    if adoption := existing.first():
        return adoption
    try:
        with transaction.atomic():
            _lock_and_recheck(volunteer, prisoner, must_be_held=False)
            return Adoption.objects.create(
                volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.SUPPORTER
            )
    except IntegrityError:
        return existing.get()  # the other click of a double click won


def hand_back(*, adoption: Adoption, note: str) -> None:
    with transaction.atomic():
        adoption.end(Adoption.EndReason.HANDED_BACK, note=note)
        audit.record(
            adoption.volunteer,
            AuditEntry.Action.HAND_BACK,
            audit.prisoner_label(adoption.prisoner),
            after={"reason given": bool(note)},
        )
    counters_changed()


def log_post(*, volunteer, prisoner: Prisoner, fields: dict) -> Post:
    """Record a post; raise Refused when this volunteer already logged the link."""
    try:
        with transaction.atomic():
            post = Post.objects.create(volunteer=volunteer, prisoner=prisoner, **fields)
            rollups.bump(post.posted_at, posts=1)
            settings_for(volunteer)
            # GREATEST in the database: two posts logged at once keep the later date.
            VolunteerSettings.objects.filter(volunteer=volunteer).update(
                last_posted_at=Greatest(
                    Coalesce("last_posted_at", Value(post.posted_at)), Value(post.posted_at)
                )
            )
    except IntegrityError as exc:
        raise Refused(_("You have already logged this link.")) from exc
    return post


@transaction.atomic
def delete_post(post: Post) -> None:
    post.delete()
    rollups.bump(post.posted_at, posts=-1)
    last = Post.objects.filter(volunteer_id=post.volunteer_id).aggregate(last=Max("posted_at"))
    VolunteerSettings.objects.filter(volunteer_id=post.volunteer_id).update(
        last_posted_at=last["last"]
    )


def settings_for(volunteer) -> VolunteerSettings:
    found, _created = VolunteerSettings.objects.get_or_create(volunteer=volunteer)
    return found


@dataclass(frozen=True)
class WeekStatus:
    posted_this_week: bool
    streak: int
    week_start: datetime.date


def week_status(volunteer, now: datetime.datetime | None = None) -> WeekStatus:
    """This week's status and the streak of consecutive weeks with a post.

    Weeks are ISO weeks (Monday to Sunday) in the volunteer's own time zone. A week not
    over yet does not break the streak: it counts once it has a post.
    """
    tz = zoneinfo.ZoneInfo(volunteer.timezone or settings.TIME_ZONE)
    today = timezone.localtime(now or timezone.now(), tz).date()
    this_monday = today - datetime.timedelta(days=today.weekday())
    since = this_monday - datetime.timedelta(weeks=STREAK_HORIZON_WEEKS)
    weeks = set(
        Post.objects.filter(
            volunteer=volunteer,
            posted_at__gte=datetime.datetime.combine(since, datetime.time(), tz),
        )
        .annotate(week=TruncWeek("posted_at", tzinfo=tz))
        .values_list("week", flat=True)
        .distinct()
    )
    mondays = {w.date() for w in weeks}
    posted = this_monday in mondays
    streak = 0
    monday = this_monday if posted else this_monday - datetime.timedelta(weeks=1)
    while monday in mondays:
        streak += 1
        monday -= datetime.timedelta(weeks=1)
    return WeekStatus(posted_this_week=posted, streak=streak, week_start=this_monday)


# X (Twitter) counts most of the world's scripts as 2 and Latin and punctuation as 1
# (twitter-text's weighted ranges), every link as 23, and allows 280 in all.
X_LIMIT = 280
X_LINK_WEIGHT = 23
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


def x_weighted_length(text: str) -> int:
    """The length X shows for a post; static/js/suggested-post.js does the same sum."""
    links = _LINK.findall(text)
    rest = _LINK.sub("", text)
    weight = sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT_RANGES) else 2 for c in rest)
    return weight + X_LINK_WEIGHT * len(links)


def suggested_post(prisoner: Prisoner, *, language: str, today: datetime.date | None = None) -> str:
    """A short post in the volunteer's language: name, days detained, hashtag, link."""
    with translation.override(language):
        name = prisoner.primary_name(language)
        days = prisoner.days_detained(today)
        if days is not None:
            text = _(
                "%(name)s has been held for %(days)s days for speaking out. Do not forget them."
            ) % {"name": name, "days": f"{days:,}"}
        else:
            text = _("Remember %(name)s, a political prisoner in China.") % {"name": name}
        tags = " ".join(f"#{t}" for t in (prisoner.hashtag, _("PoliticalPrisoners")) if t)
        link = settings.SITE_URL + prisoner.get_absolute_url()
        return f"{text} {tags} {link}"


def export_data(volunteer) -> dict:
    """Everything this app holds about one volunteer, for them to download (S13)."""
    prefs = settings_for(volunteer)
    adoptions = volunteer.adoptions.select_related("prisoner").order_by("started_at")
    posts = volunteer.posts.select_related("prisoner").order_by("posted_at", "pk")
    return {
        "account": {
            "email": volunteer.email,
            "display_name": volunteer.display_name,
            "language": volunteer.language,
            "timezone": volunteer.timezone,
            "joined": volunteer.date_joined.isoformat(),
        },
        "settings": {
            "reminder_weekday": prefs.reminder_weekday,
            "reminder_hour": prefs.reminder_hour,
            "paused_until": prefs.paused_until.isoformat() if prefs.paused_until else None,
            "public_credit": prefs.public_credit,
        },
        "adoptions": [
            {
                "prisoner": str(a.prisoner),
                "role": a.role,
                "started": a.started_at.isoformat(),
                "ended": a.ended_at.isoformat() if a.ended_at else None,
                "end_reason": a.end_reason,
                "note": a.end_note,
            }
            for a in adoptions
        ],
        "posts": [
            {
                "prisoner": str(p.prisoner),
                "platform": p.platform,
                "link": p.link,
                "text": p.text,
                "posted_at": p.posted_at.isoformat(),
            }
            for p in posts
        ],
    }


@transaction.atomic
def delete_account(*, volunteer) -> None:
    """Erase a volunteer: adoptions end, posts stay only as anonymous counts (S13)."""
    for adoption in volunteer.adoptions.active():
        adoption.end(Adoption.EndReason.ACCOUNT_DELETED)
    volunteer.adoptions.update(end_note="")
    # Links and texts could identify the author: only platform and date remain.
    volunteer.posts.update(link="", text="")
    from .organizing import forget_in_audit_log

    forget_in_audit_log(volunteer)
    transaction.on_commit(counters_changed)  # their credit may show on a cached page
    volunteer.delete()
