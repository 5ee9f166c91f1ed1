"""The one-tap ways back to the weekly reminders, shown on /me/ and the pause page:
resume a pause, subscribe again, "my address works"."""

import datetime
from dataclasses import dataclass

from .models import VolunteerSettings


@dataclass(frozen=True)
class ReminderState:
    """Why a volunteer gets no reminder now, if they do not: the banner of /me/."""

    paused_until: datetime.date | None = None
    unsubscribed: bool = False
    undeliverable: bool = False


def reminder_state(prefs: VolunteerSettings | None, today: datetime.date) -> ReminderState:
    """`prefs` read once by the caller (None: never changed, reminders on)."""
    if prefs is None:
        return ReminderState()
    return ReminderState(
        paused_until=prefs.paused_until if prefs.is_paused(today) else None,
        unsubscribed=prefs.unsubscribed_at is not None,
        undeliverable=prefs.undeliverable_at is not None,
    )


def resume(*, volunteer) -> None:
    """End a pause now: the next reminder comes at the usual moment if no post is logged."""
    VolunteerSettings.objects.filter(volunteer=volunteer).update(paused_until=None)


def resubscribe(*, volunteer) -> None:
    """Emails again, as turning "Email me a weekly reminder" back on in the settings does."""
    VolunteerSettings.objects.filter(volunteer=volunteer).update(unsubscribed_at=None)


def address_works(*, volunteer) -> None:
    """The volunteer says their address works again: emails are tried again."""
    VolunteerSettings.objects.filter(volunteer=volunteer).update(
        undeliverable_at=None, undeliverable_reason=""
    )
