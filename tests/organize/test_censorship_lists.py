"""The full lists behind the dashboard's censorship watch: removed posts, posts on
suspended accounts and volunteers' reports, paginated, with their totals."""

import datetime

import pytest

from .censorship_rows import gone_post, many_gone_posts, report

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2026, 6, 1, tzinfo=UTC)


def test_removals_are_paginated_latest_first_with_their_total(org, volunteer, prisoner):
    many_gone_posts(volunteer, prisoner, 51)
    newest = gone_post(volunteer, prisoner, gone_at=START)
    gone_post(volunteer, prisoner, gone_at=START, status="account_suspended")

    first = org.get("/organize/removals/").content.decode()
    second = org.get("/organize/removals/?page=2").content.decode()

    assert "52 posts found removed, the latest found first." in first
    assert first.count('class="list-group-item"') == 50
    assert newest.link in first and "Page 1 of 2" in first
    assert second.count('class="list-group-item"') == 2


def test_one_post_is_said_in_the_singular(org, volunteer, prisoner):
    gone_post(volunteer, prisoner, gone_at=START)
    gone_post(volunteer, prisoner, gone_at=START, status="account_suspended")
    assert "1 post found removed, the latest" in org.get("/organize/removals/").content.decode()
    assert "1 post found on a suspended account, the latest" in (
        org.get("/organize/suspended/posts/").content.decode()
    )


def test_posts_on_suspended_accounts_are_listed_apart(org, volunteer, prisoner):
    removed = gone_post(volunteer, prisoner, gone_at=START)
    on_suspended = [
        gone_post(volunteer, prisoner, gone_at=START + n * DAY, status="account_suspended")
        for n in range(2)
    ]
    html = org.get("/organize/suspended/posts/").content.decode()
    assert "2 posts found on suspended accounts" in html
    assert html.index(on_suspended[1].link) < html.index(on_suspended[0].link)
    assert removed.link not in html


def test_reports_are_paginated_newest_first(org, volunteer, other_volunteer, prisoner):
    for n in range(50):
        report(volunteer, prisoner, at=START + n * datetime.timedelta(minutes=1))
    report(other_volunteer, None, platform="weibo", at=START + DAY)

    first = org.get("/organize/suspended/").content.decode()
    second = org.get("/organize/suspended/?page=2").content.decode()

    assert "51 accounts reported suspended by their volunteers" in first
    assert first.index("Bamboo") < first.index("Lotus")
    assert first.count('class="list-group-item"') == 50
    assert second.count('class="list-group-item"') == 1 and "Lotus" in second
    assert "Bamboo" not in second


@pytest.mark.parametrize(
    ("url", "nothing"),
    [
        ("/organize/removals/", "No post has been found removed."),
        ("/organize/suspended/posts/", "No post has been found on a suspended account."),
        ("/organize/suspended/", "No volunteer has reported a suspended account."),
    ],
)
def test_empty_lists_say_so_in_words(org, url, nothing):
    html = org.get(url).content.decode()
    assert nothing in html
    assert " 0 " not in html.split("<main", 1)[1]
