"""The public record's Atom feed of monthly figures, read as a feed reader reads it."""

import datetime

import feedparser
import pytest
import time_machine

from campaigns.models import AccountSuspension, CensorshipDay, Post

SITE = "https://campaign.example"
NOW = datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _site_and_time(settings):
    settings.SITE_URL = SITE
    with time_machine.travel(NOW, tick=False):
        yield


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed, response


@pytest.fixture
def figures(prisoner):
    rows = [
        (datetime.date(2026, 5, 3), Post.Platform.X, 10, 2, 1),
        (datetime.date(2026, 5, 9), Post.Platform.BLUESKY, 3, 0, 0),
        (datetime.date(2026, 3, 14), Post.Platform.X, 5, 1, 0),
    ]
    for when, platform, checked, removed, suspended in rows:
        CensorshipDay.objects.create(
            day=when,
            platform=platform,
            prisoner=prisoner,
            checked=checked,
            removed=removed,
            suspended=suspended,
        )
    AccountSuspension.objects.create(
        platform=Post.Platform.X, reported_at=datetime.datetime(2026, 5, 4, tzinfo=datetime.UTC)
    )


def test_one_entry_per_month_newest_first(client, figures):
    feed, response = read(client, "/feeds/censorship.atom")

    assert feed.feed.language == "en" and response["Content-Language"] == "en"
    assert feed.feed.id == "tag:campaign.example,2026:censorship/en"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "alternate": f"{SITE}/censorship/",
        "self": f"{SITE}/feeds/censorship.atom",
    }
    may, march = feed.entries
    assert may.id == "tag:campaign.example,2026:censorship/2026-05/en"
    assert may.title == (
        "May 2026: posts checked: 13, removed: 2, on suspended accounts: 1; "
        "accounts reported suspended: 1"
    )
    assert may.link == f"{SITE}/censorship/#month-2026-05"
    assert may.content[0].value.splitlines() == [
        "X (Twitter): posts checked: 10, removed: 2, on suspended accounts: 1; "
        "accounts reported suspended: 1",
        "Bluesky: posts checked: 3, removed: 0, on suspended accounts: 0; "
        "accounts reported suspended: 0",
    ]
    # Updated at the end of the month's last counted day.
    assert may.updated_parsed[:6] == (2026, 5, 10, 0, 0, 0)
    assert march.id.endswith("/2026-03/en") and march.updated_parsed[:3] == (2026, 3, 15)


@pytest.mark.parametrize(
    ("language", "month", "html_lang"),
    [("zh-hans", "2026年5月：核查帖子", "zh-Hans"), ("zh-hant", "2026年5月：核查貼文", "zh-Hant")],
)
def test_each_chinese_script_has_its_own_feed(client, figures, language, month, html_lang):
    feed, response = read(client, f"/feeds/{language}/censorship.atom")

    assert feed.feed.language == html_lang and response["Content-Language"] == language
    assert feed.entries[0].title.startswith(month)
    assert feed.entries[0].id.endswith(f"/2026-05/{language}")
    assert feed.feed.links[-1].href.endswith(f"/feeds/{language}/censorship.atom")


def test_an_empty_record_is_a_valid_empty_feed(client, db):
    feed, _ = read(client, "/feeds/censorship.atom")
    assert feed.entries == []


def test_the_page_announces_its_feed_in_its_language(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    html = client.get("/censorship/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/zh-hant/censorship.atom"' in html
