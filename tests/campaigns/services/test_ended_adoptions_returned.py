"""Ending adoptions gives back the ones it ended as they now are (when, why, the message
the volunteer sees): the organizer's pages and the audit log show them without reading
them again."""

import datetime

from campaigns import services
from campaigns.models import Adoption


def test_the_ended_adoptions_come_back_ended(volunteer, prisoner):
    adoption = services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    at = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC)

    ended = services.end_adoptions(
        Adoption.objects.filter(pk=adoption.pk),
        reason=Adoption.EndReason.HANDED_BACK,
        message="moving abroad",
        at=at,
    )

    assert [(a.pk, a.ended_at, a.end_reason, a.end_message) for a in ended] == [
        (adoption.pk, at, Adoption.EndReason.HANDED_BACK, "moving abroad")
    ]
    adoption.refresh_from_db()
    assert (adoption.ended_at, adoption.end_message) == (at, "moving abroad")
