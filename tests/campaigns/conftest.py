import pytest


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
