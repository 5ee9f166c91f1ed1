"""A demo case's profile and the defender's /me/ on a 390 px phone, in English, 简体中文 and
繁體中文 (issue 12): the case's own words in the reader's language and script, nothing
wider than the screen. A screenshot of each is saved in test-artifacts/ to look at (the
reminder email's are saved by test_emails_on_a_phone.py).
"""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from campaigns import services
from prisoners import chinese
from prisoners.models import Prisoner
from tests.conftest import reauthenticate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LANGUAGES = ("en", "zh-hans", "zh-hant")
CASE = "许志永"  # a demo case with a long summary and timeline


@pytest.fixture
def defended(transactional_db, tmp_path, volunteer) -> Prisoner:
    call_command("load_demo", "--csv", str(tmp_path / "no-list.csv"), stdout=io.StringIO())
    prisoner = Prisoner.objects.get(native_name=CASE)
    services.claim_prisoner(volunteer=volunteer, prisoner=prisoner)
    return prisoner


def phone_page(browser, live_server, language: str, user=None):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    cookies = [{"name": "django_language", "value": language, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        reauthenticate(client)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        )
    context.add_cookies(cookies)
    return context, context.new_page()


def expected_summary(prisoner: Prisoner, language: str) -> str:
    """The summary's first words as this reader should see them."""
    if language == "en":
        return prisoner.summary.split(".")[0]
    text = prisoner.summary_zh_hans.split("。")[0]
    return chinese.to_traditional(text) if language == "zh-hant" else text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_profile_and_me_read_in_the_readers_language_on_a_phone(
    browser, live_server, defended, volunteer, language, screenshot
):
    context, page = phone_page(browser, live_server, language, user=volunteer)
    try:
        page.goto(live_server.url + defended.get_absolute_url())
        assert page.evaluate("document.documentElement.lang") == language
        summary = page.locator(".prisoner-summary")
        assert expected_summary(defended, language) in summary.inner_text()
        assert summary.get_attribute("lang") is None  # the reader's language, no fallback
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"chinese-profile-{language}-390")

        page.goto(live_server.url + "/me/")
        heading = page.locator("#defended-heading").inner_text()
        assert heading == defended.primary_name(language)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"chinese-me-{language}-390")
    finally:
        context.close()
