import datetime

import pytest
import time_machine

UTC = datetime.UTC
# Thursday 26 Nov 2026, 19:00 UTC: an hour past the default moment (Thursday 18:00).
NOW = datetime.datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
WEEK = datetime.timedelta(weeks=1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


def defend_url(prisoner) -> str:
    return f"/prisoners/{prisoner.slug}/defend/"


def support_url(prisoner) -> str:
    return f"/prisoners/{prisoner.slug}/support/"


def settings_form(volunteer, *, email_reminders: bool) -> dict:
    """The /me/settings/ form as a volunteer sends it, with reminders on or off."""
    data = {
        "profile-display_name": volunteer.display_name,
        "profile-language": "en",
        "profile-timezone": "UTC",
        "settings-reminder_weekday": "4",
        "settings-reminder_hour": "18",
        "settings-paused_until": "",
        "settings-supporter_digest": "on",
    }
    if email_reminders:
        data["settings-email_reminders"] = "on"
    return data
