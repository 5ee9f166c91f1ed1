"""A display name stored before names were validated (one that looks like a link) never
reaches organizers' inboxes as one: their alert and digest name that volunteer by
number instead."""

import datetime

from django.utils import timezone

from campaigns.models import Adoption, OutgoingEmail
from campaigns.outbox.emails import build_message
from tests.conftest import defend

LEGACY = "act now: https://evil.example/verify"


def _legacy_quiet_defender(make_user, prisoner):
    volunteer = make_user()
    type(volunteer).objects.filter(pk=volunteer.pk).update(display_name=LEGACY)
    volunteer.refresh_from_db()
    adoption = defend(volunteer, prisoner)
    weeks_ago = timezone.now() - datetime.timedelta(weeks=5)
    Adoption.objects.filter(pk=adoption.pk).update(started_at=weeks_ago)
    return volunteer


def _both_parts(message) -> str:
    return message.body + message.alternatives[0][0]


def test_the_alert_names_them_by_number(make_user, prisoner, organizer):
    volunteer = _legacy_quiet_defender(make_user, prisoner)
    OutgoingEmail.objects.create(
        volunteer=volunteer, prisoner=prisoner, kind="nudge", period="2026-W45", weeks_quiet=3
    )
    alert = OutgoingEmail.objects.create(
        volunteer=organizer, kind="organizer_alert", period=timezone.now().date().isoformat()
    )
    text = _both_parts(build_message(alert))
    assert "evil.example" not in text
    assert f"#{volunteer.pk}" in text


def test_the_digest_names_them_by_number(make_user, prisoner, organizer):
    volunteer = _legacy_quiet_defender(make_user, prisoner)
    digest = OutgoingEmail.objects.create(
        volunteer=organizer, kind="organizer_digest", period="2026-W48"
    )
    text = _both_parts(build_message(digest))
    assert "evil.example" not in text
    assert f"#{volunteer.pk}" in text
