"""The settings take a pause that ends today or within a year, and say why otherwise."""

import datetime

import pytest

from campaigns.models import VolunteerSettings

from .conftest import NOW, settings_form

TODAY = NOW.date()  # Thursday 26 Nov 2026 (UTC, the volunteer's zone)


def _save(client, volunteer, until: str):
    data = settings_form(volunteer, email_reminders=True)
    data["settings-paused_until"] = until
    return client.post("/me/settings/", data)


@pytest.mark.parametrize(
    ("until", "said"),
    [
        ("2020-01-01", "A pause ends today or later, not in the past."),
        (str(TODAY - datetime.timedelta(days=1)), "not in the past"),
        ("2099-12-31", "A pause lasts at most a year."),
        (str(TODAY + datetime.timedelta(days=367)), "at most a year"),
    ],
)
def test_a_pause_in_the_past_or_too_far_ahead_is_refused(
    volunteer_client, volunteer, clock, until, said
):
    response = _save(volunteer_client, volunteer, until)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert not VolunteerSettings.objects.filter(paused_until__isnull=False).exists()


@pytest.mark.parametrize("days", [0, 14, 366])
def test_a_pause_from_today_to_a_year_ahead_is_saved(volunteer_client, volunteer, clock, days):
    until = TODAY + datetime.timedelta(days=days)
    response = _save(volunteer_client, volunteer, str(until))
    assert response.status_code == 302
    assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until == until


def test_a_pause_that_is_over_is_not_offered_again(volunteer_client, volunteer, clock):
    VolunteerSettings.objects.create(volunteer=volunteer, paused_until=datetime.date(2026, 1, 1))
    page = volunteer_client.get("/me/settings/").content.decode()
    assert "2026-01-01" not in page
    assert f'min="{TODAY}"' in page
