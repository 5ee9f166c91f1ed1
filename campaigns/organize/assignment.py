"""Assigning a prisoner to a volunteer, or reassigning them (issue 15).

Who may be assigned: an active volunteer with a confirmed address, approved when
VOLUNTEERS_NEED_APPROVAL is on, who defends no one yet. The search offers only them;
`reassign_prisoner` checks again under the locks, whatever the form said, and the
database's one-defender constraints stay the judges of a race. The new defender and the
replaced one each get an email, written in the same transaction as the change.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from prisoners.models import Prisoner

from .. import audit, figures
from ..audit import prisoner_label
from ..models import Adoption, AuditEntry, OutgoingEmail, VolunteerSettings
from ..services import Refused, end_adoptions
from . import notes
from .services import (
    _adoption_state,
    _check_unchanged,
    _current_defender,
    _defender_changed,
    _end,
    _lock,
    queue_email,
)

# The search shows at most this many volunteers: a pseudonym narrows it, not a scroll.
SEARCH_LIMIT = 20


def _verified():
    return Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))


def _defending():
    return Exists(Adoption.objects.active().defenders().filter(volunteer=OuterRef("pk")))


def eligible_volunteers():
    """Everyone an organizer may make a defender now (the search's rows)."""
    people = (
        get_user_model().objects.filter(is_active=True).filter(_verified()).exclude(_defending())
    )
    if settings.VOLUNTEERS_NEED_APPROVAL:
        people = people.filter(campaign_settings__approved_at__isnull=False)
    return people


def search_volunteers(query: str, *, by_email: bool) -> list:
    """Eligible volunteers whose pseudonym contains `query` (those starting with it
    first), or, for an organizer who re-entered their password (`by_email`), the one
    whose address is `query`. No index serves the pseudonym: the filters above keep the
    scan to active users, a few thousand rows; the address uses the unique index on
    lower(email)."""
    # PostgreSQL refuses a NUL in a string: it can match no name or address anyway.
    query = query.replace("\x00", "").strip()
    if not query:
        return []
    people = eligible_volunteers()
    if by_email and "@" in query:
        people = people.alias(address=Lower("email")).filter(address=query.lower())
    else:
        first = Case(
            When(display_name__istartswith=query, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        people = people.filter(display_name__icontains=query).alias(first=first)
        people = people.order_by("first", Lower("display_name"), "pk")
    return list(people[:SEARCH_LIMIT])


def _share_lock_is_active(volunteer) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_active FROM advocacy_user WHERE id = %s FOR SHARE", [volunteer.pk]
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _check_eligible(volunteer) -> None:
    """Refuse whom the search would not offer (409 for who defends someone: the
    constraint's answer, also when a claim made them a defender a moment ago)."""
    # FOR SHARE on the volunteer, as a claim takes: a suspension at the same moment
    # either waits for this reassignment (and ends it) or is seen here.
    if not _share_lock_is_active(volunteer):
        raise Refused(_("This volunteer is suspended."), 400)
    if not EmailAddress.objects.filter(user=volunteer, verified=True).exists():
        raise Refused(_("This volunteer has not confirmed their email address yet."), 400)
    approved = VolunteerSettings.objects.filter(volunteer=volunteer, approved_at__isnull=False)
    if settings.VOLUNTEERS_NEED_APPROVAL and not approved.exists():
        raise Refused(_("This volunteer is not approved yet."), 400)


@transaction.atomic
def reassign_prisoner(
    *,
    organizer,
    prisoner: Prisoner,
    volunteer,
    expected_id: int | None,
    reason: str = "",
    note: str = "",
) -> Adoption:
    """Make `volunteer` the prisoner's defender, ending the current defender's adoption.

    `reason` is for the replaced defender (their email says it); `note` is the
    organizers' own: an OrganizerNote (notes.py), never sent, never the volunteer's.
    """
    prisoner = _lock(prisoner)
    if not prisoner.is_published or not prisoner.is_held:
        raise Refused(_("Only a published prisoner who is still held can be reassigned."), 400)
    _check_eligible(volunteer)
    current = _current_defender(prisoner)
    _check_unchanged(current, expected_id)
    if current and current.volunteer_id == volunteer.pk:
        raise Refused(_("This volunteer already defends this prisoner."), 400)
    previous = _adoption_state(current) if current else None
    if current and _end(current, Adoption.EndReason.REASSIGNED) is None:
        raise _defender_changed()
    written = current and notes.add_note(
        author=organizer, volunteer=current.volunteer, adoption=current, text=note
    )
    adoption = _new_defence(volunteer, prisoner)
    supports = end_adoptions(
        Adoption.objects.filter(
            volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.SUPPORTER
        ),
        reason=Adoption.EndReason.BECAME_DEFENDER,
    )
    emails = _queue_emails(adoption, current, reason)
    audit.record(
        organizer,
        AuditEntry.Action.REASSIGN,
        prisoner_label(prisoner),
        before={"defender": previous, "supporter_adoptions_ended": []},
        after={
            "defender": _adoption_state(adoption),
            "previous_defender": _adoption_state(current) if current else None,
            "supporter_adoptions_ended": [a.pk for a in supports],
            "reason_for_previous_defender": reason,
            "organizer_note": bool(written),
            **emails,
        },
    )
    return adoption


def _new_defence(volunteer, prisoner: Prisoner) -> Adoption:
    try:
        # A savepoint: a concurrent claim that won, or a volunteer who already defends
        # someone, fails this INSERT and becomes a refusal, not a broken transaction.
        with transaction.atomic():
            adoption = Adoption.objects.create(
                volunteer=volunteer, prisoner=prisoner, role=Adoption.Role.DEFENDER
            )
    except IntegrityError as exc:
        raise _reassign_refusal(exc) from exc
    figures.bump(adoption.started_at, claims=1)
    figures.figures_changed()
    return adoption


def _queue_emails(adoption: Adoption, replaced: Adoption | None, reason: str) -> dict:
    """The new defender's welcome and the replaced defender's thanks, in this
    transaction: both are sent only if the reassignment commits."""
    emails = {
        "assigned_email": queue_email(
            adoption.volunteer, adoption.prisoner, OutgoingEmail.Kind.ASSIGNED
        ),
        "replaced_email": None,
    }
    if replaced and replaced.volunteer:  # None: the defender deleted their account
        emails["replaced_email"] = queue_email(
            replaced.volunteer, adoption.prisoner, OutgoingEmail.Kind.REPLACED, reason=reason
        )
    return emails


def _reassign_refusal(exc: IntegrityError) -> Refused:
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "")
    if constraint == "one_defended_prisoner_per_volunteer":
        return Refused(_("This volunteer already defends someone: end that adoption first."))
    if constraint == "one_active_defender_per_prisoner":
        return Refused(_("Someone claimed this prisoner a moment ago: check the page again."), 409)
    raise exc
