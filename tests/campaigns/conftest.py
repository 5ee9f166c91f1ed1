import datetime

import pytest
import time_machine

from campaigns.models import Adoption

UTC = datetime.UTC
# Thursday 26 Nov 2026, 19:00 UTC: an hour past the default moment (Thursday 18:00).
NOW = datetime.datetime(2026, 11, 26, 19, 0, tzinfo=UTC)
WEEK = datetime.timedelta(weeks=1)

# Who may open which campaign URL (test_access.py; tests/test_url_matrix.py checks that
# every URL name is in some matrix).
# name -> (path template, anonymous GET, volunteer GET, other volunteer GET)
# 302 = sent to sign in; the owner sees their own objects, anyone else gets 404;
# REAUTH = sent to type the password again first.
REAUTH = "302 /accounts/reauthenticate/"
MATRIX = {
    "me": ("/me/", 302, 200, 200),
    "posts": ("/me/posts/", 302, 200, 200),
    # The installed app's share target: without a prisoner, one is found first.
    "share_target": ("/me/share/?text=See+https://x.com/lotus/status/1", 302, 200, "302 /find/"),
    "delete_post": ("/me/posts/{post}/delete/", 302, 200, 404),
    "removed": ("/me/removed/", 302, 200, 200),
    "account_suspended": ("/me/suspended/", 302, 200, 200),
    "hand_back": ("/me/hand-back/", 302, 200, 404),
    "stop_supporting": ("/me/supporting/{supported}/stop/", 302, 200, 404),
    "settings": ("/me/settings/", 302, 200, 200),
    "export": ("/me/settings/export/", 302, REAUTH, REAUTH),
    "delete_account": ("/me/settings/delete/", 302, REAUTH, REAUTH),
    "find": ("/find/", 200, 200, 200),
    # The censorship watch's public record: the same for everybody, counts only.
    "censorship": ("/censorship/", 200, 200, 200),
    "censorship_csv": ("/censorship/censorship.csv", 200, 200, 200),
    "defend": ("/prisoners/{defended}/defend/", 405, 405, 405),
    "support": ("/prisoners/{supported}/support/", 405, 405, 405),
    "address_works": ("/me/settings/address-works/", 302, 405, 405),
    "resume": ("/me/settings/resume/", 302, 405, 405),
    "resubscribe": ("/me/settings/resubscribe/", 302, 405, 405),
    # Signed links from emails: the token, not the session, says who; GET changes nothing.
    "log_post_by_link": ("/r/post/{log_token}/", 200, 200, 200),
    "pause": ("/r/pause/{pause_token}/", 200, 200, 200),
    "unsubscribe": ("/r/unsubscribe/{unsubscribe_token}/", 200, 200, 200),
}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def defender(volunteer, prisoner, clock):
    """`volunteer`, defending `prisoner` since a week before NOW; the clock stands at NOW."""
    clock.move_to(NOW - datetime.timedelta(weeks=1))
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    clock.move_to(NOW)
    return volunteer


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


@pytest.fixture
def broker(tmp_path, settings):
    """A Redis of the test's own (tests/campaigns/processes.py), published to by the app."""
    from .processes import Broker, publishing_to

    broker = Broker(tmp_path).start()
    settings.REDIS_URL = broker.url
    with publishing_to(broker.url):
        yield broker
    broker.stop()


@pytest.fixture
def smtp_sink():
    """A real SMTP server on 127.0.0.1 for worker processes (tests/campaigns/processes.py)
    to send to; its sink counts what arrived."""
    from .processes import SMTPServer

    with SMTPServer() as server:
        yield server
