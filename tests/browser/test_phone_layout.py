"""On a phone (390 and 320 px): the header's menu button stays beside the campaign's name,
a profile opens with the name (the photo a small square beside it), and /me/ shows its
prisoner as a 96 px square, not a photo stretched a screen tall. Screenshots are saved in
test-artifacts/ to look at."""

import pytest

from tests.conftest import defend

from .test_chinese_on_a_phone import phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", [390, 320])
def test_the_menu_button_stays_on_the_first_row(browser, live_server, width, screenshot, db):
    context = browser.new_context(viewport={"width": width, "height": 700}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        brand, toggler = _box(page, ".navbar-brand"), _box(page, ".navbar-toggler")
        assert toggler["y"] < brand["y"] + brand["height"]  # same row, not below
        assert toggler["x"] + toggler["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"header-en-{width}")
    finally:
        context.close()


def test_a_profile_and_me_show_the_name_first_and_a_small_photo(
    browser, live_server, volunteer, prisoner, screenshot
):
    defend(volunteer, prisoner)
    context, page = phone_page(browser, live_server, "en", user=volunteer)
    try:
        page.goto(live_server.url + prisoner.get_absolute_url())
        name, photo = _box(page, "h1"), _box(page, ".profile-photo img")
        assert name["y"] < 200  # the name opens the page
        assert photo["y"] < name["y"] + name["height"]  # beside it, not a screen above
        assert photo["width"] == photo["height"] == 96
        screenshot(page, "profile-en-390")

        page.goto(live_server.url + "/me/")
        thumb = _box(page, "img.photo-thumb")
        assert thumb["width"] == thumb["height"] == 96
        status = _box(page, "#week-heading")
        log = _box(page, "#log-heading")
        assert status["y"] < log["y"] < 900  # the status, then the log form, on screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "me-en-390")
    finally:
        context.close()
