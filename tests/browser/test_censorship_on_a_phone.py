"""The organizers' censorship watch on a phone (390 px), in English and Chinese: the
dashboard's chart and table, the lists; nothing wider than the screen (the table scrolls
inside its own named region), no axe-core violation, no Nu Html Checker error.
Screenshots are saved in test-artifacts/ to look at."""

import datetime

import pytest
from django.utils import timezone

from tests.organize.censorship_rows import bump, gone_post, report
from tests.standards import axe_violations, vnu_errors

from .test_chinese_on_a_phone import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/organize/", "/organize/removals/", "/organize/suspended/", "/organize/suspended/posts/"]


@pytest.fixture
def watched(volunteer, other_volunteer, prisoner, make_prisoner):
    """Three platforms losing posts over the weeks, removals and reports to list."""
    now = timezone.now()
    other = make_prisoner(name="Ilham Tohti Abdurehim Memet")
    for weeks_ago in range(12):
        day = now.date() - datetime.timedelta(weeks=weeks_ago)
        bump(day, "x", prisoner, removed=weeks_ago % 4, suspended=weeks_ago % 2)
        bump(day, "weibo", other, removed=(weeks_ago * 7) % 5)
        bump(day, "mastodon", other, removed=1 if weeks_ago == 3 else 0)
    for days_ago in range(7):
        gone_post(
            volunteer if days_ago % 2 else other_volunteer,
            prisoner if days_ago % 3 else other,
            live_at=now - datetime.timedelta(days=days_ago + 3),
            gone_at=now - datetime.timedelta(days=days_ago),
            status="account_suspended" if days_ago == 6 else "removed",
        )
    report(volunteer, prisoner, platform="weibo", at=now - datetime.timedelta(days=1))
    report(other_volunteer, None, at=now - datetime.timedelta(days=2))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_watch_fits_a_phone_and_passes_the_checkers(
    browser, live_server, organizer, watched, language, screenshot
):
    context, page = phone_page(browser, live_server, language, user=organizer)
    found, documents = [], {}
    try:
        for path in PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            found += axe_violations(page, path)
            documents[f"{language}{path}"] = page.content()
            name = path.strip("/").replace("/", "-")
            if path == "/organize/":
                page.locator("#censorship-heading").scroll_into_view_if_needed()
                assert page.locator("#censorship-table-caption").is_visible()
            screenshot(page, f"censorship-{language}-{name}-390")
    finally:
        context.close()
    found += vnu_errors(documents)
    assert found == []
