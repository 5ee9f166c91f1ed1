"""The weekly act on a 390 px phone, from the reminder email to a logged post (issue 13).

The reminder is written by the real tick and sent over SMTP to a server on 127.0.0.1;
its HTML is shown as a phone's mail program shows it. "Post on X" must carry X's
intent URL with the suggested text; the log link opens a form whose link field has the
focus, so one paste and one tap log the post: two taps in all, counted here. A reload
and a second submit of the same form leave one post; an empty post is refused.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Adoption, Post, VolunteerSettings
from campaigns.outbox import schedule, send
from prisoners.models import Status
from tests.smtp import text_and_html

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
POSTED = "https://x.com/plum_writes/status/1861234567890123456"


class Taps:
    """Every tap the volunteer makes, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def tap(self, locator):
        self.count += 1
        locator.tap()


@pytest.fixture
def reminded(
    transactional_db, make_user, make_prisoner, settings, smtp_server, live_server, doorbell
):
    settings.SITE_URL = live_server.url
    volunteer = make_user(email="plum@example.org", display_name="Plum", timezone="UTC")
    prisoner = make_prisoner(
        name="Xu Zhiyong",
        native_name="许志永",
        status=Status.SENTENCED,
        detained_on=datetime.date(2020, 2, 15),
        hashtag="FreeXuZhiyong",
    )
    adoption = Adoption.objects.create(volunteer=volunteer, prisoner=prisoner, role="defender")
    Adoption.objects.filter(pk=adoption.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=8)
    )
    # Due today since midnight, wherever the day of the week falls.
    VolunteerSettings.objects.update_or_create(
        volunteer=volunteer,
        defaults={"reminder_weekday": timezone.now().isoweekday(), "reminder_hour": 0},
    )
    schedule.tick()
    # The broker's doorbell rang once the tick committed; a worker would now send the chunk.
    for ids, _countdown in doorbell:
        send.send_chunk(ids)
    (message,) = smtp_server.wait_for(1)
    _text, html = text_and_html(message)
    return volunteer, prisoner, html


def test_from_the_reminder_to_a_logged_post_in_two_taps(browser, reminded, screenshot):
    volunteer, prisoner, html = reminded
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    taps = Taps(page)
    try:
        page.set_content(html, wait_until="domcontentloaded")
        screenshot(page, "two-taps-1-email")

        # "Post on X" is a plain link to X's intent, with the suggested text filled in.
        post_on_x = page.get_by_role("link", name=re.compile("Post on X"))
        intent = urlsplit(post_on_x.get_attribute("href"))
        assert (intent.scheme, intent.netloc, intent.path) == ("https", "x.com", "/intent/post")
        text = parse_qs(intent.query)["text"][0]
        assert "#FreeXuZhiyong" in text
        assert prisoner.get_absolute_url() in text

        # Tap 1: back from X, "I posted: log it" opens the log form, the link field ready.
        log_link = page.get_by_role("link", name=re.compile("log it"))
        with page.expect_navigation():
            taps.tap(log_link)
        form_url = page.url
        expect(page.locator("input[name=link]")).to_be_focused()
        screenshot(page, "two-taps-2-form")
        # One paste, no tap: the keyboard's paste goes into the focused field.
        page.keyboard.insert_text(POSTED)
        # Tap 2: log it.
        with page.expect_navigation():
            taps.tap(page.get_by_role("button", name=re.compile("Log this post")))
        screenshot(page, "two-taps-3-logged")
        assert taps.count <= 2
        post = Post.objects.get()
        assert (post.volunteer, post.prisoner, post.link, post.platform) == (
            volunteer,
            prisoner,
            POSTED,
            "x",
        )
        # Nothing wider than the phone, a long post link included.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # A reload, and the same form sent again from the history: still one post.
        page.reload()
        expect(page.get_by_text(POSTED)).to_be_visible()
        page.go_back()
        page.wait_for_load_state()
        page.locator("input[name=link]").fill(POSTED)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Log this post")).tap()
        assert Post.objects.count() == 1

        # An empty post is refused, with a message, and nothing is made.
        page.goto(form_url)
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Log this post")).tap()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        screenshot(page, "two-taps-4-empty-refused")
        assert Post.objects.count() == 1
    finally:
        context.close()
