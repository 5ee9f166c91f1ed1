"""R12: an unsubscription or a pause made while a reminder is queued wins against the
send."""

import datetime

import pytest
from django.test import Client

from campaigns import tokens
from campaigns.models import OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule, send

from ..conftest import NOW, UTC, settings_form


def test_r12_one_click_unsubscribe_while_queued_sends_nothing(
    queued,
    smtp_server,
):
    (volunteer,), ids = queued()
    assert OutgoingEmail.objects.get().status == "queued"

    token = tokens.make(tokens.UNSUBSCRIBE, volunteer)
    response = Client(enforce_csrf_checks=True).post(
        f"/r/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    row = OutgoingEmail.objects.get()
    assert row.status == "suppressed"

    assert send.send_chunk(ids) == {"skipped": 1}
    assert smtp_server.messages == []


@pytest.mark.parametrize(
    ("change", "reason"), [("unsubscribe", "unsubscribed"), ("pause", "paused")]
)
def test_r12_a_change_saved_in_settings_while_queued_wins_against_the_send(
    queued,
    clock,
    smtp_server,
    client,
    change,
    reason,
):
    (volunteer,), ids = queued()
    client.force_login(volunteer)
    form = settings_form(volunteer, email_reminders=change != "unsubscribe")
    if change == "pause":
        form["settings-paused_until"] = "2026-12-10"
    assert client.post("/me/settings/", form).status_code == 302

    assert send.send_chunk(ids) == {"suppressed": 1}
    row = OutgoingEmail.objects.get()
    assert (row.status, row.last_error) == ("suppressed", reason)
    assert smtp_server.messages == []
    if change == "unsubscribe":
        return
    assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until == datetime.date(
        2026, 12, 10
    )
    # Paused, the next weeks make no reminder either; the week after the pause does.
    for day in (datetime.date(2026, 12, 3), datetime.date(2026, 12, 10)):
        clock.move_to(datetime.datetime.combine(day, NOW.timetz()))
        schedule.tick()
    assert OutgoingEmail.objects.count() == 1
    clock.move_to(datetime.datetime(2026, 12, 17, 19, 0, tzinfo=UTC))
    schedule.tick()
    assert OutgoingEmail.objects.filter(period="2026-W51").exists()
