"""What organizers do to volunteers, adoptions and cases (S11).

Each action is one transaction that ends with its audit row: who, what, on what, and
the fields that changed, before and after. The database constraints stay the judges of
the one-defender rules; a violation becomes a `Refused` with a clear message, never a
500, whatever a concurrent claim did.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advocacy.access import is_organizer
from prisoners.dates import PartialDate
from prisoners.models import CLOSED_STATUSES, CaseEvent, Prisoner, Status

from .. import audit, figures, weeks
from ..audit import prisoner_label, volunteer_label
from ..models import Adoption, AuditEntry, OutgoingEmail, VolunteerSettings
from ..outbox.send import enqueue
from ..services import Refused, end_adoptions
from . import kept, notes

EVENT_FIELDS = ("kind", "text", "text_zh_hans", "text_zh_hant", "source_url", "is_published")


def _iso(moment: datetime.date | datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _adoption_state(adoption: Adoption) -> dict:
    return {
        "id": adoption.pk,
        "volunteer": volunteer_label(adoption.volunteer) if adoption.volunteer else None,
        "prisoner": prisoner_label(adoption.prisoner),
        "role": adoption.role,
        "ended_at": _iso(adoption.ended_at),
        "end_reason": adoption.end_reason,
    }


def _event_state(event: CaseEvent) -> dict:
    return {
        "id": event.pk,
        "date": event.when.iso(),
        **{name: getattr(event, name) for name in EVENT_FIELDS},
    }


@transaction.atomic
def approve_volunteer(*, organizer, volunteer) -> VolunteerSettings:
    """Let a volunteer claim prisoners while VOLUNTEERS_NEED_APPROVAL is on."""
    VolunteerSettings.objects.get_or_create(volunteer=volunteer)
    # Locked so that two organizers approving at once write one audit row.
    prefs = VolunteerSettings.objects.select_for_update().get(volunteer=volunteer)
    if prefs.approved_at:
        raise Refused(_("This volunteer is already approved."))
    prefs.approved_at = timezone.now()
    prefs.save(update_fields=["approved_at"])
    audit.record(
        organizer,
        AuditEntry.Action.APPROVE,
        volunteer_label(volunteer),
        before={"approved_at": None},
        after={"approved_at": _iso(prefs.approved_at)},
    )
    kept.dashboard_changed()  # the dashboard's count of volunteers waiting
    return prefs


@transaction.atomic
def suspend_volunteer(*, organizer, volunteer, note: str = "") -> list[Adoption]:
    """Close the account for sign-in, end its adoptions and silence its queued emails."""
    if volunteer.pk == organizer.pk:
        raise Refused(_("You cannot suspend yourself."), 400)
    if is_organizer(volunteer):
        raise Refused(_("Organizers cannot be suspended here: use the admin."), 400)
    # Locked so that a concurrent claim (FOR SHARE) or a second suspension waits for
    # this one. NO KEY: closing a case at the same moment inserts a thank-you row that
    # references this user (FOR KEY SHARE); it must not wait, or each would wait for
    # the other's lock on the adoption.
    volunteer = type(volunteer).objects.select_for_update(no_key=True).get(pk=volunteer.pk)
    if not volunteer.is_active:
        raise Refused(_("This volunteer is already suspended."))
    volunteer.is_active = False
    volunteer.save(update_fields=["is_active"])
    adoptions = list(volunteer.adoptions.active().select_related("prisoner", "volunteer"))
    before = [_adoption_state(a) for a in adoptions]
    adoptions = end_adoptions(
        Adoption.objects.filter(pk__in=[a.pk for a in adoptions]).select_related(
            "prisoner", "volunteer"
        ),
        reason=Adoption.EndReason.VOLUNTEER_SUSPENDED,
    )
    written = notes.add_note(author=organizer, volunteer=volunteer, text=note)
    queued = OutgoingEmail.objects.filter(volunteer=volunteer, status=OutgoingEmail.Status.QUEUED)
    suppressed = list(queued.order_by("pk").values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=suppressed).update(
        status=OutgoingEmail.Status.SUPPRESSED, last_error="volunteer suspended"
    )
    figures.figures_changed()
    audit.record(
        organizer,
        AuditEntry.Action.SUSPEND,
        volunteer_label(volunteer),
        before={"is_active": True, "adoptions": before, "queued_reminders": suppressed},
        after={
            "is_active": False,
            "adoptions": [_adoption_state(a) for a in adoptions],
            "queued_reminders": [],
            "organizer_note": bool(written),
        },
    )
    return adoptions


def _end(adoption: Adoption, reason: str) -> Adoption | None:
    """End one adoption (services.end_adoptions), keeping its related rows; None when it
    had ended meanwhile (a hand-back at the same moment does not lock the prisoner)."""
    ended = end_adoptions(Adoption.objects.filter(pk=adoption.pk), reason=reason)
    if not ended:
        return None
    adoption.ended_at, adoption.end_reason = ended[0].ended_at, ended[0].end_reason
    return adoption


def _defender_changed() -> Refused:
    return Refused(_("The defender changed while you were looking: check the page again."), 409)


def _current_defender(prisoner: Prisoner) -> Adoption | None:
    return (
        Adoption.objects.active()
        .defenders()
        .filter(prisoner=prisoner)
        .select_related("volunteer", "prisoner")
        .first()
    )


def _check_unchanged(current: Adoption | None, expected_id: int | None) -> None:
    """The organizer confirmed a page showing `expected_id`; refuse if that changed."""
    if (current.pk if current else None) != expected_id:
        raise _defender_changed()


def _lock(prisoner: Prisoner) -> Prisoner:
    # The prisoner's row lock orders organizers' actions on one case. NO KEY: a claim's
    # foreign-key check (FOR KEY SHARE) does not wait for it; a claim's own FOR SHARE
    # lock (services._lock_and_recheck), taken before it inserts anything, does, so a
    # claim sees a closed case and cannot deadlock with a reassignment.
    return Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)


@transaction.atomic
def end_adoption(
    *, organizer, prisoner: Prisoner, expected_id: int | None, reason: str, note: str
) -> Adoption:
    """End the prisoner's current defender adoption; the note is for organizers only."""
    prisoner = _lock(prisoner)
    current = _current_defender(prisoner)
    _check_unchanged(current, expected_id)
    if current is None:
        raise Refused(_("This prisoner has no defender now."))
    before = _adoption_state(current)
    if _end(current, reason) is None:
        raise _defender_changed()
    written = notes.add_note(
        author=organizer, volunteer=current.volunteer, adoption=current, text=note
    )
    audit.record(
        organizer,
        AuditEntry.Action.END_ADOPTION,
        prisoner_label(prisoner),
        before={"defender": before},
        after={"defender": _adoption_state(current), "organizer_note": bool(written)},
    )
    return current


def _create_event(prisoner: Prisoner, when: PartialDate, fields: dict) -> CaseEvent:
    return CaseEvent.objects.create(
        prisoner=prisoner, date=when.date, date_precision=when.precision, **fields
    )


@transaction.atomic
def add_case_event(*, organizer, prisoner: Prisoner, when: PartialDate, fields: dict):
    """A new timeline entry; published ones show on the profile and in the next emails."""
    event = _create_event(prisoner, when, {k: fields[k] for k in EVENT_FIELDS if k in fields})
    audit.record(
        organizer,
        AuditEntry.Action.ADD_EVENT,
        prisoner_label(prisoner),
        before={},
        after={"event": _event_state(event)},
    )
    return event


def mark_released(*, organizer, prisoner: Prisoner, when: PartialDate, fields: dict):
    """The prisoner is free: status, a release event, the adoption ends, thanks sent."""
    return _close_case(
        organizer=organizer,
        prisoner=prisoner,
        when=when,
        fields=fields,
        status=Status.RELEASED,
    )


def mark_died(*, organizer, prisoner: Prisoner, when: PartialDate, fields: dict):
    """The prisoner died: status, date of death, a death event, adoption ends, thanks."""
    return _close_case(
        organizer=organizer, prisoner=prisoner, when=when, fields=fields, status=Status.DIED
    )


_CLOSING = {
    Status.RELEASED: (
        CaseEvent.Kind.RELEASE,
        Adoption.EndReason.PRISONER_RELEASED,
        AuditEntry.Action.MARK_RELEASED,
    ),
    Status.DIED: (
        CaseEvent.Kind.DEATH,
        Adoption.EndReason.PRISONER_DIED,
        AuditEntry.Action.MARK_DIED,
    ),
}


@transaction.atomic
def _close_case(*, organizer, prisoner, when: PartialDate, fields: dict, status: str):
    kind, end_reason, action = _CLOSING[status]
    prisoner = _lock(prisoner)
    if not prisoner.is_held:
        raise Refused(
            _("This case is closed already: the status is “%(status)s”.")
            % {"status": prisoner.get_status_display()}
        )
    before, after = {"status": prisoner.status}, {"status": status}
    changed = ["status", "updated_at"]
    prisoner.status = status
    if status == Status.DIED:
        before |= {
            "death_date": _iso(prisoner.death_date),
            "death_date_precision": prisoner.death_date_precision,
        }
        after |= {"death_date": _iso(when.date), "death_date_precision": when.precision}
        prisoner.death_date, prisoner.death_date_precision = when.date, when.precision
        changed += ["death_date", "death_date_precision"]
    prisoner.save(update_fields=changed)
    event = _create_event(prisoner, when, {**fields, "kind": kind})
    current = _current_defender(prisoner)
    before["defender"] = _adoption_state(current) if current else None
    thanks = None
    if current:
        current = _end(current, end_reason)  # None: handed back a moment ago
        thanks = _queue_thanks(current) if current else None
    figures.figures_changed()
    audit.record(
        organizer,
        action,
        prisoner_label(prisoner),
        before=before,
        after={
            **after,
            "defender": _adoption_state(current) if current else None,
            "event": _event_state(event),
            "thanks_email": thanks,
        },
    )
    return event


def _queue_thanks(adoption: Adoption) -> int | None:
    """Queue the thanks email to the former defender; its id is enqueued after commit."""
    if adoption.volunteer is None:
        return None  # the defender deleted their account
    return queue_email(adoption.volunteer, adoption.prisoner, OutgoingEmail.Kind.THANKS)


def queue_email(volunteer, prisoner: Prisoner, kind: str, *, reason: str = "") -> int | None:
    """Write a daily kind's outbox row in the caller's transaction; enqueue it after
    commit. None when this person had one of this kind today already."""
    try:
        # A savepoint: a second email of a kind to the same person on the same day (one
        # row per kind, volunteer and day) is skipped rather than failing the action.
        with transaction.atomic():
            row = OutgoingEmail.objects.create(
                volunteer=volunteer,
                prisoner=prisoner,
                kind=kind,
                period=weeks.campaign_now().date().isoformat(),
                reason=reason,
                # The clock's time, not the transaction's start (the column's default):
                # an assignment's email is then never older than the adoption it is
                # about, which the first reminder's welcome looks for.
                created_at=timezone.now(),
            )
    except IntegrityError:
        return None
    # Enqueued only once the row is committed: a worker must find it queued.
    transaction.on_commit(lambda: enqueue([row.pk]))
    return row.pk


def close_adoptions_of_closed_cases(limit: int = 500) -> int:
    """Defences of prisoners closed outside the dashboard (the import, the admin) end as
    a closing here would: with its reason, an audit row and the thank-you. The tick
    calls this, so that nobody is reminded about someone released or dead."""
    closed = (
        Adoption.objects.active()
        .defenders()
        .filter(prisoner__status__in=CLOSED_STATUSES)
        .select_related("prisoner", "volunteer")[:limit]
    )
    ended = 0
    for adoption in closed:
        reason = (
            Adoption.EndReason.PRISONER_DIED
            if adoption.prisoner.status == Status.DIED
            else Adoption.EndReason.PRISONER_RELEASED
        )
        with transaction.atomic():
            before = _adoption_state(adoption)
            if _end(adoption, reason) is None:
                continue  # ended by someone else meanwhile: theirs to record
            note = _("The case was closed outside the dashboard.")
            notes.add_note(author=None, volunteer=adoption.volunteer, adoption=adoption, text=note)
            thanks = _queue_thanks(adoption)
            audit.record(
                None,
                AuditEntry.Action.END_ADOPTION,
                prisoner_label(adoption.prisoner),
                before={"defender": before},
                after={"defender": _adoption_state(adoption), "thanks_email": thanks},
            )
        ended += 1
    return ended
