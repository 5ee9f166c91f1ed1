"""A pause of one day reads in the singular, on its page and in the weekly email."""

from campaigns import tokens
from campaigns.models import OutgoingEmail
from campaigns.outbox import emails


def test_a_one_day_pause_is_one_day(client, defender, settings):
    settings.REMINDER_PAUSE_DAYS = 1
    page = client.get(f"/r/pause/{tokens.make(tokens.PAUSE, defender)}/").content.decode()
    assert "Pause reminders for 1 day?" in page
    adoption = defender.adoptions.get()
    row = OutgoingEmail.objects.create(
        volunteer=defender, prisoner=adoption.prisoner, kind="reminder", period="2026-W48"
    )
    message = emails.build_message(row)
    assert "Pause reminders for 1 day:" in message.body
    assert "Pause reminders for 1 day<" in message.alternatives[0][0]
    assert "1 days" not in message.body
