"""A new person signs up, confirms from the real email, defends, logs a post."""

import datetime
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from campaigns.models import Adoption, Post
from prisoners.models import Prisoner, Status
from tests.conftest import PASSWORD
from tests.smtp import text_and_html

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_prisoners(transactional_db):
    return [
        Prisoner.objects.create(
            native_name="吴淦",
            status=Status.SENTENCED,
            detained_on=datetime.date(2015, 5, 19),
            hashtag="FreeWuGan",
            priority=2,
            is_published=True,
        ),
        Prisoner.objects.create(
            native_name="黄琦",
            status=Status.SENTENCED,
            detained_on=datetime.date(2016, 11, 28),
            priority=1,
            is_published=True,
        ),
    ]


def t(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def journey(page, live_server, smtp_server, screenshot, *, email, language, prisoner, shots):
    base = live_server.url
    page.goto(base + "/")
    if page.get_by_role("button", name="Menu").is_visible():
        page.get_by_role("button", name="Menu").click()  # a narrow window
        # Bootstrap marks the menu "show" once it has finished opening: a tap
        # while it is still sliding open is not what this test is about.
        expect(page.locator("#nav-main")).to_have_class(re.compile(r"\bshow\b"))
    if language != "en":
        with page.expect_navigation():
            page.get_by_role("button", name="简体中文").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
    before = len(smtp_server.messages)

    page.goto(base + "/accounts/signup/")
    page.locator("input[name=display_name]").fill("Plum <b>Blossom</b>")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    screenshot(page, f"{shots}-signup")
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    (message,) = smtp_server.wait_for(before + 1)[before:]
    assert message["To"] == email
    text, html = text_and_html(message)
    assert html, "the email has an HTML part"
    link = re.search(r"(http://\S+/accounts/confirm-email/\S+/)", text).group(1)
    assert link.startswith(base)
    assert link in html

    page.goto(link)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("h1")).to_contain_text("Plum <b>Blossom</b>")

    page.get_by_role("link", name=t(language, "Find me someone to defend")).first.click()
    expect(page).to_have_url(re.compile(r"/find/"))
    name = prisoner.primary_name(language)
    expect(page.locator(".prisoner-card")).to_contain_text(name)
    screenshot(page, f"{shots}-find")
    page.locator(f"form[action='/prisoners/{prisoner.slug}/defend/'] button").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("#defended-heading")).to_have_text(name)
    # No "0 weeks in a row": a streak of none is said in words.
    expect(page.locator(".streak-none")).to_have_text(
        t(language, "No post yet this week: your run of weeks starts with the next one.")
    )
    count = page.locator("[data-x-count]")
    initial = int(count.inner_text())
    page.locator("#suggested-post").fill(page.locator("#suggested-post").input_value() + " 加油")
    expect(count).to_have_text(str(initial + 1 + 4))  # a space and two CJK characters

    # The link alone: the platform is read from it; the copy of the text is folded away.
    page.locator("input[name=link]").fill(f"https://mastodon.social/@plum/{len(email)}")
    page.get_by_text(t(language, "Keep a copy of the post's text")).click()
    page.locator("textarea[name=text]").fill(f"{name} #FreeWuGan")
    page.locator("#log button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".streak")).to_have_text("1")
    expect(page.locator(".week-status")).to_contain_text(
        t(language, "You have posted this week. Thank you!")
    )
    expect(page.get_by_text(f"https://mastodon.social/@plum/{len(email)}")).to_be_visible()
    screenshot(page, f"{shots}-me")


def test_a_new_volunteer_signs_up_defends_and_logs_a_post(
    live_server, page, screenshot, smtp_server, settings, waiting_prisoners
):
    settings.SITE_URL = live_server.url
    first, _second = waiting_prisoners
    journey(
        page,
        live_server,
        smtp_server,
        screenshot,
        email="plum@example.org",
        language="en",
        prisoner=first,
        shots="volunteer-en",
    )
    assert Adoption.objects.active().get().prisoner == first
    assert Post.objects.get().platform == "mastodon"


def test_the_same_journey_in_simplified_chinese(
    live_server, browser, screenshot, smtp_server, settings, waiting_prisoners
):
    settings.SITE_URL = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    first, _second = waiting_prisoners
    journey(
        page,
        live_server,
        smtp_server,
        screenshot,
        email="meihua@example.org",
        language="zh-hans",
        prisoner=first,
        shots="volunteer-zh-hans",
    )
    (message,) = smtp_server.messages
    assert "确认" in message["Subject"] or "確認" in message["Subject"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
