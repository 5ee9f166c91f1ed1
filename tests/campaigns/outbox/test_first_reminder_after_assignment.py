"""The first weekly reminder after an organizer made someone a defender (issue 15)
welcomes them ("New this week: you now defend ...") instead of telling them they have not
posted yet; the reminders after it, and the first one after a claim of their own, are the
usual ones."""

import datetime

import time_machine

from campaigns import services
from campaigns.models import OutgoingEmail
from campaigns.organize.assignment import reassign_prisoner
from campaigns.outbox import schedule
from campaigns.outbox.emails import build_message

# Thursday 26 November 2026: the default reminder moment (Thursday 18:00, the
# volunteers' UTC) has passed when the organizer assigns, two minutes before the tick.
ASSIGNED_AT = datetime.datetime(2026, 11, 26, 19, 13, tzinfo=datetime.UTC)
TICK = ASSIGNED_AT + datetime.timedelta(minutes=2)
WEEK = datetime.timedelta(weeks=1)
WELCOME = "New this week: you now defend Wu Gan"
SCOLDING = "You have not posted about Wu Gan yet this week"


def _reminder(volunteer, at: datetime.datetime):
    with time_machine.travel(at, tick=False):
        schedule.tick(at)
        row = OutgoingEmail.objects.filter(volunteer=volunteer, kind="reminder").latest("pk")
        return build_message(row)


def test_the_first_reminder_after_an_assignment_welcomes_then_the_usual_ones_follow(
    organizer, volunteer, prisoner, doorbell
):
    with time_machine.travel(ASSIGNED_AT, tick=False):
        reassign_prisoner(
            organizer=organizer, prisoner=prisoner, volunteer=volunteer, expected_id=None
        )

    first = _reminder(volunteer, TICK)
    assert first.subject == "You now defend Wu Gan"
    assert WELCOME in first.body and WELCOME in first.alternatives[0][0]
    assert SCOLDING not in first.body

    second = _reminder(volunteer, TICK + WEEK)
    assert SCOLDING in second.body
    assert WELCOME not in second.body


def test_a_claim_of_their_own_gets_the_usual_reminder(volunteer, prisoner, doorbell):
    with time_machine.travel(ASSIGNED_AT, tick=False):
        services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)

    first = _reminder(volunteer, TICK)
    assert SCOLDING in first.body
    assert WELCOME not in first.body
