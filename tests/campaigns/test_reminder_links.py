"""The signed links of reminder emails: one-click unsubscribe (RFC 8058), pause, and
"log a post", without a session; single purpose, expiring, and GET changes nothing."""

import datetime
import re
import zoneinfo

import pytest
from django.test import Client

from campaigns import tokens
from campaigns.models import Adoption, OutgoingEmail, Post, VolunteerSettings
from campaigns.outbox import schedule, send
from campaigns.services import end_adoptions

from .conftest import NOW

URLS = {
    tokens.LOG_POST: "/r/post/{}/",
    tokens.PAUSE: "/r/pause/{}/",
    tokens.UNSUBSCRIBE: "/r/unsubscribe/{}/",
}


@pytest.fixture
def queued(defender, monkeypatch, django_capture_on_commit_callbacks):
    """This week's reminder, queued (the broker is a no-op)."""
    from campaigns import tasks

    monkeypatch.setattr(tasks.send_reminders, "apply_async", lambda *a, **kw: None)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.tick()
    row = OutgoingEmail.objects.get(volunteer=defender)
    assert row.status == "queued"
    return row


def link(purpose: str, volunteer, **extra) -> str:
    return URLS[purpose].format(tokens.make(purpose, volunteer, **extra))


def log_post_link(volunteer, prisoner) -> str:
    return link(tokens.LOG_POST, volunteer, p=prisoner.pk)


def no_session() -> Client:
    return Client(enforce_csrf_checks=True)


def no_csrf() -> Client:
    """No session and no CSRF check: the pause and log-post forms need a CSRF token
    (the bad token must be refused by the view itself, not only by CSRF)."""
    return Client()


def csrf_post(path: str, data: dict):
    """A browser without a session: GET the page (CSRF cookie), then POST its form
    with its hidden fields (CSRF token, prisoner) and `data`."""
    browser = no_session()
    page = browser.get(path)
    assert page.status_code == 200
    hidden = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode())
    )
    assert "csrfmiddlewaretoken" in hidden
    return browser.post(path, {**hidden, **data})


def state(volunteer) -> tuple:
    prefs = VolunteerSettings.objects.filter(volunteer=volunteer).first()
    return (
        Post.objects.count(),
        prefs and (prefs.paused_until, prefs.unsubscribed_at),
        sorted(OutgoingEmail.objects.values_list("pk", "status")),
    )


# -- Unsubscribe ---------------------------------------------------------------------


def test_one_click_unsubscribe_without_cookies_or_csrf_answers_200(queued, defender):
    client = no_session()
    response = client.post(
        link(tokens.UNSUBSCRIBE, defender),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "sessionid" not in response.cookies
    assert VolunteerSettings.objects.get(volunteer=defender).unsubscribed_at == NOW
    queued.refresh_from_db()
    assert queued.status == "suppressed"


def test_the_unsubscribe_link_keeps_working_long_after(defender, settings, clock):
    path = link(tokens.UNSUBSCRIBE, defender)
    clock.shift(datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS * 10))
    response = no_session().post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert VolunteerSettings.objects.get(volunteer=defender).unsubscribed_at is not None


def test_the_unsubscribe_page_posted_from_a_browser_unsubscribes(defender):
    response = no_session().post(link(tokens.UNSUBSCRIBE, defender))
    assert response.status_code == 200
    assert VolunteerSettings.objects.get(volunteer=defender).unsubscribed_at == NOW


# -- Bad tokens -------------------------------------------------------------------------


def tampered(token: str) -> str:
    head, _sep, signature = token.rpartition(":")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{head}:{flipped}"


@pytest.mark.parametrize("purpose", list(URLS))
def test_a_tampered_token_is_a_400_page_and_changes_nothing(
    purpose, defender, prisoner, other_volunteer, queued
):
    good = tokens.make(purpose, defender, p=prisoner.pk)
    before = state(defender)
    for token in (tampered(good), good + "x", "nonsense", good.replace(":", "", 1)):
        response = no_csrf().post(
            URLS[purpose].format(token),
            {"List-Unsubscribe": "One-Click", "platform": "x", "posted_at": "2026-11-26T18:00"},
        )
        assert response.status_code == 400, token
        assert "sessionid" not in response.cookies
    # A valid signature over another volunteer's id cannot be forged from this one.
    payload = tokens.make(purpose, other_volunteer, p=prisoner.pk)
    forged = payload.rsplit(":", 1)[0] + ":" + good.rsplit(":", 1)[1]
    assert no_csrf().post(URLS[purpose].format(forged)).status_code == 400
    assert state(defender) == before


@pytest.mark.parametrize(
    ("made_for", "used_on"),
    [
        (tokens.PAUSE, tokens.LOG_POST),
        (tokens.PAUSE, tokens.UNSUBSCRIBE),
        (tokens.LOG_POST, tokens.PAUSE),
        (tokens.LOG_POST, tokens.UNSUBSCRIBE),
        (tokens.UNSUBSCRIBE, tokens.PAUSE),
        (tokens.UNSUBSCRIBE, tokens.LOG_POST),
    ],
)
def test_a_token_serves_its_own_purpose_only(made_for, used_on, defender, prisoner, queued):
    token = tokens.make(made_for, defender, p=prisoner.pk)
    before = state(defender)
    path = URLS[used_on].format(token)
    assert no_session().get(path).status_code == 400
    response = no_csrf().post(
        path,
        {"List-Unsubscribe": "One-Click", "platform": "x", "posted_at": "2026-11-26T18:00"},
    )
    assert response.status_code == 400
    assert state(defender) == before


@pytest.mark.parametrize("purpose", [tokens.LOG_POST, tokens.PAUSE])
def test_an_expired_token_is_refused(purpose, defender, prisoner, settings, clock):
    path = URLS[purpose].format(tokens.make(purpose, defender, p=prisoner.pk))
    clock.shift(datetime.timedelta(days=settings.REMINDER_LINK_MAX_AGE_DAYS - 1))
    assert no_session().get(path).status_code == 200  # still valid the day before
    clock.shift(datetime.timedelta(days=2))
    before = state(defender)
    assert no_session().get(path).status_code == 400
    assert no_csrf().post(path, {"platform": "x"}).status_code == 400
    assert state(defender) == before


def test_a_token_for_an_inactive_account_is_refused(defender, prisoner):
    path = link(tokens.PAUSE, defender)
    defender.is_active = False
    defender.save()
    assert no_csrf().post(path).status_code == 400
    assert not VolunteerSettings.objects.filter(paused_until__isnull=False).exists()


# -- GET changes nothing --------------------------------------------------------------


def test_get_never_changes_anything(defender, prisoner, queued):
    before = state(defender)
    for path in (
        log_post_link(defender, prisoner),
        link(tokens.PAUSE, defender),
        link(tokens.UNSUBSCRIBE, defender),
    ):
        for _ in range(2):  # a mail scanner, then the person
            response = no_session().get(path)
            assert response.status_code == 200, path
            assert "sessionid" not in response.cookies
    assert state(defender) == before
    # HEAD too (scanners use it); other methods are refused.
    assert no_session().head(link(tokens.UNSUBSCRIBE, defender)).status_code in (200, 405)
    assert no_csrf().put(link(tokens.PAUSE, defender)).status_code == 405
    assert state(defender) == before


# -- Log a post -------------------------------------------------------------------------


def test_the_log_post_link_shows_the_form_without_a_session(defender, prisoner):
    response = no_session().get(log_post_link(defender, prisoner))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="platform"' in html
    assert prisoner.primary_name() in html


def test_the_log_post_link_logs_for_that_volunteer_and_prisoner_only(
    defender, prisoner, other_volunteer, make_prisoner, queued, smtp_server
):
    elsewhere = make_prisoner()
    Adoption.objects.create(volunteer=other_volunteer, prisoner=elsewhere, role="defender")
    path = log_post_link(defender, prisoner)
    response = csrf_post(
        path,
        {
            "link": "https://social.example/@lotus/1",
            "posted_on": "2026-11-26",
            # Fields a forger might add: ignored.
            "volunteer": other_volunteer.pk,
            "prisoner_id": elsewhere.pk,
            "link_status": "live",
        },
    )
    assert response.status_code == 302
    (post,) = Post.objects.all()
    assert (post.volunteer, post.prisoner) == (defender, prisoner)
    assert (post.platform, post.link_status) == ("mastodon", "unchecked")
    assert post.posted_at == NOW

    # Naming another prisoner in the form does not log for them.
    response = csrf_post(
        path,
        {"link": "https://x.com/lotus/status/2", "prisoner": elsewhere.pk},
    )
    assert response.status_code == 400
    assert Post.objects.count() == 1
    assert not Post.objects.filter(prisoner=elsewhere).exists()

    # The week's queued reminder is not sent now: the sender suppresses it ...
    assert send.send_chunk([queued.pk]) == {"suppressed": 1}
    queued.refresh_from_db()
    assert (queued.status, queued.last_error) == ("suppressed", "posted this week")
    assert smtp_server.messages == []
    # ... and no tick makes another one this week.
    schedule.tick()
    assert OutgoingEmail.objects.filter(volunteer=defender).count() == 1


def test_the_log_post_link_of_a_former_defender_is_gone(defender, prisoner):
    path = log_post_link(defender, prisoner)
    end_adoptions(
        Adoption.objects.filter(volunteer=defender), reason=Adoption.EndReason.HANDED_BACK
    )
    assert no_session().get(path).status_code == 410
    assert no_csrf().post(path, {"platform": "x"}).status_code == 410
    assert not Post.objects.exists()


def test_the_log_post_link_uses_the_volunteers_time_zone(make_user, prisoner, clock):
    shanghai = make_user(timezone="Asia/Shanghai")
    Adoption.objects.create(volunteer=shanghai, prisoner=prisoner, role="defender")
    # 19:00 UTC on Thursday is 03:00 on Friday in Shanghai: the form says Friday.
    path = log_post_link(shanghai, prisoner)
    assert no_session().get(path).context["form"].initial["posted_on"] == datetime.date(
        2026, 11, 27
    )
    # A post of Thursday is dated at noon on Thursday, in Shanghai.
    link = "https://x.com/lotus/status/1"
    response = csrf_post(path, {"link": link, "posted_on": "2026-11-26"})
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.posted_at == datetime.datetime(2026, 11, 26, 12).replace(
        tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")
    )


# -- Pause --------------------------------------------------------------------------------


def test_the_pause_link_pauses_for_two_weeks_from_the_local_today(make_user, prisoner, clock):
    sydney = make_user(timezone="Australia/Sydney")
    Adoption.objects.create(volunteer=sydney, prisoner=prisoner, role="defender")
    OutgoingEmail.objects.create(
        volunteer=sydney, prisoner=prisoner, period="2026-W48", kind="nudge"
    )
    digest = OutgoingEmail.objects.create(volunteer=sydney, period="2026-W48", kind="digest")
    path = link(tokens.PAUSE, sydney)

    assert no_session().get(path).status_code == 200
    assert not VolunteerSettings.objects.filter(volunteer=sydney).exists()

    response = csrf_post(path, {})
    assert response.status_code == 200
    # 19:00 UTC Thursday is Friday 06:00 in Sydney: 14 days from Friday 27 Nov.
    prefs = VolunteerSettings.objects.get(volunteer=sydney)
    assert prefs.paused_until == datetime.date(2026, 12, 11)
    assert OutgoingEmail.objects.get(kind="nudge").status == "suppressed"
    # The pause is about reminders; news of supported cases still goes out.
    digest.refresh_from_db()
    assert digest.status == "queued"


def test_the_pause_link_never_shortens_a_longer_pause(client, make_user):
    from campaigns import tokens

    volunteer = make_user()
    later = datetime.date.today() + datetime.timedelta(days=60)
    VolunteerSettings.objects.create(volunteer=volunteer, paused_until=later)
    client.post(f"/r/pause/{tokens.make(tokens.PAUSE, volunteer)}/")
    assert VolunteerSettings.objects.get(volunteer=volunteer).paused_until == later


def test_a_paused_volunteer_gets_no_reminder_until_the_pause_is_over(
    defender, prisoner, queued, clock
):
    csrf_post(link(tokens.PAUSE, defender), {})
    queued.refresh_from_db()
    assert queued.status == "suppressed"
    # The next Thursday is within the pause: nothing.
    clock.shift(datetime.timedelta(weeks=1))
    assert not schedule.tick().created
    # Thursday 10 Dec is the last day of the pause; on Friday it is over.
    clock.shift(datetime.timedelta(weeks=1))
    assert VolunteerSettings.objects.get(volunteer=defender).paused_until.isoformat() == (
        "2026-12-10"
    )
    assert not schedule.tick().created
    clock.shift(datetime.timedelta(days=1))
    assert schedule.tick().created == {"reminder": 1}
