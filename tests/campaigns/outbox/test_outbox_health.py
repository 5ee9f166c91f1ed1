"""R13: /health/ names the outbox when a queued row waits too long (two hours by
default)."""

import datetime

from campaigns.models import OutgoingEmail

from ..conftest import NOW


def test_r13_health_is_503_naming_the_outbox_when_a_queued_row_is_too_old(
    client, make_user, settings, clock
):
    settings.REMINDER_BACKLOG_ALERT_SECONDS = 3600
    volunteer = make_user()
    young = OutgoingEmail.objects.create(
        volunteer=volunteer, period="2026-W48", kind="digest", created_at=NOW
    )
    response = client.get("/health/")
    assert (response.status_code, response.json()["outbox"]) == (200, "ok")

    old = OutgoingEmail.objects.create(
        volunteer=volunteer,
        period="2026-W47",
        kind="digest",
        created_at=NOW - datetime.timedelta(seconds=3601),
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["down"] == ["outbox"]

    # In flight counts as waiting too; sent or failed rows do not.
    OutgoingEmail.objects.filter(pk=old.pk).update(status="in_flight")
    assert client.get("/health/").status_code == 503
    OutgoingEmail.objects.filter(pk=old.pk).update(status="sent")
    OutgoingEmail.objects.filter(pk=young.pk).update(status="failed")
    assert client.get("/health/").status_code == 200


def test_the_outbox_alarm_rings_after_two_hours_by_default():
    from django.conf import settings as django_settings

    assert django_settings.REMINDER_BACKLOG_ALERT_SECONDS == 2 * 3600
