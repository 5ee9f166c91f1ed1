"""The default reminder (Thursday 18:00) is 18:00 on the volunteer's own clock (issue 12.6).

Before, everyone started on UTC: a Taipei volunteer's "Thursday 18:00" came at 02:00 on
Friday there. Now the zone their browser proposes at sign-up is kept, and the tick reads
the default moment on that zone's clock.
"""

import datetime

from django.contrib.auth import get_user_model

from campaigns.models import OutgoingEmail, VolunteerSettings
from campaigns.outbox import schedule
from tests.conftest import PASSWORD, defend

from ..conftest import UTC, WEEK

TAIPEI_THURSDAY_1800 = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # UTC+8
QUARTER = datetime.timedelta(minutes=15)


def sign_up_in(client, zone: str, email: str):
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Plum Blossom",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": zone,
        },
    )
    return get_user_model().objects.get(email=email)


def tick_at(clock, moment, capture) -> set[int]:
    clock.move_to(moment)
    with capture(execute=True):
        schedule.tick()
    return set(OutgoingEmail.objects.filter(kind="reminder").values_list("volunteer_id", flat=True))


def test_a_taipei_volunteer_with_default_settings_is_reminded_at_18_00_taipei(
    client, make_prisoner, clock, doorbell, django_capture_on_commit_callbacks
):
    clock.move_to(TAIPEI_THURSDAY_1800 - WEEK)
    taipei = sign_up_in(client, "Asia/Taipei", "taipei@example.org")
    client.logout()
    on_utc = sign_up_in(client, "UTC", "utc@example.org")
    for volunteer in (taipei, on_utc):
        defend(volunteer, make_prisoner())
    # Default settings: no row at all, or one with the defaults, remind alike.
    VolunteerSettings.objects.create(volunteer=taipei)
    assert taipei.timezone == "Asia/Taipei"

    capture = django_capture_on_commit_callbacks
    # 17:45 in Taipei: not yet.
    assert tick_at(clock, TAIPEI_THURSDAY_1800 - QUARTER, capture) == set()
    # 18:00 in Taipei (10:00 UTC): theirs, and only theirs.
    assert tick_at(clock, TAIPEI_THURSDAY_1800, capture) == {taipei.pk}
    row = OutgoingEmail.objects.get(volunteer=taipei)
    assert (row.period, row.status) == ("2026-W48", "queued")
    # The UTC volunteer's 18:00 is eight hours later, Thursday 18:00 UTC.
    assert tick_at(clock, TAIPEI_THURSDAY_1800 + datetime.timedelta(hours=8), capture) == {
        taipei.pk,
        on_utc.pk,
    }
    assert OutgoingEmail.objects.filter(volunteer=taipei).count() == 1
