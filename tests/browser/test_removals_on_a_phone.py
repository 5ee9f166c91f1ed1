"""The volunteer's taken-down posts and the suspended-account report on a 390 px phone,
in English and both Chinese scripts: nothing wider than the screen, the removals read
before this week's status, 0 axe-core violations and 0 errors of the Nu Html Checker
(issue 14, point 5)."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import AccountSuspension, Post
from tests.conftest import defend
from tests.standards import axe_violations, report, vnu_errors

from .test_chinese_on_a_phone import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _removed(volunteer, prisoner) -> None:
    now = timezone.now()
    common = {"volunteer": volunteer, "prisoner": prisoner, "posted_at": now}
    Post.objects.create(
        **common,
        platform="x",
        link="https://x.com/lotus/status/1861234567890123456",
        text="Free Wu Gan, held for what he wrote. " * 6,
        link_status="removed",
        link_live_at=now - datetime.timedelta(days=6),
        link_gone_at=now - datetime.timedelta(days=1),
    )
    Post.objects.create(
        **common,
        platform="bluesky",
        link="https://bsky.app/profile/lotus.bsky.social/post/3kxyzabcdefgh",
        link_status="account_suspended",
        link_live_at=now - datetime.timedelta(days=4),
        link_gone_at=now - datetime.timedelta(days=2),
    )
    Post.objects.create(
        **common,
        platform="mastodon",
        link="https://mastodon.social/@lotus/113456789012345678901234567890",
        link_status="removed",
        link_gone_at=now - datetime.timedelta(hours=3),
    )
    AccountSuspension.objects.create(volunteer=volunteer, platform="weibo", reported_at=now)


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_removals_and_the_report_fit_a_phone_and_pass_axe(
    browser, live_server, volunteer, prisoner, language, screenshot
):
    defend(volunteer, prisoner)
    _removed(volunteer, prisoner)
    context, page = phone_page(browser, live_server, language, user=volunteer)
    documents = {}
    try:
        for path in ("/me/", "/me/removed/", "/me/suspended/?platform=x"):
            page.goto(live_server.url + path)
            documents[f"{language}{path}"] = page.content()
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
            assert axe_violations(page) == [], report(axe_violations(page))
            name = path.split("?")[0].strip("/").replace("/", "-")
            screenshot(page, f"removals-{language}-{name}-390")
        page.goto(live_server.url + "/me/")
        removals = page.locator("#removals-heading").bounding_box()
        status = page.locator("#week-heading").bounding_box()
        assert removals["y"] < status["y"]
        assert page.locator(".removal").count() == 3
    finally:
        context.close()
    errors = vnu_errors(documents)
    assert errors == [], report(errors)
