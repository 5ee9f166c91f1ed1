""" "My account was suspended" (issue 14, point 5): the volunteer reports it for a
platform and carries on with a new account; nothing of theirs is deleted."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from campaigns import suspensions
from campaigns.models import AccountSuspension, Adoption, Post, VolunteerSettings

from .conftest import NOW

URL = "/me/suspended/"


def test_a_report_is_recorded_with_my_prisoner_and_i_carry_on(volunteer_client, defender, prisoner):
    post = Post.objects.create(
        volunteer=defender, prisoner=prisoner, platform="x", link="https://x.com/lotus/status/1"
    )
    response = volunteer_client.post(URL, {"platform": "x"}, follow=True)

    (report,) = AccountSuspension.objects.all()
    assert (report.volunteer, report.prisoner, report.platform) == (defender, prisoner, "x")
    assert report.reported_at == NOW
    page = response.content.decode()
    assert response.redirect_chain == [("/me/", 302)]
    assert "Carry on with a new X (Twitter) account" in page
    assert "You can carry on with a new account" in page
    assert "You told us your X (Twitter) account was suspended (Nov. 26, 2026)." in page
    # Nothing deleted, the post still counts.
    assert Post.objects.filter(pk=post.pk, volunteer=defender).exists()
    assert "You have posted this week" in page


def test_reporting_twice_in_a_day_makes_one_row_and_a_day_later_another(
    volunteer_client, defender, clock
):
    volunteer_client.post(URL, {"platform": "weibo"})
    volunteer_client.post(URL, {"platform": "weibo"})
    volunteer_client.post(URL, {"platform": "x"})
    assert sorted(AccountSuspension.objects.values_list("platform", flat=True)) == ["weibo", "x"]

    clock.move_to(NOW + datetime.timedelta(days=1, minutes=1))
    volunteer_client.post(URL, {"platform": "weibo"})
    assert AccountSuspension.objects.filter(platform="weibo").count() == 2


def test_without_a_prisoner_the_report_has_none(volunteer_client, volunteer):
    volunteer_client.post(URL, {"platform": "bluesky"})
    assert AccountSuspension.objects.get().prisoner is None


def test_a_supporter_reports_for_the_case_they_support(volunteer_client, volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="supporter")
    volunteer_client.post(URL, {"platform": "bluesky"})
    assert AccountSuspension.objects.get().prisoner == prisoner


def test_the_form_preselects_the_platform_and_labels_every_choice(volunteer_client, volunteer):
    page = volunteer_client.get(URL + "?platform=bluesky").content.decode()
    assert "<legend" in page and "Where was your account suspended?" in page
    assert 'value="bluesky" checked' in page
    for value, _label in suspensions.PLATFORMS:
        assert f'for="id_platform_{[v for v, _ in suspensions.PLATFORMS].index(value)}"' in page
    assert 'value="letter"' not in page


@pytest.mark.parametrize("data", [{}, {"platform": "letter"}, {"platform": "myspace"}])
def test_a_bad_platform_is_refused_and_writes_nothing(volunteer_client, volunteer, data):
    response = volunteer_client.post(URL, data)
    assert response.status_code == 400
    assert not AccountSuspension.objects.exists()


def test_extra_fields_choose_nothing(volunteer_client, volunteer, other_volunteer, clock):
    volunteer_client.post(
        URL, {"platform": "x", "volunteer": other_volunteer.pk, "reported_at": "2020-01-01"}
    )
    report = AccountSuspension.objects.get()
    assert (report.volunteer, report.reported_at) == (volunteer, NOW)


def test_csrf_is_required(volunteer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    assert client.post(URL, {"platform": "x"}).status_code == 403
    assert not AccountSuspension.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.post(URL, {"platform": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not AccountSuspension.objects.exists()


def test_my_mastodon_server_is_forgotten_only_when_i_ask(volunteer_client, volunteer):
    VolunteerSettings.objects.create(volunteer=volunteer, mastodon_instance="mastodon.social")
    volunteer_client.post(URL, {"platform": "mastodon"})
    assert VolunteerSettings.objects.get().mastodon_instance == "mastodon.social"

    volunteer_client.post(URL, {"platform": "x", "forget_mastodon_server": "on"})
    assert VolunteerSettings.objects.get().mastodon_instance == "mastodon.social"

    volunteer_client.post(URL, {"platform": "mastodon", "forget_mastodon_server": "on"})
    assert VolunteerSettings.objects.get().mastodon_instance == ""
    # The page says where to set the new one.
    assert (
        "/me/settings/#id_settings-mastodon_instance" in volunteer_client.get(URL).content.decode()
    )


def test_the_report_page_is_linked_from_me(volunteer_client, volunteer):
    assert 'href="/me/suspended/"' in volunteer_client.get("/me/").content.decode()


@pytest.mark.parametrize(
    ("language", "said"),
    [("zh-hans", "你在哪个平台的账号被封禁了？"), ("zh-hant", "你在哪個平台的帳號被停權了？")],
)
def test_in_chinese(volunteer_client, volunteer, language, said):
    volunteer_client.cookies["django_language"] = language
    page = volunteer_client.get(URL).content.decode()
    assert said in page
    assert "Where was your account suspended?" not in page


def test_old_reports_leave_me(volunteer_client, volunteer):
    AccountSuspension.objects.create(
        volunteer=volunteer, platform="x", reported_at=timezone.now() - datetime.timedelta(weeks=9)
    )
    assert (
        "You can carry on with a new account" not in volunteer_client.get("/me/").content.decode()
    )
