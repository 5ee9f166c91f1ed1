"""The volunteers' workflows: claim, support, stop supporting, hand back, log and delete
a post, settings, pause, unsubscribe, export and delete one's data ("my address works"
and the other ways back are in comeback.py);
and `end_adoptions`, the one way any adoption ends.

The database enforces the rules (one active defender per prisoner, one defended
prisoner per volunteer, a link logged once); these functions turn a violation into a
clear refusal instead of a 500, whatever the race. Each change that shows on a cached
page ends with `figures.figures_changed()`, which retires them after the commit. Posts
do not: no cached page lists them, the home page's "posts this week" may lag by its
cache's few minutes, and retiring every page per post would empty the page cache.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from prisoners.models import Prisoner

from . import audit, figures, weeks, writes
from .linkcheck import schedule as linkcheck
from .models import Adoption, AuditEntry, OutgoingEmail, Post, VolunteerSettings
from .models.posts import EMPTY_POST


class Refused(Exception):
    """An action the rules do not allow, with the message to show and the HTTP status."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def has_verified_email(user) -> bool:
    return verified_email(user).exists()


def verified_email(user) -> QuerySet:
    """The user's confirmed addresses (`user` may be an OuterRef: an Exists())."""
    return EmailAddress.objects.filter(user=user, verified=True)


def _check_can_commit(volunteer, prisoner: Prisoner) -> None:
    if not has_verified_email(volunteer):
        raise Refused(_("Please confirm your email address first: we sent you a link."), 403)
    approved = VolunteerSettings.objects.filter(volunteer=volunteer, approved_at__isnull=False)
    if settings.VOLUNTEERS_NEED_APPROVAL and not approved.exists():
        raise Refused(
            _(
                "An organizer has not approved your account yet. You can choose a prisoner "
                "as soon as they have."
            ),
            403,
        )
    if not prisoner.is_published:
        raise Refused(_("This prisoner cannot be chosen."), 404)
    _check_held(prisoner)


def _check_held(prisoner: Prisoner) -> None:
    """Defending and supporting are for prisoners still held (their case is open)."""
    if not prisoner.is_held:
        raise Refused(
            _("%(name)s is no longer held: there is no one to defend.") % _names(prisoner)
        )


def _lock_and_recheck(volunteer, prisoner: Prisoner) -> None:
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
    _check_held(prisoner)


def end_adoptions(
    adoptions, *, reason: str, message: str = "", at: datetime.datetime | None = None
) -> list[Adoption]:
    """End the still-active adoptions among `adoptions`: the one way an adoption ends.

    The end and its count in the weekly figures (ended defences are lapses or other
    ends) commit together, a crash between them must not leave one without the other;
    cached pages are retired once that commits. Inside a caller's transaction it takes
    no savepoint of its own (two round trips): a failure here fails the
    caller's transaction whole anyway. `message` is seen by the volunteer (their
    export): organizers' notes are OrganizerNote rows (organize/notes.py), never this.
    """
    at = at or timezone.now()
    with transaction.atomic(savepoint=False):
        ended = list(adoptions.active().select_for_update(of=("self",), no_key=True).order_by("pk"))
        if not ended:
            return []
        Adoption.objects.filter(pk__in=[a.pk for a in ended]).update(
            ended_at=at, end_reason=reason, end_message=message
        )
        defences = sum(a.role == Adoption.Role.DEFENDER for a in ended)
        lapses = defences if reason == Adoption.EndReason.LAPSED else 0
        figures.bump(at, lapses=lapses, other_ends=defences - lapses)
        figures.figures_changed()
    for adoption in ended:
        adoption.ended_at, adoption.end_reason, adoption.end_message = at, reason, message
    return ended


def claim_prisoner(*, volunteer, prisoner: Prisoner) -> Adoption:
    """Make `volunteer` the defender of `prisoner`, or raise Refused (409 for a taken slot).

    A refusal is on the audit log too (at most once a minute per volunteer and prisoner).
    """
    try:
        return _claim(volunteer, prisoner)
    except Refused as refusal:
        audit.record_refusal(
            volunteer,
            AuditEntry.Action.CLAIM,
            audit.prisoner_label(prisoner),
            after={"reason": str(refusal.message)},
        )
        raise


def _claim(volunteer, prisoner: Prisoner) -> Adoption:
    # One statement (campaigns/writes.py): the checks under the share locks, the
    # adoption, its count, its audit row and the end of a support commit together; the
    # unique constraints decide the race between claims.
    try:
        adoption, found = writes.claim(
            volunteer, prisoner, need_approval=settings.VOLUNTEERS_NEED_APPROVAL
        )
    except IntegrityError as exc:
        # The other click of a double click may have won: then this one is done too.
        # (The winner has committed: PostgreSQL waited for it before refusing us.)
        won = Adoption.objects.active().defenders().filter(volunteer=volunteer).first()
        if won and won.prisoner_id == prisoner.pk:
            return won
        raise _refusal_for(exc, volunteer, prisoner) from exc
    if found and found.adoption_id:
        return adoption
    return _claim_refused(volunteer, prisoner, found)


def _claim_refused(volunteer, prisoner: Prisoner, found) -> Adoption:
    """Why the claim's statement made nothing, checked in the order the page explains:
    a double click's adoption, or Refused."""
    if found is None:
        raise Refused(_("This prisoner cannot be chosen."), 404)
    if not found.verified:
        raise Refused(_("Please confirm your email address first: we sent you a link."), 403)
    if settings.VOLUNTEERS_NEED_APPROVAL and not found.approved:
        raise Refused(
            _(
                "An organizer has not approved your account yet. You can choose a prisoner "
                "as soon as they have."
            ),
            403,
        )
    if not found.is_published:
        raise Refused(_("This prisoner cannot be chosen."), 404)
    prisoner.status = found.status
    _check_held(prisoner)
    if found.mine_prisoner_id == prisoner.pk:
        return Adoption.objects.get(pk=found.mine_id)  # a double click: already done
    if found.mine_id:
        mine = Prisoner.objects.get(pk=found.mine_prisoner_id)
        raise Refused(_("You already defend %(name)s: hand them back first.") % _names(mine))
    raise Refused(_("Your account is suspended: you cannot choose a prisoner."), 403)


def _constraint(exc: IntegrityError) -> str:
    """The name of the constraint that refused a write."""
    return getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "") or ""


def _refusal_for(exc: IntegrityError, volunteer, prisoner: Prisoner) -> Refused:
    constraint = _constraint(exc)
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
            _lock_and_recheck(volunteer, prisoner)
            adoption = Adoption.objects.create(
                volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.SUPPORTER
            )
            figures.figures_changed()  # the profile shows the number of supporters
            return adoption
    except IntegrityError:
        return existing.get()  # the other click of a double click won


def stop_supporting(*, adoption: Adoption) -> None:
    end_adoptions(Adoption.objects.filter(pk=adoption.pk), reason=Adoption.EndReason.HANDED_BACK)


def hand_back(*, adoption: Adoption, note: str) -> None:
    with transaction.atomic():
        end_adoptions(
            Adoption.objects.filter(pk=adoption.pk),
            reason=Adoption.EndReason.HANDED_BACK,
            message=note,
        )
        audit.record(
            adoption.volunteer,
            AuditEntry.Action.HAND_BACK,
            audit.prisoner_label(adoption.prisoner),
            after={"reason given": bool(note)},
        )


def log_post(*, volunteer, prisoner: Prisoner, fields: dict) -> Post:
    """Record a post, once; raise Refused for an empty one, AlreadyLogged for a link
    this volunteer logged before. `fields` are Post's (platform, link, text, posted_at,
    submission_key); the same `submission_key` again (a reload, a double tap) answers
    with the post it made."""
    return _log(Post(volunteer=volunteer, prisoner=prisoner, **fields))


def log_post_about(*, volunteer, prisoner_id: int, fields: dict) -> Post | None:
    """`log_post` about a prisoner named by a form's unchecked id: None, and nothing
    written, unless the volunteer defends or supports them (checked in the statement)."""
    return _log(Post(volunteer=volunteer, prisoner_id=prisoner_id, **fields), adopted_only=True)


def _log(post: Post, *, adopted_only: bool = False) -> Post | None:
    if not post.counts():
        raise Refused(str(EMPTY_POST), 400)
    linkcheck.due_now(post)
    try:
        # One statement (campaigns/writes.py): the post, its week's count, the last post date.
        if not writes.insert_post(post, adopted_only=adopted_only):
            return None
        linkcheck.check_soon(post)
    except IntegrityError as exc:
        # The unique constraints decide (either may answer first for a repeat of the
        # form): the other submit of a double tap has committed, PostgreSQL waited for it.
        mine = Post.objects.filter(volunteer_id=post.volunteer_id)
        if (key := post.submission_key) and (repeat := mine.filter(submission_key=key).first()):
            return repeat
        if _constraint(exc) == "post_link_once":
            raise AlreadyLogged(mine.get(link=post.link)) from exc
        raise
    return post


class AlreadyLogged(Refused):
    """The link was logged before: not an error to the volunteer, it is in their log."""

    def __init__(self, post: Post):
        super().__init__(_("You have already logged this link."))
        self.post = post


@transaction.atomic
def delete_post(post: Post) -> None:
    post.delete()
    figures.bump(post.posted_at, posts=-1)
    last = Post.objects.filter(volunteer_id=post.volunteer_id).aggregate(last=Max("posted_at"))
    VolunteerSettings.objects.filter(volunteer_id=post.volunteer_id).update(
        last_posted_at=last["last"]
    )


def settings_for(volunteer) -> VolunteerSettings:
    found, _created = VolunteerSettings.objects.get_or_create(volunteer=volunteer)
    return found


def update_settings(*, volunteer, profile, prefs: VolunteerSettings) -> None:
    """Save the settings page: `profile` (the user) and `prefs`, changed but not saved.

    Turning email off is an unsubscription, and on the audit log as one.
    """
    was_subscribed = not VolunteerSettings.objects.filter(
        volunteer=volunteer, unsubscribed_at__isnull=False
    ).exists()
    with transaction.atomic():
        profile.save()
        prefs.save()
        if was_subscribed and prefs.unsubscribed_at:
            audit.record(
                volunteer,
                AuditEntry.Action.UNSUBSCRIBE,
                audit.volunteer_label(volunteer),
                after={"how": "settings"},
            )
        # The display name and public credit show on the prisoner's public page.
        figures.figures_changed()


def pause_until(volunteer) -> datetime.date:
    """The end of a pause asked for now: REMINDER_PAUSE_DAYS on the volunteer's clock,
    or the longer pause they already chose (a link never shortens it)."""
    until = weeks.volunteer_now(volunteer).date() + datetime.timedelta(
        days=settings.REMINDER_PAUSE_DAYS
    )
    longer = VolunteerSettings.objects.filter(volunteer=volunteer, paused_until__gt=until)
    return longer.values_list("paused_until", flat=True).first() or until


@transaction.atomic
def pause(*, volunteer) -> datetime.date:
    """No weekly reminder until `pause_until`; queued reminders are not sent (R12)."""
    until = pause_until(volunteer)
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer, defaults={"paused_until": until}
    )
    _suppress_queued(volunteer, kinds=[OutgoingEmail.Kind.REMINDER, OutgoingEmail.Kind.NUDGE])
    return until


@transaction.atomic
def unsubscribe(*, volunteer, how: str) -> None:
    """No more email; queued rows are suppressed before a worker can send them (R12)."""
    already = VolunteerSettings.objects.filter(
        volunteer=volunteer, unsubscribed_at__isnull=False
    ).exists()
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer, defaults={"unsubscribed_at": timezone.now()}
    )
    _suppress_queued(volunteer)
    if not already:
        audit.record(
            volunteer,
            AuditEntry.Action.UNSUBSCRIBE,
            audit.volunteer_label(volunteer),
            after={"how": how},
        )


def _suppress_queued(volunteer, kinds=None) -> int:
    rows = OutgoingEmail.objects.filter(volunteer=volunteer, status=OutgoingEmail.Status.QUEUED)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return rows.update(status=OutgoingEmail.Status.SUPPRESSED, last_error="unsubscribed or paused")


@transaction.atomic
def delete_account(*, volunteer) -> None:
    """Erase a volunteer: adoptions end, posts stay only as anonymous counts (S13)."""
    # The user's row first, as a suspension does: a claim of theirs (FOR SHARE on it)
    # waits or is seen, and the locks come in the order claims take them.
    get_user_model().objects.select_for_update().filter(pk=volunteer.pk).first()
    end_adoptions(volunteer.adoptions.all(), reason=Adoption.EndReason.ACCOUNT_DELETED)
    volunteer.adoptions.update(end_message="")
    # Organizers' notes about them go with the user's row (OrganizerNote, on delete
    # CASCADE): what organizers suspected of a person who left is not kept.
    # Links and texts could identify the author: only platform and date remain. The
    # volunteer goes in the same UPDATE: an anonymous post needs neither (the check
    # constraint post_has_link_or_sentence), theirs do.
    volunteer.posts.update(link="", text="", volunteer=None, link_next_check_at=None)
    audit.forget(volunteer)
    figures.figures_changed()  # their credit may show on a cached page
    volunteer.delete()
