"""The log form's day is today on the volunteer's own clock, on /me/ and on the email's
link page; another day is folded away, and dated at its noon in their zone."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from campaigns import tokens
from campaigns.models import Adoption, Post

# Sunday 29 Nov 2026, 23:30 UTC: already Monday 30 Nov, 07:30 in Shanghai.
LATE = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def shanghai(make_user, prisoner):
    user = make_user(timezone="Asia/Shanghai")
    Adoption.objects.create(volunteer=user, prisoner=prisoner, role="defender")
    return user


@pytest.fixture
def late():
    with time_machine.travel(LATE, tick=False):
        yield


def test_me_offers_the_volunteers_today(client, shanghai, late):
    client.force_login(shanghai)
    page = client.get("/me/")
    assert page.context["form"].initial["posted_on"] == datetime.date(2026, 11, 30)
    assert 'name="posted_on" value="2026-11-30"' in page.content.decode()


def test_a_post_of_today_counts_in_the_volunteers_new_week(client, shanghai, late, prisoner):
    client.force_login(shanghai)
    data = {"prisoner": prisoner.pk, "link": "https://x.com/a/status/1", "posted_on": "2026-11-30"}
    assert client.post("/me/posts/", data).status_code == 302
    assert Post.objects.get().posted_at == LATE
    assert "You have posted this week. Thank you!" in client.get("/me/").content.decode()


def test_another_day_is_dated_at_its_noon_in_the_volunteers_zone(client, shanghai, late, prisoner):
    client.force_login(shanghai)
    data = {"prisoner": prisoner.pk, "link": "https://x.com/a/status/1", "posted_on": "2026-11-29"}
    assert client.post("/me/posts/", data).status_code == 302
    assert Post.objects.get().posted_at == datetime.datetime(2026, 11, 29, 12, tzinfo=SHANGHAI)


def test_the_email_link_page_offers_the_volunteers_today(shanghai, late, prisoner):
    path = f"/r/post/{tokens.make(tokens.LOG_POST, shanghai, p=prisoner.pk)}/"
    page = Client().get(path)
    assert page.context["form"].initial["posted_on"] == datetime.date(2026, 11, 30)


def test_tomorrow_in_the_volunteers_zone_is_in_the_future(client, shanghai, late, prisoner):
    client.force_login(shanghai)
    data = {"prisoner": prisoner.pk, "link": "https://x.com/a/status/1", "posted_on": "2026-12-01"}
    response = client.post("/me/posts/", data)
    assert response.status_code == 400
    assert "This date is in the future." in response.content.decode()
    assert not Post.objects.exists()
