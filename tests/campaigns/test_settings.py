"""/me/settings/: profile, reminders, credit; my data; deleting my account (S13)."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from campaigns.models import Adoption, Post, VolunteerSettings
from tests.conftest import reauthenticate

from .conftest import NOW, settings_form


def settings_data(**overrides):
    data = {
        "profile-display_name": "Lotus",
        "profile-language": "zh-hans",
        "profile-timezone": "Asia/Taipei",
        "settings-reminder_weekday": "2",
        "settings-reminder_hour": "20",
        "settings-paused_until": "",
        "settings-public_credit": "on",
    }
    data.update(overrides)
    return data


def test_settings_are_saved(volunteer_client, volunteer):
    assert volunteer_client.get("/me/settings/").status_code == 200
    response = volunteer_client.post("/me/settings/", settings_data())
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.language, volunteer.timezone) == ("zh-hans", "Asia/Taipei")
    prefs = VolunteerSettings.objects.get(volunteer=volunteer)
    assert (prefs.reminder_weekday, prefs.reminder_hour, prefs.public_credit) == (2, 20, True)
    # The site now speaks the chosen language.
    assert response.cookies["django_language"].value == "zh-hans"


def test_an_invalid_time_zone_is_refused_and_nothing_is_saved(volunteer_client, volunteer):
    response = volunteer_client.post(
        "/me/settings/", settings_data(**{"profile-timezone": "Mars/Olympus_Mons"})
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.timezone == "UTC"
    assert not VolunteerSettings.objects.filter(volunteer=volunteer, reminder_hour=20).exists()


def test_an_hour_out_of_range_is_refused(volunteer_client, volunteer):
    response = volunteer_client.post(
        "/me/settings/", settings_data(**{"settings-reminder_hour": "24"})
    )
    assert response.status_code == 400


def test_a_blank_display_name_is_refused(volunteer_client):
    response = volunteer_client.post(
        "/me/settings/", settings_data(**{"profile-display_name": " "})
    )
    assert response.status_code == 400
    assert "a pseudonym is fine" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("https://evil.example/verify", "web or email address"),
        ("evil.example", "web or email address"),
        ("Lo\u200btus", "invisible or text-direction"),
    ],
)
def test_a_link_or_hidden_text_as_display_name_is_refused(volunteer_client, volunteer, name, said):
    response = volunteer_client.post(
        "/me/settings/", settings_data(**{"profile-display_name": name})
    )
    assert response.status_code == 400
    assert said in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.display_name == "Lotus"


def test_the_refusal_speaks_chinese(volunteer_client):
    volunteer_client.cookies["django_language"] = "zh-hant"
    response = volunteer_client.post(
        "/me/settings/", settings_data(**{"profile-display_name": "evil.example"})
    )
    assert "顯示名稱不能包含網址或電子郵件地址。" in response.content.decode()


def test_the_export_holds_my_data_only(volunteer_client, volunteer, other_volunteer, prisoner):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/mine/1"
    )
    Post.objects.create(
        volunteer=other_volunteer, prisoner=prisoner, platform="x", link="https://x.com/theirs/1"
    )
    reauthenticate(volunteer_client)
    response = volunteer_client.get("/me/settings/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == volunteer.email
    assert [p["link"] for p in data["posts"]] == ["https://x.com/mine/1"]
    assert [a["role"] for a in data["adoptions"]] == ["defender"]
    text = response.content.decode()
    assert other_volunteer.email not in text
    assert "theirs" not in text


@pytest.mark.parametrize("url", ["/me/settings/export/", "/me/settings/delete/"])
def test_my_data_and_deleting_my_account_ask_for_the_password_again(
    volunteer_client, volunteer, url
):
    """A session alone (a borrowed phone, a stolen cookie) neither copies nor deletes."""
    for response in (volunteer_client.get(url), volunteer_client.post(url, {"confirm": "DELETE"})):
        assert response.status_code == 302
        target = urlsplit(response["Location"])
        assert target.path == "/accounts/reauthenticate/"
        assert parse_qs(target.query) == {"next": [url]}
    assert volunteer.__class__.objects.filter(pk=volunteer.pk).exists()
    reauthenticate(volunteer_client)
    assert volunteer_client.get(url).status_code == 200


def test_deleting_my_account_needs_confirmation(volunteer_client, volunteer):
    reauthenticate(volunteer_client)
    response = volunteer_client.post("/me/settings/delete/", {"confirm": "yes"})
    assert response.status_code == 200
    assert "Type DELETE to confirm." in response.content.decode()
    volunteer.refresh_from_db()  # still there


def test_deleting_my_account_erases_me_and_keeps_anonymous_counts(
    volunteer_client, volunteer, prisoner
):
    Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Post.objects.create(
        volunteer=volunteer, prisoner=prisoner, platform="x", link="https://x.com/me/1", text="hi"
    )
    email = volunteer.email
    reauthenticate(volunteer_client)
    response = volunteer_client.post("/me/settings/delete/", {"confirm": "delete"})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email=email).exists()
    post = Post.objects.get()
    assert (post.volunteer, post.link, post.text, post.platform) == (None, "", "", "x")
    adoption = Adoption.objects.get()
    assert adoption.volunteer is None
    assert adoption.end_reason == "account_deleted"
    # The prisoner needs a defender again, and the session is over.
    assert not Adoption.objects.active().exists()
    assert volunteer_client.get("/me/").status_code == 302
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email=email).exists()


def test_turning_email_reminders_off_unsubscribes_and_on_subscribes_again(client, volunteer, clock):
    client.force_login(volunteer)
    page = client.get("/me/settings/").content.decode()
    assert 'name="settings-email_reminders"' in page

    response = client.post("/me/settings/", settings_form(volunteer, email_reminders=False))
    assert response.status_code == 302
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at == NOW

    # Saving again with reminders off keeps the first date.
    clock.shift(3600)
    client.post("/me/settings/", settings_form(volunteer, email_reminders=False))
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at == NOW

    response = client.post("/me/settings/", settings_form(volunteer, email_reminders=True))
    assert response.status_code == 302
    assert VolunteerSettings.objects.get(volunteer=volunteer).unsubscribed_at is None
