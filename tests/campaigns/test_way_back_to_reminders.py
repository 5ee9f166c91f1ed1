"""A paused, unsubscribed or undeliverable volunteer is told so at the top of /me/, with
a one-tap way back (a POST button) that works."""

import datetime

from django.utils import timezone

from campaigns.models import VolunteerSettings


def _top(page: str) -> str:
    """The part of /me/ above this week's status."""
    return page[page.index("<h1") : page.index('id="defended-heading"')]


def test_a_paused_volunteer_resumes_in_one_tap(volunteer_client, defender):
    until = timezone.localdate() + datetime.timedelta(days=10)
    VolunteerSettings.objects.create(volunteer=defender, paused_until=until)
    top = _top(volunteer_client.get("/me/").content.decode())
    assert "Reminders are paused until Dec. 6, 2026." in top
    assert 'action="/me/settings/resume/"' in top

    response = volunteer_client.post("/me/settings/resume/", {"back": "me"})

    assert response.status_code == 302 and response["Location"] == "/me/"
    assert VolunteerSettings.objects.get(volunteer=defender).paused_until is None
    page = volunteer_client.get("/me/").content.decode()
    assert "Reminders are on again." in page
    assert "Reminders are paused" not in page


def test_a_pause_that_is_over_shows_nothing(volunteer_client, defender):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    VolunteerSettings.objects.create(volunteer=defender, paused_until=yesterday)
    assert "Reminders are paused" not in volunteer_client.get("/me/").content.decode()


def test_an_unsubscribed_volunteer_subscribes_again_in_one_tap(volunteer_client, defender):
    VolunteerSettings.objects.create(volunteer=defender, unsubscribed_at=timezone.now())
    top = _top(volunteer_client.get("/me/").content.decode())
    assert "You unsubscribed" in top
    assert 'action="/me/settings/resubscribe/"' in top

    response = volunteer_client.post("/me/settings/resubscribe/", {"back": "me"})

    assert response["Location"] == "/me/"
    assert VolunteerSettings.objects.get(volunteer=defender).unsubscribed_at is None
    assert "You unsubscribed" not in volunteer_client.get("/me/").content.decode()


def test_an_undeliverable_volunteer_says_the_address_works_and_stays_on_me(
    volunteer_client, defender
):
    VolunteerSettings.objects.create(
        volunteer=defender, undeliverable_at=timezone.now(), undeliverable_reason="550"
    )
    page = volunteer_client.get("/me/").content.decode()
    top = _top(page)
    assert "refused by your mail server" in top
    assert 'action="/me/settings/address-works/"' in top
    assert page.count("refused by your mail server") == 1  # not the site-wide banner too

    response = volunteer_client.post("/me/settings/address-works/", {"back": "me"})

    assert response["Location"] == "/me/"
    assert VolunteerSettings.objects.get(volunteer=defender).undeliverable_at is None


def test_the_address_banner_elsewhere_still_returns_to_the_settings(volunteer_client, defender):
    VolunteerSettings.objects.create(volunteer=defender, undeliverable_at=timezone.now())
    page = volunteer_client.get("/me/posts/").content.decode()
    assert "refused by your mail server" in page
    assert volunteer_client.post("/me/settings/address-works/")["Location"] == "/me/settings/"


def test_the_ways_back_are_posts_only(volunteer_client, defender):
    assert volunteer_client.get("/me/settings/resume/").status_code == 405
    assert volunteer_client.get("/me/settings/resubscribe/").status_code == 405
