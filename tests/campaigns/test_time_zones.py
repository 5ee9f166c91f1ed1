"""Time zones people recognise (issue 12.6): common zones first, by their name in the
reader's language; sign-up keeps the browser's zone, or the campaign's when it is not
one we know; the settings page builds the 600 names once per language, not per request."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from advocacy import timezones
from advocacy.forms import SignupForm
from campaigns.models import VolunteerSettings, Weekday
from tests.conftest import PASSWORD

from .conftest import settings_form

User = get_user_model()

pytestmark = pytest.mark.django_db


def choices_in(language: str):
    with translation.override(language):
        ((common_label, common), (all_label, everything)) = timezones.timezone_choices()
    return common_label, dict(common), all_label, everything


def test_common_zones_come_first_named_in_simplified_chinese():
    common_label, common, all_label, everything = choices_in("zh-hans")
    assert common_label == "常用时区"
    assert list(common)[:3] == ["Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"]
    assert common["Asia/Shanghai"] == "中国（上海）时间"
    assert common["Asia/Taipei"] == "台湾时间"
    assert common["America/New_York"] == "美国（纽约）时间"
    assert common["UTC"] == "协调世界时（UTC）"
    # Then every zone, by its id with the same name beside it.
    assert all_label == "全部时区"
    assert dict(everything)["Asia/Taipei"] == "Asia/Taipei · 台湾时间"


def test_common_zones_are_named_in_traditional_chinese_for_zh_hant():
    common_label, common, all_label, everything = choices_in("zh-hant")
    assert common_label == "常用時區"
    assert common["Asia/Taipei"] == "台灣時間"
    assert common["Asia/Shanghai"] == "中國（上海）時間"
    assert common["Australia/Sydney"] == "澳洲（雪梨）時間"
    assert common["UTC"] == "世界協調時間（UTC）"
    assert all_label == "所有時區"
    assert dict(everything)["America/Los_Angeles"] == "America/Los Angeles · 美國（洛杉磯）時間"


def test_english_names_and_every_known_zone_in_the_full_list():
    _label, common, _all, everything = choices_in("en")
    assert common["Asia/Taipei"] == "Taiwan Time"
    assert common["Europe/London"] == "United Kingdom Time"
    zones = [zone for zone, _name in everything]
    assert zones == sorted(timezones.known_zones())
    assert len(zones) > 400
    # Ids that name no place are shown as they are, not as "Unknown Region".
    assert dict(everything)["Etc/GMT+5"] == "Etc/GMT+5"


def test_every_offered_zone_is_one_postgresql_can_remind_in():
    # The tick only reminds volunteers whose zone PostgreSQL knows (pg_timezone_names):
    # a zone we offer that it did not know would silently mean no reminders.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_timezone_names")
        known_to_postgres = {name for (name,) in cursor.fetchall()}
    _label, common, _all, everything = choices_in("en")
    assert set(common) | {zone for zone, _name in everything} <= known_to_postgres


def test_the_names_are_built_once_per_language_not_per_request(volunteer_client, monkeypatch):
    calls = []
    real = timezones.get_timezone_location
    monkeypatch.setattr(
        timezones, "get_timezone_location", lambda *a, **kw: calls.append(a) or real(*a, **kw)
    )
    timezones._choices.cache_clear()
    timezones._options_html.cache_clear()
    try:
        volunteer_client.cookies["django_language"] = "zh-hant"
        assert volunteer_client.get("/me/settings/").status_code == 200
        built = len(calls)
        assert built > 400
        assert volunteer_client.get("/me/settings/").status_code == 200
        assert len(calls) == built
    finally:
        # Names built with the spy are the same names; drop them all the same.
        timezones._choices.cache_clear()
        timezones._options_html.cache_clear()


def selected_options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', html)


def test_the_settings_page_shows_common_zones_first_and_the_volunteers_zone_chosen(
    make_user, client
):
    volunteer = make_user(timezone="Asia/Taipei", language="zh-hant")
    client.force_login(volunteer)
    client.cookies["django_language"] = "zh-hant"
    html = client.get("/me/settings/").content.decode()
    select = html[html.index('<select name="profile-timezone"') :]
    select = select[: select.index("</select>")]
    assert re.findall(r'<optgroup label="([^"]*)"', select) == ["常用時區", "所有時區"]
    assert select.index('<option value="Asia/Taipei" selected>台灣時間</option>') < select.index(
        '<optgroup label="所有時區">'
    )
    # One option selected, though the zone is in both groups.
    assert selected_options(select) == ["Asia/Taipei"]


def test_a_zone_chosen_in_the_settings_is_saved(volunteer_client, volunteer):
    data = settings_form(volunteer, email_reminders=True)
    data["profile-timezone"] = "Asia/Hong_Kong"
    assert volunteer_client.post("/me/settings/", data).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.timezone == "Asia/Hong_Kong"


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_settings_page_query_count_is_pinned(volunteer_client, language):
    volunteer_client.cookies["django_language"] = language
    volunteer_client.get("/me/settings/")  # makes the settings row, as a first visit does
    with CaptureQueriesContext(connection) as queries:
        assert volunteer_client.get("/me/settings/").status_code == 200
    # The user with their organizer flag and refused-address banner (the session is
    # cached), their settings row; the zones cost none.
    assert len(queries) == 2, "\n".join(q["sql"] for q in queries)


def sign_up(client, **extra):
    data = {
        "display_name": "Plum Blossom",
        "email": "new@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post("/accounts/signup/", {**data, **extra})


def test_a_valid_zone_from_the_sign_up_form_is_stored(client):
    assert sign_up(client, timezone="Asia/Taipei").status_code == 302
    assert User.objects.get(email="new@example.org").timezone == "Asia/Taipei"


def test_an_old_name_a_browser_may_report_is_kept(client):
    # Chromium reports "Asia/Calcutta" in India: still a zone of the tz database.
    assert sign_up(client, timezone="Asia/Calcutta").status_code == 302
    assert User.objects.get(email="new@example.org").timezone == "Asia/Calcutta"


@pytest.mark.parametrize(
    "forged",
    ["Mars/Olympus_Mons", "", "  ", "asia/taipei", "Asia/Taipei\x00", "<script>", "x" * 5000],
)
def test_a_forged_or_unknown_zone_at_sign_up_becomes_the_campaigns_zone(client, settings, forged):
    settings.CAMPAIGN_TIME_ZONE = "Asia/Hong_Kong"
    assert sign_up(client, timezone=forged).status_code == 302
    assert User.objects.get(email="new@example.org").timezone == "Asia/Hong_Kong"


def test_no_zone_sent_at_all_becomes_the_campaigns_zone(client, settings):
    settings.CAMPAIGN_TIME_ZONE = "Europe/London"
    assert sign_up(client).status_code == 302
    assert User.objects.get(email="new@example.org").timezone == "Europe/London"


def test_the_sign_up_form_offers_the_zones_and_asks_the_browser_first(client, settings):
    settings.CAMPAIGN_TIME_ZONE = "Asia/Hong_Kong"
    html = client.get("/accounts/signup/").content.decode()
    (select,) = re.findall(r'<select name="timezone"[^>]*>', html)
    assert "data-browser-zone" in select
    # Without JavaScript the campaign's zone is chosen.
    assert selected_options(html) == ["Asia/Hong_Kong"]
    assert '<option value="Asia/Taipei">Taiwan Time</option>' in html


def test_a_sign_up_sent_back_keeps_the_chosen_zone_and_is_not_moved_by_the_browser(client):
    response = sign_up(client, timezone="Europe/Paris", password2="not the same")
    assert response.status_code == 200
    html = response.content.decode()
    (select,) = re.findall(r'<select name="timezone"[^>]*>', html)
    assert "data-browser-zone" not in select
    assert selected_options(html) == ["Europe/Paris"]


def test_the_sign_up_promise_matches_the_default_reminder_moment():
    field = VolunteerSettings._meta.get_field
    weekday = Weekday(field("reminder_weekday").default).label
    hour = field("reminder_hour").default
    promise = str(SignupForm.base_fields["timezone"].help_text)
    assert f"on {weekday} at {hour}:00 in this time zone" in promise


@pytest.mark.parametrize(
    ("language", "named"), [("en", "Taiwan Time"), ("zh-hans", "台湾时间"), ("zh-hant", "台灣時間")]
)
def test_me_names_the_volunteers_zone_as_people_do(
    volunteer_client, volunteer, defender, language, named
):
    volunteer.timezone, volunteer.language = "Asia/Taipei", language
    volunteer.save()
    page = volunteer_client.get("/me/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    week = re.search(r"\(([^)]*)\)|（([^）]*)）", page[page.index('id="week-heading"') :])
    assert named in week.group(0)
    assert "Asia/Taipei" not in page
