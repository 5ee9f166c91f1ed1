"""The public record on a 390 px phone, in each language: nothing wider than the screen,
the tables' figures in view."""

import datetime

import pytest

from campaigns.models import AccountSuspension, CensorshipDay, Post
from tests.browser.test_chinese_on_a_phone import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 390


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_record_fits_a_phone(browser, live_server, make_prisoner, language, screenshot):
    today = datetime.date.today()
    for n, platform in enumerate(Post.Platform.values):
        prisoner = make_prisoner(
            name=f"Prisoner With A Rather Long Name {n}", native_name="伊力哈木·土赫提"
        )
        CensorshipDay.objects.create(
            day=today,
            platform=platform,
            prisoner=prisoner,
            checked=12345,
            removed=678,
            suspended=90,
        )
        AccountSuspension.objects.create(platform=platform, reported_at=f"{today}T00:00Z")
    context, page = phone_page(browser, live_server, language)
    try:
        page.goto(live_server.url + "/censorship/")
        screenshot(page, f"censorship-{language}-{WIDTH}")
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
        for table in page.locator("table").all():
            box = table.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    finally:
        context.close()
