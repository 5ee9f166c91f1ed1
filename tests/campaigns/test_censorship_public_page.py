"""/censorship/: the public record's totals, months and prisoners, in each language."""

import datetime

import pytest
import time_machine
from django.conf import settings

from campaigns.models import AccountSuspension, CensorshipDay, Post

NOW = datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def day(prisoner, when, platform=Post.Platform.X, **counts) -> CensorshipDay:
    return CensorshipDay.objects.create(day=when, platform=platform, prisoner=prisoner, **counts)


def page(client, language="en", **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/censorship/", params)
    assert response.status_code == 200
    return response


def test_nothing_checked_yet_says_so(client, db):
    response = page(client)
    assert "Nothing has been checked yet" in response.content.decode()
    assert response.context["totals"].checked == 0
    assert response.context["months"] == []


def test_totals_sum_the_daily_rows_and_the_reported_suspensions(client, prisoner, make_prisoner):
    day(prisoner, datetime.date(2026, 5, 3), checked=10, removed=2, suspended=1)
    day(prisoner, datetime.date(2025, 1, 3), checked=5, removed=1)  # older than 12 months
    day(make_prisoner(is_published=False), datetime.date(2026, 5, 3), checked=7, removed=7)
    AccountSuspension.objects.create(platform=Post.Platform.X, reported_at=NOW)

    totals = page(client).context["totals"]

    # An unpublished prisoner is shown nowhere, so is not counted either.
    assert (totals.checked, totals.removed, totals.suspended, totals.accounts) == (15, 3, 1, 1)


def test_months_are_the_last_twelve_by_platform_newest_first(client, prisoner):
    day(prisoner, datetime.date(2026, 5, 3), checked=10, removed=2)
    day(prisoner, datetime.date(2026, 5, 9), checked=4, suspended=1)
    day(prisoner, datetime.date(2026, 5, 9), Post.Platform.BLUESKY, checked=3)
    day(prisoner, datetime.date(2025, 6, 1), checked=2, removed=1)
    day(prisoner, datetime.date(2025, 5, 31), checked=99)  # thirteen months ago
    AccountSuspension.objects.create(
        platform=Post.Platform.MASTODON,
        reported_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )

    months = page(client).context["months"]

    assert [m.month for m in months] == [datetime.date(2026, 5, 1), datetime.date(2025, 6, 1)]
    may = {
        row.platform: (row.checked, row.removed, row.suspended, row.accounts)
        for row in months[0].rows()
    }
    assert may == {"x": (14, 2, 1, 0), "bluesky": (3, 0, 0, 0), "mastodon": (0, 0, 0, 1)}


def test_months_are_named_in_the_readers_language(client, prisoner):
    day(prisoner, datetime.date(2026, 5, 3), checked=1)
    assert "May 2026" in page(client).content.decode()
    for language in ("zh-hans", "zh-hant"):
        assert "2026年5月" in page(client, language).content.decode()


def test_prisoners_with_removals_are_listed_most_first_with_their_chinese_name(
    client, prisoner, make_prisoner
):
    other = make_prisoner(name="Ding Jiaxi", native_name="丁家喜")
    quiet = make_prisoner(name="Quiet Case")
    day(prisoner, datetime.date(2026, 5, 3), checked=10, removed=1)
    day(other, datetime.date(2026, 4, 3), checked=3, removed=2, suspended=1)
    day(quiet, datetime.date(2026, 4, 3), checked=8)  # nothing removed: not listed

    response = page(client, "zh-hant")

    rows = [
        (row["prisoner"].pk, row["checked"], row["removed"])
        for row in response.context["prisoners"]
    ]
    assert rows == [(other.pk, 3, 2), (prisoner.pk, 10, 1)]
    html = response.content.decode()
    assert f'<a href="/prisoners/{other.slug}/">丁家喜</a>' in html
    uyghur = make_prisoner(name="", native_name="伊力哈木·土赫提", pinyin="Yīlìhāmù Tǔhètí")
    day(uyghur, datetime.date(2026, 4, 3), checked=1, removed=1)
    english = page(client).content.decode()
    assert f'<a href="/prisoners/{uyghur.slug}/" lang="zh">伊力哈木·土赫提</a>' in english
    assert f'<a href="/prisoners/{prisoner.slug}/">吳淦</a>' in html
    assert "Quiet Case" not in html


def test_prisoners_are_paginated(client, make_prisoner):
    for n in range(27):
        day(make_prisoner(), datetime.date(2026, 5, 3), checked=30, removed=n + 1)
    first = page(client).context
    second = page(client, page=2).context
    assert len(first["prisoners"]) == 25 and len(second["prisoners"]) == 2
    assert first["prisoners"][0]["removed"] == 27 and second["prisoners"][-1]["removed"] == 1
    assert 'href="?page=2"' in page(client).content.decode()


def test_tables_are_captioned_with_scoped_headers(client, prisoner):
    day(prisoner, datetime.date(2026, 5, 3), checked=10, removed=1)
    html = page(client).content.decode()
    assert html.count("<caption>") == 2
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert '<th scope="rowgroup" colspan="5">May 2026</th>' in html


def test_the_footer_links_to_the_record_in_every_page(client, db):
    assert 'href="/censorship/"' in client.get("/prisoners/").content.decode()
