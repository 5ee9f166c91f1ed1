"""Post in one tap from /me/ on a 390 px phone (issue 13, point 1): "Post on X" carries
the text shown; choosing another suggested text, or editing it, moves every button
(X, Bluesky, Mastodon, Telegram, Weibo) and the count with it; nothing of the platforms
is loaded. A screenshot is saved in test-artifacts/."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from campaigns.compose import x_weighted_length
from campaigns.models import Adoption, VolunteerSettings
from prisoners.models import Prisoner, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def phone(browser, live_server, make_user, transactional_db):
    volunteer = make_user(language="en", timezone="Europe/London")
    VolunteerSettings.objects.create(volunteer=volunteer, mastodon_instance="mastodon.social")
    wu_gan = Prisoner.objects.create(
        native_name="吴淦",
        status=Status.SENTENCED,
        detained_on=datetime.date(2015, 5, 19),
        hashtag="FreeWuGan",
        is_published=True,
    )
    Adoption.objects.create(volunteer=volunteer, prisoner=wu_gan, role="defender")
    client = Client()
    client.force_login(volunteer)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    outside: list[str] = []
    page = context.new_page()
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url)
    )
    page.goto(live_server.url + "/me/")
    yield page
    context.close()
    assert outside == [], outside


def buttons(page) -> dict[str, str]:
    section = page.locator("[data-post-on]")
    return {
        "x": section.locator("a.post-on-x").get_attribute("href"),
        **{
            name.lower(): section.get_by_role("link", name=name, exact=True).first.get_attribute(
                "href"
            )
            for name in ("Bluesky", "Mastodon", "Telegram", "Weibo")
        },
    }


def test_choosing_and_editing_a_text_moves_every_button(phone, screenshot):
    area = phone.locator("#suggested-post")
    shown = area.input_value()
    assert query(buttons(phone)["x"]) == {"text": shown}
    screenshot(phone, "post-on-x-390")

    # The second suggestion, chosen.
    phone.locator("details.suggestions summary").click()
    second = phone.locator("li.suggestion").nth(1)
    text = second.get_attribute("data-text")
    assert text != shown
    second.get_by_role("button", name="Use this text").click()
    expect(area).to_have_value(text)
    expect(phone.locator("[data-x-count]")).to_have_text(str(x_weighted_length(text)))
    links = buttons(phone)
    profile = text.rsplit(" ", 1)[1]
    assert query(links["x"]) == {"text": text}
    assert query(links["bluesky"]) == {"text": text}
    assert links["mastodon"].startswith("https://mastodon.social/share?")
    assert query(links["mastodon"]) == {"text": text}
    assert query(links["telegram"]) == {"url": profile, "text": text.rsplit(" ", 1)[0]}
    assert query(links["weibo"]) == {"url": profile, "title": text.rsplit(" ", 1)[0]}

    # Edited by hand: the buttons post what is in the box.
    area.fill(text + " 加油")
    assert query(buttons(phone)["x"]) == {"text": text + " 加油"}
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
