"""Sign-up proposes the browser's own time zone (issue 12.6): a browser in Taipei gets
Asia/Taipei chosen, named in the page's language, and the new account keeps it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def taipei_page(browser):
    """A page whose browser lives in Taipei and reads Traditional Chinese."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-TW", timezone_id="Asia/Taipei"
    )
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else outside.append(r.url)
        ),
    )
    yield page
    context.close()
    assert outside == [], f"requests to other origins: {outside}"


def test_the_sign_up_form_proposes_the_browsers_zone(live_server, taipei_page, screenshot):
    page = taipei_page
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Asia/Taipei"
    page.goto(live_server.url + "/accounts/signup/")
    zone = page.locator("select[name=timezone]")
    # The server chose the campaign's zone (UTC); the page's script moved it.
    expect(zone).to_have_value("Asia/Taipei")
    assert zone.evaluate("s => s.selectedOptions[0].textContent") == "台灣時間"
    assert zone.evaluate("s => s.selectedOptions[0].parentElement.label") == "常用時區"
    screenshot(page, "sign-up-time-zone-taipei")

    page.locator("input[name=display_name]").fill("梅花")
    page.locator("input[name=email]").fill("taipei@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert get_user_model().objects.get(email="taipei@example.org").timezone == "Asia/Taipei"


def test_a_zone_the_volunteer_picks_after_a_mistake_is_not_moved_back(live_server, taipei_page):
    page = taipei_page
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("select[name=timezone]").select_option("Europe/London")
    page.locator("input[name=display_name]").fill("梅花")
    page.locator("input[name=email]").fill("london@example.org")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD + " typo")
    page.locator("form button[type=submit]").last.click()
    # Sent back for the password; the zone stays the one picked, not the browser's.
    expect(page.locator(".invalid-feedback, .errorlist").first).to_be_visible()
    expect(page.locator("select[name=timezone]")).to_have_value("Europe/London")
